package main

import (
	"image"
	"image/color"
	"math"
)

// canvas is a float RGB raster; shapes are drawn with 4x4 supersampled
// coverage so edges are smooth and the output is the same on every platform
// (only integer and IEEE float arithmetic, no library resampling).
type canvas struct {
	w, h int
	pix  []float64 // r, g, b in [0, 255]
}

func newCanvas(w, h int) *canvas { return &canvas{w: w, h: h, pix: make([]float64, 3*w*h)} }

type rgb struct{ r, g, b float64 }

func (c *canvas) set(x, y int, col rgb, a float64) {
	i := 3 * (y*c.w + x)
	c.pix[i] += (col.r - c.pix[i]) * a
	c.pix[i+1] += (col.g - c.pix[i+1]) * a
	c.pix[i+2] += (col.b - c.pix[i+2]) * a
}

// gradient fills the canvas from top to bottom colour, tilted by slant
// (0 = vertical gradient, 1 = diagonal).
func (c *canvas) gradient(top, bottom rgb, slant float64) {
	for y := 0; y < c.h; y++ {
		for x := 0; x < c.w; x++ {
			t := (float64(y)/float64(c.h-1) + slant*float64(x)/float64(c.w-1)) / (1 + slant)
			c.set(x, y, rgb{top.r + (bottom.r-top.r)*t, top.g + (bottom.g-top.g)*t, top.b + (bottom.b-top.b)*t}, 1)
		}
	}
}

// fill paints every pixel whose supersampled points satisfy inside.
func (c *canvas) fill(col rgb, x0, y0, x1, y1 int, inside func(x, y float64) bool) {
	x0, y0 = max(x0, 0), max(y0, 0)
	x1, y1 = min(x1, c.w), min(y1, c.h)
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			n := 0
			for sy := 0; sy < 4; sy++ {
				for sx := 0; sx < 4; sx++ {
					if inside(float64(x)+(float64(sx)+0.5)/4, float64(y)+(float64(sy)+0.5)/4) {
						n++
					}
				}
			}
			if n > 0 {
				c.set(x, y, col, float64(n)/16)
			}
		}
	}
}

func (c *canvas) circle(col rgb, cx, cy, r float64) {
	c.fill(col, int(cx-r)-1, int(cy-r)-1, int(cx+r)+2, int(cy+r)+2, func(x, y float64) bool {
		return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
	})
}

func (c *canvas) rect(col rgb, x0, y0, x1, y1 int) {
	c.fill(col, x0, y0, x1, y1, func(x, y float64) bool { return true })
}

// triangle fills the triangle (ax,ay), (bx,by), (cx,cy).
func (c *canvas) triangle(col rgb, ax, ay, bx, by, cx, cy float64) {
	side := func(px, py, qx, qy, x, y float64) float64 { return (qx-px)*(y-py) - (qy-py)*(x-px) }
	c.fill(col, int(min(ax, bx, cx))-1, int(min(ay, by, cy))-1, int(max(ax, bx, cx))+2, int(max(ay, by, cy))+2,
		func(x, y float64) bool {
			d1, d2, d3 := side(ax, ay, bx, by, x, y), side(bx, by, cx, cy, x, y), side(cx, cy, ax, ay, x, y)
			return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0))
		})
}

// cypress draws a tall flame-shaped tree with its base at (cx, base).
func (c *canvas) cypress(col rgb, cx, base, height, width float64) {
	top := base - height
	c.fill(col, int(cx-width)-1, int(top)-1, int(cx+width)+2, int(base)+1, func(x, y float64) bool {
		t := (y - top) / height // 0 at the tip, 1 at the base
		if t < 0 || t > 1 {
			return false
		}
		half := width / 2 * math.Pow(t, 0.6) * (1 - 0.35*t*t)
		return math.Abs(x-cx) <= half
	})
	c.rect(rgb{70, 45, 30}, int(cx-width/12), int(base), int(cx+width/12)+1, int(base+height/14))
}

// grain adds deterministic texture in 8x8 blocks (a 32-bit xorshift, seeded)
// so the posters have some of the detail a real picture has while their PNGs
// stay small.
func (c *canvas) grain(seed uint32, amp float64) {
	s := seed | 1
	bw := (c.w + 7) / 8
	d := make([]float64, bw*((c.h+7)/8))
	for i := range d {
		s ^= s << 13
		s ^= s >> 17
		s ^= s << 5
		d[i] = (float64(s%1024)/1023 - 0.5) * 2 * amp
	}
	for y := 0; y < c.h; y++ {
		for x := 0; x < c.w; x++ {
			for k := 0; k < 3; k++ {
				c.pix[3*(y*c.w+x)+k] += d[(y/8)*bw+x/8]
			}
		}
	}
}

func (c *canvas) image() *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, c.w, c.h))
	for y := 0; y < c.h; y++ {
		for x := 0; x < c.w; x++ {
			i := 3 * (y*c.w + x)
			img.SetNRGBA(x, y, color.NRGBA{clamp(c.pix[i]), clamp(c.pix[i+1]), clamp(c.pix[i+2]), 255})
		}
	}
	return img
}

func clamp(v float64) uint8 {
	return uint8(math.Round(math.Max(0, math.Min(255, v))))
}

// posterTree: a dark cypress against a green dusk with a low sun and a banner
// of stripes: the group's "emblem" poster.
func posterTree() *image.NRGBA {
	c := newCanvas(512, 512)
	c.gradient(rgb{46, 128, 84}, rgb{12, 44, 28}, 0.2)
	c.circle(rgb{236, 196, 90}, 370, 150, 62)
	for i := 0; i < 3; i++ {
		c.rect(rgb{226, 232, 220}, 0, 22+i*26, 512, 34+i*26)
	}
	c.rect(rgb{92, 66, 40}, 0, 452, 512, 512)
	c.cypress(rgb{4, 16, 10}, 190, 452, 330, 120)
	c.cypress(rgb{10, 30, 18}, 300, 452, 180, 64)
	c.grain(1, 5)
	return c.image()
}

// posterMountains: a caravan of small shapes before three mountains under an
// orange-to-navy sky.
func posterMountains() *image.NRGBA {
	c := newCanvas(640, 400)
	c.gradient(rgb{232, 128, 52}, rgb{20, 28, 74}, 0.8)
	c.triangle(rgb{60, 58, 72}, -40, 330, 170, 90, 360, 330)
	c.triangle(rgb{88, 84, 96}, 220, 330, 430, 60, 660, 330)
	c.triangle(rgb{238, 238, 244}, 393, 102, 430, 60, 467, 102)
	c.triangle(rgb{44, 42, 52}, 420, 330, 560, 170, 700, 330)
	c.rect(rgb{150, 118, 70}, 0, 330, 640, 400)
	for i := 0; i < 7; i++ {
		x := 70 + i*74
		c.rect(rgb{40, 26, 16}, x, 340, x+34, 362)
		c.circle(rgb{40, 26, 16}, float64(x+40), 338, 9)
	}
	c.grain(2, 5)
	return c.image()
}

// garden: innocent, same theme (cypresses) laid out differently, daylight.
func garden() *image.NRGBA {
	c := newCanvas(480, 360)
	c.gradient(rgb{120, 180, 236}, rgb{210, 232, 250}, 0)
	c.rect(rgb{96, 168, 72}, 0, 250, 480, 360)
	for i := 0; i < 5; i++ {
		c.cypress(rgb{30, 96, 48}, float64(60+i*90), 262, float64(120+(i%2)*40), 40)
	}
	c.circle(rgb{250, 250, 230}, 60, 60, 30)
	c.grain(3, 5)
	return c.image()
}

// pattern: innocent and unrelated: tiles of circles.
func pattern() *image.NRGBA {
	c := newCanvas(400, 400)
	c.gradient(rgb{250, 236, 220}, rgb{240, 200, 210}, 1)
	for y := 0; y < 5; y++ {
		for x := 0; x < 5; x++ {
			col := rgb{float64(80 + 30*x), 120, float64(200 - 25*y)}
			c.circle(col, float64(40+x*80), float64(40+y*80), float64(14+3*((x+y)%4)))
		}
	}
	c.grain(4, 5)
	return c.image()
}

// scale resizes by area averaging (box filter over the covered source pixels).
func scale(src *image.NRGBA, w, h int) *image.NRGBA {
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		y0, y1 := y*sh/h, max((y+1)*sh/h, y*sh/h+1)
		for x := 0; x < w; x++ {
			x0, x1 := x*sw/w, max((x+1)*sw/w, x*sw/w+1)
			var sum [3]int
			n := 0
			for yy := y0; yy < y1; yy++ {
				for xx := x0; xx < x1; xx++ {
					p := src.NRGBAAt(xx, yy)
					sum[0] += int(p.R)
					sum[1] += int(p.G)
					sum[2] += int(p.B)
					n++
				}
			}
			dst.SetNRGBA(x, y, color.NRGBA{uint8((sum[0] + n/2) / n), uint8((sum[1] + n/2) / n), uint8((sum[2] + n/2) / n), 255})
		}
	}
	return dst
}

// crop removes frac of the width and height from every edge.
func crop(src *image.NRGBA, frac float64) *image.NRGBA {
	b := src.Bounds()
	dx, dy := int(float64(b.Dx())*frac), int(float64(b.Dy())*frac)
	r := image.Rect(dx, dy, b.Dx()-dx, b.Dy()-dy)
	dst := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	for y := 0; y < r.Dy(); y++ {
		for x := 0; x < r.Dx(); x++ {
			dst.SetNRGBA(x, y, src.NRGBAAt(x+dx, y+dy))
		}
	}
	return dst
}

// brighten applies out = 40 + 0.8*in: brighter, lower contrast.
func brighten(src *image.NRGBA) *image.NRGBA {
	dst := image.NewNRGBA(src.Bounds())
	for i := 0; i < len(src.Pix); i += 4 {
		for k := 0; k < 3; k++ {
			dst.Pix[i+k] = uint8(40 + int(src.Pix[i+k])*4/5)
		}
		dst.Pix[i+3] = 255
	}
	return dst
}

// mirror flips left to right.
func mirror(src *image.NRGBA) *image.NRGBA {
	b := src.Bounds()
	dst := image.NewNRGBA(b)
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			dst.SetNRGBA(b.Dx()-1-x, y, src.NRGBAAt(x, y))
		}
	}
	return dst
}
