package pdq

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
)

func fillRandom(r *rand.Rand, b []byte) {
	for i := range b {
		b[i] = byte(r.Uint32())
	}
}

// fastPathImages returns one image of every type with a fast path, with
// random pixels (premultiplied types included, whatever their invariants)
// and the given bounds.
func fastPathImages(r *rand.Rand, rect image.Rectangle) map[string]image.Image {
	m := map[string]image.Image{}
	g := image.NewGray(rect)
	fillRandom(r, g.Pix)
	m["Gray"] = g
	g16 := image.NewGray16(rect)
	fillRandom(r, g16.Pix)
	m["Gray16"] = g16
	rgba := image.NewRGBA(rect)
	fillRandom(r, rgba.Pix)
	for i := 3; i < len(rgba.Pix); i += 16 {
		rgba.Pix[i] = 0xff // some opaque pixels for the fast branch
	}
	m["RGBA"] = rgba
	nrgba := image.NewNRGBA(rect)
	fillRandom(r, nrgba.Pix)
	m["NRGBA"] = nrgba
	rgba64 := image.NewRGBA64(rect)
	fillRandom(r, rgba64.Pix)
	for i := 6; i < len(rgba64.Pix); i += 24 {
		rgba64.Pix[i], rgba64.Pix[i+1] = 0xff, 0xff
	}
	m["RGBA64"] = rgba64
	nrgba64 := image.NewNRGBA64(rect)
	fillRandom(r, nrgba64.Pix)
	m["NRGBA64"] = nrgba64
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422,
		image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410} {
		y := image.NewYCbCr(rect, ratio)
		fillRandom(r, y.Y)
		fillRandom(r, y.Cb)
		fillRandom(r, y.Cr)
		m["YCbCr"+ratio.String()] = y
	}
	a := image.NewNYCbCrA(rect, image.YCbCrSubsampleRatio420)
	fillRandom(r, a.Y)
	fillRandom(r, a.Cb)
	fillRandom(r, a.Cr)
	fillRandom(r, a.A)
	m["NYCbCrA"] = a
	pal := make(color.Palette, 200)
	for i := range pal {
		c := r.Uint32()
		if i%2 == 0 {
			pal[i] = color.RGBA{uint8(c), uint8(c >> 8), uint8(c >> 16), 255}
		} else {
			pal[i] = color.NRGBA{uint8(c), uint8(c >> 8), uint8(c >> 16), uint8(c >> 24)}
		}
	}
	p := image.NewPaletted(rect, pal)
	for i := range p.Pix {
		p.Pix[i] = uint8(r.IntN(len(pal)))
	}
	m["Paletted"] = p
	cmyk := image.NewCMYK(rect)
	fillRandom(r, cmyk.Pix)
	m["CMYK"] = cmyk
	return m
}

// TestFastPathsMatchGeneric compares, for every fast path, the luma of
// every row and the hashes in both modes with the generic At path, on
// random pixels, at bounds with odd and negative origins.
func TestFastPathsMatchGeneric(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	rects := []image.Rectangle{
		image.Rect(0, 0, 37, 29),
		image.Rect(-3, -5, 70, 41),
		image.Rect(1, 3, 90, 66),
		image.Rect(5, 7, 530, 90), // squashed in Squash512
	}
	if testing.Short() {
		rects = rects[:3]
	}
	for _, rect := range rects {
		for name, img := range fastPathImages(r, rect) {
			t.Run(fmt.Sprintf("%s/%v", name, rect), func(t *testing.T) {
				var fast, generic source
				fast.setImage(img, FullResolution)
				generic.setImage(opaqueOnly{img}, FullResolution)
				a := make([]float32, rect.Dx())
				b := make([]float32, rect.Dx())
				for y := rect.Min.Y; y < rect.Max.Y; y++ {
					fast.lumaRow(y, a)
					generic.lumaRow(y, b)
					for x := range a {
						if math.Float32bits(a[x]) != math.Float32bits(b[x]) {
							t.Fatalf("luma at (%d,%d): fast %v, generic %v (%#v)", rect.Min.X+x, y, a[x], b[x], img.At(rect.Min.X+x, y))
						}
					}
				}
				for _, mode := range []Mode{FullResolution, Squash512} {
					h := NewHasher(WithMode(mode))
					h1, q1, err1 := h.Dihedral(img)
					h2, q2, err2 := h.Dihedral(opaqueOnly{img})
					if err1 != nil || err2 != nil || h1 != h2 || q1 != q2 {
						t.Errorf("%v: Dihedral fast %v %d %v, generic %v %d %v", mode, h1[0], q1, err1, h2[0], q2, err2)
					}
				}
			})
		}
	}
}

// TestPalettedOutOfRange checks that indices beyond the palette (which
// (*image.Paletted).At would panic on) read as black instead of panicking.
func TestPalettedOutOfRange(t *testing.T) {
	p := image.NewPaletted(image.Rect(0, 0, 20, 20), color.Palette{color.White})
	for i := range p.Pix {
		p.Pix[i] = uint8(i % 3) // 1 and 2 are out of range
	}
	hp, _, err := Sum(p)
	if err != nil {
		t.Fatal(err)
	}
	g := image.NewGray(p.Rect)
	for i := range g.Pix {
		if i%3 == 0 {
			g.Pix[i] = 255
		}
	}
	// White is 255 on both paths; black is 0: the luma planes are equal.
	hg, _, _ := Sum(g)
	if hp != hg {
		t.Errorf("out-of-range palette indices: hash %v, want black pixels' %v", hp, hg)
	}
}

func TestTooSmall(t *testing.T) {
	for _, r := range []image.Rectangle{image.Rect(0, 0, 4, 100), image.Rect(0, 0, 100, 4), image.Rect(0, 0, 0, 0), image.Rect(3, 3, 2, 2)} {
		_, q, err := Sum(image.NewGray(r))
		if !errors.Is(err, ErrTooSmall) || q != 0 {
			t.Errorf("Sum(%v) = quality %d, error %v; want ErrTooSmall", r, q, err)
		}
		if _, _, err := Dihedral(image.NewGray(r)); !errors.Is(err, ErrTooSmall) {
			t.Errorf("Dihedral(%v) error %v; want ErrTooSmall", r, err)
		}
	}
	if _, _, err := Sum(nil); !errors.Is(err, ErrTooSmall) {
		t.Errorf("Sum(nil) error %v, want ErrTooSmall", err)
	}
	if _, _, err := Dihedral(nil); !errors.Is(err, ErrTooSmall) {
		t.Errorf("Dihedral(nil) error %v, want ErrTooSmall", err)
	}
	if _, _, err := Sum(testImage(5, 5, 1)); err != nil {
		t.Errorf("Sum(5x5) error %v", err)
	}
}

// TestFlatImageQuality checks that a flat image has quality 0, below
// MinQuality, and a structured one at least MinQuality.
func TestFlatImageQuality(t *testing.T) {
	flat := image.NewGray(image.Rect(0, 0, 100, 80))
	for i := range flat.Pix {
		flat.Pix[i] = 128
	}
	if _, q, err := Sum(flat); err != nil || q != 0 {
		t.Errorf("Sum(flat) quality %d, error %v; want 0", q, err)
	}
	if _, q, err := Sum(testImage(300, 200, 1)); err != nil || q < MinQuality {
		t.Errorf("Sum(testImage) quality %d, error %v; want >= MinQuality", q, err)
	}
}

func TestSumLuma(t *testing.T) {
	img := testImage(131, 77, 3)
	g := image.NewGray(img.Bounds())
	for i := range g.Pix {
		g.Pix[i] = img.Pix[4*i+1]
	}
	luma := make([]float32, len(g.Pix))
	for i, v := range g.Pix {
		luma[i] = float32(v)
	}
	for _, mode := range []Mode{FullResolution, Squash512} {
		h := NewHasher(WithMode(mode))
		want, wq, _ := h.Sum(g)
		got, q, err := h.SumLuma(luma, 131, 77)
		if err != nil || got != want || q != wq {
			t.Errorf("%v: SumLuma = %v %d %v, want Sum(gray) %v %d", mode, got, q, err, want, wq)
		}
		wd, _, _ := h.Dihedral(g)
		gd, _, err := h.DihedralLuma(luma, 131, 77)
		if err != nil || gd != wd {
			t.Errorf("%v: DihedralLuma differs from Dihedral(gray)", mode)
		}
	}
	h := NewHasher()
	for _, c := range []struct {
		luma []float32
		w, h int
	}{
		{luma, 130, 77},
		{luma, -131, -77},
		{[]float32{float32(math.NaN()), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 5, 5},
		{append(make([]float32, 24), float32(math.Inf(1))), 5, 5},
		{append(make([]float32, 24), 3e38), 5, 5},
	} {
		if _, _, err := h.SumLuma(c.luma, c.w, c.h); !errors.Is(err, ErrInvalidLuma) {
			t.Errorf("SumLuma(len %d, %dx%d) error %v, want ErrInvalidLuma", len(c.luma), c.w, c.h, err)
		}
	}
	// SumLuma must not modify its input (the reference's function does).
	before := append([]float32(nil), luma...)
	h.SumLuma(luma, 131, 77)
	for i := range luma {
		if luma[i] != before[i] {
			t.Fatal("SumLuma modified its input")
		}
	}
}

// TestSquash512 checks the squash against an explicit nearest-neighbour
// resize (source pixel floor(x*W/512), CImg's mapping) hashed at full
// resolution, and that images within 512x512 are not resized.
func TestSquash512(t *testing.T) {
	sq := NewHasher(WithMode(Squash512))
	full := NewHasher()
	for _, sz := range [][2]int{{600, 300}, {513, 513}, {100, 900}, {1030, 777}} {
		src := testImage(sz[0], sz[1], 4)
		dst := image.NewNRGBA(image.Rect(0, 0, 512, 512))
		for y := range 512 {
			for x := range 512 {
				dst.SetNRGBA(x, y, src.NRGBAAt(x*sz[0]/512, y*sz[1]/512))
			}
		}
		got, q, err := sq.Sum(src)
		want, wq, _ := full.Sum(dst)
		if err != nil || got != want || q != wq {
			t.Errorf("%dx%d: Squash512 = %v %d %v, want full-resolution hash of the 512x512 resize %v %d", sz[0], sz[1], got, q, err, want, wq)
		}
	}
	// The command squashes even a thin image, which full resolution cannot
	// hash.
	thin := testImage(600, 3, 8)
	if _, _, err := sq.Sum(thin); err != nil {
		t.Errorf("Squash512 600x3: %v", err)
	}
	if _, _, err := full.Sum(thin); !errors.Is(err, ErrTooSmall) {
		t.Errorf("FullResolution 600x3: error %v, want ErrTooSmall", err)
	}
	small := testImage(512, 300, 5)
	a, _, _ := sq.Sum(small)
	b, _, _ := full.Sum(small)
	if a != b {
		t.Errorf("512x300: Squash512 %v differs from full resolution %v", a, b)
	}
}

// TestDihedralApproximatesTransforms checks each dihedral variant against
// the hash of the actually transformed image: not equal in general (the
// blur and sampling grid do not commute with the transforms), but close.
func TestDihedralApproximatesTransforms(t *testing.T) {
	src := testImage(320, 240, 6)
	w, h := 320, 240
	transforms := [8]func(x, y int) (int, int, bool){ // output size swapped when the bool is true
		Original:   func(x, y int) (int, int, bool) { return x, y, false },
		Rotate90:   func(x, y int) (int, int, bool) { return y, w - 1 - x, true },
		Rotate180:  func(x, y int) (int, int, bool) { return w - 1 - x, h - 1 - y, false },
		Rotate270:  func(x, y int) (int, int, bool) { return h - 1 - y, x, true },
		FlipX:      func(x, y int) (int, int, bool) { return x, h - 1 - y, false },
		FlipY:      func(x, y int) (int, int, bool) { return w - 1 - x, y, false },
		FlipPlus1:  func(x, y int) (int, int, bool) { return y, x, true },
		FlipMinus1: func(x, y int) (int, int, bool) { return h - 1 - y, w - 1 - x, true },
	}
	d, _, err := Dihedral(src)
	if err != nil {
		t.Fatal(err)
	}
	s, _, _ := Sum(src)
	if d[Original] != s {
		t.Errorf("Dihedral[Original] = %v, Sum = %v", d[Original], s)
	}
	for o, f := range transforms {
		_, _, swap := f(0, 0)
		ow, oh := w, h
		if swap {
			ow, oh = h, w
		}
		dst := image.NewNRGBA(image.Rect(0, 0, ow, oh))
		for y := range h {
			for x := range w {
				nx, ny, _ := f(x, y)
				dst.SetNRGBA(nx, ny, src.NRGBAAt(x, y))
			}
		}
		got, _, _ := Sum(dst)
		if dist := got.Distance(d[o]); dist > MatchThreshold {
			t.Errorf("%v: hash of transformed image is %d bits from the dihedral variant", Orientation(o), dist)
		}
	}
}

// Test64x64Shortcut checks the reference's no-blur path: Sum of a 64x64
// image hashes the luma directly, Dihedral blurs it (window 1).
func Test64x64Shortcut(t *testing.T) {
	img := testImage(64, 64, 7)
	h := NewHasher()
	if _, _, err := h.Sum(img); err != nil {
		t.Fatal(err)
	}
	var src source
	src.setImage(img, FullResolution)
	buf := make([]float32, 64)
	for i := range 64 {
		row := src.row(i, buf)
		for j := range 64 {
			if h.dct.a[i][j] != row[j] {
				t.Fatalf("64x64 Sum: a[%d][%d] = %v, want the luma %v", i, j, h.dct.a[i][j], row[j])
			}
		}
	}
	if _, _, err := h.Dihedral(img); err != nil {
		t.Fatal(err)
	}
	same := true
	for i := range 64 {
		row := src.row(i, buf)
		for j := range 64 {
			same = same && h.dct.a[i][j] == row[j]
		}
	}
	if same {
		t.Error("64x64 Dihedral did not blur (the reference's dihedral entry point has no shortcut)")
	}
}

func TestNewHasherInvalidMode(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("NewHasher(WithMode(7)) did not panic")
		}
	}()
	NewHasher(WithMode(Mode(7)))
}

// TestZeroAllocs checks that a warmed-up Hasher allocates nothing per image,
// for every fast path and entry point.
func TestZeroAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	imgs := fastPathImages(r, image.Rect(0, 0, 150, 100))
	for _, mode := range []Mode{FullResolution, Squash512} {
		h := NewHasher(WithMode(mode))
		big := testImage(700, 100, 1)
		h.Sum(big) // warm up at the largest width
		for name, img := range imgs {
			if n := testing.AllocsPerRun(2, func() { h.Sum(img) }); n != 0 {
				t.Errorf("%v Sum(%s) allocates %v times", mode, name, n)
			}
			if n := testing.AllocsPerRun(2, func() { h.Dihedral(img) }); n != 0 {
				t.Errorf("%v Dihedral(%s) allocates %v times", mode, name, n)
			}
		}
		if n := testing.AllocsPerRun(2, func() { h.Sum(big) }); n != 0 {
			t.Errorf("%v Sum(700x100) allocates %v times", mode, n)
		}
		luma := make([]float32, 300*200)
		if n := testing.AllocsPerRun(2, func() { h.SumLuma(luma, 300, 200) }); n != 0 {
			t.Errorf("%v SumLuma allocates %v times", mode, n)
		}
	}
}

// TestConcurrentSum checks the package-level functions from many
// goroutines (run with -race).
func TestConcurrentSum(t *testing.T) {
	imgs := []image.Image{testImage(100, 80, 1), testImage(60, 90, 2), testImage(64, 64, 3)}
	var want []Hash
	for _, img := range imgs {
		h, _, err := NewHasher().Sum(img)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, h)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 3 {
				k := (g + i) % len(imgs)
				got, _, err := Sum(imgs[k])
				if err != nil || got != want[k] {
					t.Errorf("goroutine %d: Sum(image %d) = %v, %v; want %v", g, k, got, err, want[k])
				}
				d, _, err := Dihedral(imgs[k])
				if err != nil || (k != 2 && d[Original] != want[k]) {
					t.Errorf("goroutine %d: Dihedral(image %d)[0] = %v, %v", g, k, d[Original], err)
				}
			}
		})
	}
	wg.Wait()
}
