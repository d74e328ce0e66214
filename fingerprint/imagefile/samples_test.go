package imagefile

import (
	"bytes"
	"encoding/binary"
	"flag"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/bmp"
)

var update = flag.Bool("update", false, "rewrite the sample files in testdata/")

// picture returns a deterministic w x h test picture.
func picture(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255}
			if dx, dy := x-w/3, y-h/2; dx*dx+dy*dy < h*h/9 {
				c = color.NRGBA{30, 20, 60, 255}
			}
			if x > w*2/3 && x < w*3/4 {
				c = color.NRGBA{240, 240, 200, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// bitWriter writes a VP8L bit stream, least significant bit first.
type bitWriter struct {
	buf   []byte
	acc   uint64
	nbits uint
}

func (w *bitWriter) write(v uint64, n uint) {
	w.acc |= v << w.nbits
	w.nbits += n
	for w.nbits >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.nbits -= 8
	}
}

func (w *bitWriter) bytes() []byte {
	if w.nbits > 0 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc, w.nbits = 0, 0
	}
	return w.buf
}

// losslessWebP encodes a two-colour w x h lossless WebP (VP8L): green is
// g0 where bit(x, y) is false and g1 where it is true (g0 < g1); red, blue
// and alpha are constant. Each prefix code is a "simple" code, so a pixel
// costs one bit. No WebP encoder exists in the standard library or x/image.
func losslessWebP(w, h int, r, g0, g1, b uint8, bit func(x, y int) bool) []byte {
	var bw bitWriter
	bw.write(0x2f, 8)
	bw.write(uint64(w-1), 14)
	bw.write(uint64(h-1), 14)
	bw.write(0, 1) // alpha hint
	bw.write(0, 3) // version
	bw.write(0, 1) // no transform
	bw.write(0, 1) // no colour cache
	bw.write(0, 1) // no meta prefix codes
	// Green: simple code, two 8-bit symbols.
	bw.write(1, 1)
	bw.write(1, 1)
	bw.write(1, 1)
	bw.write(uint64(g0), 8)
	bw.write(uint64(g1), 8)
	for _, v := range []uint8{r, b, 255} { // red, blue, alpha: one 8-bit symbol
		bw.write(1, 1)
		bw.write(0, 1)
		bw.write(1, 1)
		bw.write(uint64(v), 8)
	}
	// Distance: one 1-bit symbol, 0.
	bw.write(1, 1)
	bw.write(0, 1)
	bw.write(0, 1)
	bw.write(0, 1)
	for y := range h {
		for x := range w {
			if bit(x, y) {
				bw.write(1, 1)
			} else {
				bw.write(0, 1)
			}
		}
	}
	payload := bw.bytes()
	var out bytes.Buffer
	padded := len(payload) + len(payload)&1
	out.WriteString("RIFF")
	binary.Write(&out, binary.LittleEndian, uint32(4+8+padded))
	out.WriteString("WEBPVP8L")
	binary.Write(&out, binary.LittleEndian, uint32(len(payload)))
	out.Write(payload)
	if len(payload)&1 == 1 {
		out.WriteByte(0)
	}
	return out.Bytes()
}

// makeSamples encodes the sample files: one picture in every supported
// format, and a two-frame GIF whose frames differ.
func makeSamples(t testing.TB) map[string][]byte {
	const w, h = 96, 64
	pic := picture(w, h)
	out := map[string][]byte{}
	var buf bytes.Buffer
	if err := png.Encode(&buf, pic); err != nil {
		t.Fatal(err)
	}
	out["sample.png"] = bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := jpeg.Encode(&buf, pic, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	out["sample.jpg"] = bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := bmp.Encode(&buf, pic); err != nil {
		t.Fatal(err)
	}
	out["sample.bmp"] = bytes.Clone(buf.Bytes())
	buf.Reset()
	pal := color.Palette{color.Black, color.White, color.RGBA{200, 30, 30, 255}, color.RGBA{30, 30, 200, 255}}
	frame := func(shift int) *image.Paletted {
		p := image.NewPaletted(image.Rect(0, 0, w, h), pal)
		for y := range h {
			for x := range w {
				p.SetColorIndex(x, y, uint8(((x+shift)/8+y/8)%4))
			}
		}
		return p
	}
	if err := gif.EncodeAll(&buf, &gif.GIF{Image: []*image.Paletted{frame(0), frame(13)}, Delay: []int{10, 10}}); err != nil {
		t.Fatal(err)
	}
	out["sample.gif"] = bytes.Clone(buf.Bytes())
	out["sample.webp"] = losslessWebP(w, h, 100, 40, 220, 60, func(x, y int) bool {
		dx, dy := x-w/3, y-h/2
		return dx*dx+dy*dy < h*h/9 || (x/12+y/12)%2 == 0
	})
	return out
}

// TestSamples checks the committed samples exist (rewrite them with
// go test -run TestSamples -update).
func TestSamples(t *testing.T) {
	gen := makeSamples(t)
	for name, data := range gen {
		p := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%v (create with -update)", err)
		}
	}
}

// readSample returns a committed sample file.
func readSample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
