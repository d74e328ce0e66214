package pdq

import (
	"image"
	"image/color"
)

// testImage returns a deterministic w x h picture made with integer
// arithmetic only (so it is the same on every platform): colour gradients,
// a few rectangles and a disc, and 3-bit noise from a xorshift generator
// seeded by seed. Its quality is well above MinQuality at most sizes.
func testImage(w, h int, seed uint64) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	s := seed*0x9e3779b97f4a7c15 | 1
	next := func() uint64 {
		s ^= s << 13
		s ^= s >> 7
		s ^= s << 17
		return s
	}
	type box struct {
		x0, y0, x1, y1 int
		c              color.NRGBA
	}
	var boxes []box
	for range 6 {
		x0, y0 := int(next()%uint64(w)), int(next()%uint64(h))
		bw, bh := 1+int(next()%uint64(w/2+1)), 1+int(next()%uint64(h/2+1))
		v := next()
		boxes = append(boxes, box{x0, y0, x0 + bw, y0 + bh, color.NRGBA{uint8(v), uint8(v >> 8), uint8(v >> 16), 255}})
	}
	cx, cy, cr := w/3, h/2, min(w, h)/4
	for y := range h {
		for x := range w {
			c := color.NRGBA{
				R: uint8(x * 255 / max(w-1, 1)),
				G: uint8(y * 255 / max(h-1, 1)),
				B: uint8((x + y) * 127 / max(w+h-2, 1)),
				A: 255,
			}
			for _, b := range boxes {
				if x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1 {
					c = b.c
				}
			}
			if dx, dy := x-cx, y-cy; dx*dx+dy*dy <= cr*cr {
				c = color.NRGBA{R: 255 - c.R, G: 255 - c.G, B: c.B / 2, A: 255}
			}
			n := uint8(next() & 7)
			c.R = addClamp(c.R, n)
			c.G = addClamp(c.G, n)
			c.B = addClamp(c.B, n)
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func addClamp(a, b uint8) uint8 {
	if int(a)+int(b) > 255 {
		return 255
	}
	return a + b
}

// opaqueOnly is an image wrapper that hides the concrete type, forcing the
// generic At path, while keeping the colour model.
type opaqueOnly struct{ image.Image }

// toYCbCr converts img to a YCbCr image with the given subsampling, the way
// a JPEG decoder would hand it over.
func toYCbCr(img image.Image, ratio image.YCbCrSubsampleRatio) *image.YCbCr {
	b := img.Bounds()
	out := image.NewYCbCr(b, ratio)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bb, _ := img.At(x, y).RGBA()
			yy, cb, cr := color.RGBToYCbCr(uint8(r>>8), uint8(g>>8), uint8(bb>>8))
			out.Y[out.YOffset(x, y)] = yy
			ci := out.COffset(x, y)
			out.Cb[ci] = cb
			out.Cr[ci] = cr
		}
	}
	return out
}

// toPaletted maps img onto a 256-colour palette (a 6x7x6 colour cube) with
// nearest-colour quantisation, no dithering.
func toPaletted(img image.Image) *image.Paletted {
	var pal color.Palette
	for r := range 6 {
		for g := range 7 {
			for b := range 6 {
				pal = append(pal, color.RGBA{uint8(r * 51), uint8(g * 42), uint8(b * 51), 255})
			}
		}
	}
	for len(pal) < 256 {
		v := uint8(len(pal))
		pal = append(pal, color.NRGBA{v, v, v, 128})
	}
	out := image.NewPaletted(img.Bounds(), pal)
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bb, _ := img.At(x, y).RGBA()
			i := (int(r>>8)+25)/51*42 + (int(g>>8)+21)/42*6 + (int(bb>>8)+25)/51
			out.Pix[out.PixOffset(x, y)] = uint8(i)
		}
	}
	return out
}
