package pdq

import (
	"errors"
	"image"
	"image/color"
	"math/rand/v2"
	"strings"
	"testing"
)

// FuzzParseHex: ParseHex accepts exactly 64 hex digits, and a parsed hash
// prints back as the lower-cased input.
func FuzzParseHex(f *testing.F) {
	f.Add("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22")
	f.Add(strings.Repeat("F", 64))
	f.Add("")
	f.Add(strings.Repeat("0", 63) + "x")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHex(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidHex) {
				t.Fatalf("ParseHex(%q) error %v wraps no ErrInvalidHex", s, err)
			}
			return
		}
		if h.String() != strings.ToLower(s) {
			t.Fatalf("ParseHex(%q).String() = %s", s, h.String())
		}
	})
}

// FuzzFastPaths builds an image of a fuzzer-chosen type, size, origin and
// pixels, and checks that the fast path and the generic At path give the
// same hashes in both modes, and that hashing never panics.
func FuzzFastPaths(f *testing.F) {
	f.Add(uint8(0), uint16(17), uint16(9), int8(0), int8(0), uint64(1))
	f.Add(uint8(6), uint16(64), uint16(64), int8(-3), int8(5), uint64(2))
	f.Add(uint8(8), uint16(530), uint16(20), int8(1), int8(1), uint64(3))
	f.Fuzz(func(t *testing.T, kind uint8, w, h uint16, x0, y0 int8, seed uint64) {
		w, h = w%600, h%600
		rect := image.Rect(int(x0), int(y0), int(x0)+int(w), int(y0)+int(h))
		r := rand.New(rand.NewPCG(seed, 1))
		var img image.Image
		switch kind % 10 {
		case 0:
			m := image.NewGray(rect)
			fillRandom(r, m.Pix)
			img = m
		case 1:
			m := image.NewGray16(rect)
			fillRandom(r, m.Pix)
			img = m
		case 2:
			m := image.NewRGBA(rect)
			fillRandom(r, m.Pix)
			img = m
		case 3:
			m := image.NewNRGBA(rect)
			fillRandom(r, m.Pix)
			img = m
		case 4:
			m := image.NewRGBA64(rect)
			fillRandom(r, m.Pix)
			img = m
		case 5:
			m := image.NewNRGBA64(rect)
			fillRandom(r, m.Pix)
			img = m
		case 6, 7:
			m := image.NewYCbCr(rect, image.YCbCrSubsampleRatio(seed%6))
			fillRandom(r, m.Y)
			fillRandom(r, m.Cb)
			fillRandom(r, m.Cr)
			img = m
		case 8:
			pal := make(color.Palette, 1+seed%256)
			for i := range pal {
				c := r.Uint32()
				pal[i] = color.NRGBA{uint8(c), uint8(c >> 8), uint8(c >> 16), uint8(c >> 24)}
			}
			m := image.NewPaletted(rect, pal)
			for i := range m.Pix {
				m.Pix[i] = uint8(r.IntN(len(pal)))
			}
			img = m
		case 9:
			m := image.NewCMYK(rect)
			fillRandom(r, m.Pix)
			img = m
		}
		for _, mode := range []Mode{FullResolution, Squash512} {
			hs := NewHasher(WithMode(mode))
			a, qa, errA := hs.Dihedral(img)
			b, qb, errB, panicked := genericDihedral(hs, img)
			if panicked {
				// (*image.YCbCr).At itself panics on some negative origins;
				// the fast path clamps and must merely not panic.
				if _, ok := img.(*image.YCbCr); ok && (x0 < 0 || y0 < 0) {
					continue
				}
				t.Fatalf("%T %v: generic path panicked", img, rect)
			}
			if (errA == nil) != (errB == nil) || a != b || qa != qb {
				t.Fatalf("%T %v %v: fast %v %d %v, generic %v %d %v", img, rect, mode, a[0], qa, errA, b[0], qb, errB)
			}
			if errA != nil && !errors.Is(errA, ErrTooSmall) {
				t.Fatalf("%T %v: %v", img, rect, errA)
			}
		}
	})
}

// genericDihedral hashes img through the generic At path, reporting a
// panic of img's At method instead of propagating it.
func genericDihedral(h *Hasher, img image.Image) (d [8]Hash, q int, err error, panicked bool) {
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	d, q, err = h.Dihedral(opaqueOnly{img})
	return d, q, err, false
}
