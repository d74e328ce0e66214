package imageeval

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Size returns the width and height Generate uses for seed: a width of
// base*0.7 to base*1.5 pixels and an aspect of 1:1, 4:3, 3:4 or 16:9.
func Size(seed uint64, base int) (w, h int) {
	r := rand.New(rand.NewPCG(seed, 0x51ed270b27e4a1c3))
	w = base*7/10 + r.IntN(base*8/10+1)
	switch r.IntN(4) {
	case 0:
		h = w
	case 1:
		h = w * 3 / 4
	case 2:
		h = w * 4 / 3
	default:
		h = w * 9 / 16
	}
	return w, h
}

// Generate draws the image determined by seed, of the size Size(seed, base)
// returns.
func Generate(seed uint64, base int) *image.RGBA {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	sw, sh := Size(seed, base)
	img := image.NewRGBA(image.Rect(0, 0, sw, sh))
	size := max(sw, sh)
	c0, c1 := randColor(r), randColor(r)
	ang := r.Float64() * 2 * math.Pi
	dx, dy := math.Cos(ang), math.Sin(ang)
	for y := 0; y < sh; y++ {
		for x := 0; x < sw; x++ {
			t := (dx*(float64(x)/float64(sw)-0.5)+dy*(float64(y)/float64(sh)-0.5))/1.42 + 0.5
			img.SetRGBA(x, y, lerp(c0, c1, t))
		}
	}
	shapes := 6 + r.IntN(14)
	for range shapes {
		c := randColor(r)
		fs := float64(size)
		cx, cy := r.Float64()*float64(sw), r.Float64()*float64(sh)
		w, h := (0.05+0.4*r.Float64())*fs, (0.05+0.4*r.Float64())*fs
		switch r.IntN(4) {
		case 0: // rectangle
			fill(img, box(cx-w/2, cy-h/2, cx+w/2, cy+h/2), func(x, y float64) bool { return math.Abs(x-cx) < w/2 && math.Abs(y-cy) < h/2 }, c)
		case 1: // ellipse
			fill(img, box(cx-w/2, cy-h/2, cx+w/2, cy+h/2), func(x, y float64) bool {
				u, v := (x-cx)/(w/2), (y-cy)/(h/2)
				return u*u+v*v < 1
			}, c)
		case 2: // triangle
			ax, ay := cx+w*(r.Float64()-0.5), cy+h*(r.Float64()-0.5)
			bx, by := cx+w*(r.Float64()-0.5), cy+h*(r.Float64()-0.5)
			qx, qy := cx+w*(r.Float64()-0.5), cy+h*(r.Float64()-0.5)
			fill(img, box(min(ax, bx, qx), min(ay, by, qy), max(ax, bx, qx), max(ay, by, qy)), func(x, y float64) bool {
				d1 := (x-bx)*(ay-by) - (ax-bx)*(y-by)
				d2 := (x-qx)*(by-qy) - (bx-qx)*(y-qy)
				d3 := (x-ax)*(qy-ay) - (qx-ax)*(y-ay)
				neg := d1 < 0 || d2 < 0 || d3 < 0
				pos := d1 > 0 || d2 > 0 || d3 > 0
				return !(neg && pos)
			}, c)
		default: // thick line
			ex, ey := r.Float64()*fs, r.Float64()*fs
			th := 2 + r.Float64()*fs/30
			lx, ly := ex-cx, ey-cy
			l2 := lx*lx + ly*ly + 1e-9
			fill(img, box(min(cx, ex)-th, min(cy, ey)-th, max(cx, ex)+th, max(cy, ey)+th), func(x, y float64) bool {
				t := math.Max(0, math.Min(1, ((x-cx)*lx+(y-cy)*ly)/l2))
				px, py := cx+t*lx-x, cy+t*ly-y
				return px*px+py*py < th*th
			}, c)
		}
	}
	// Soften edges as a camera and resampling would: two 3x3 box passes.
	return boxBlur(boxBlur(img))
}

func boxBlur(m *image.RGBA) *image.RGBA {
	b := m.Bounds()
	out := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			var sum [3]int
			n := 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					p := image.Pt(x+dx, y+dy)
					if !p.In(b) {
						continue
					}
					i := m.PixOffset(p.X, p.Y)
					sum[0] += int(m.Pix[i])
					sum[1] += int(m.Pix[i+1])
					sum[2] += int(m.Pix[i+2])
					n++
				}
			}
			i := out.PixOffset(x, y)
			out.Pix[i], out.Pix[i+1], out.Pix[i+2], out.Pix[i+3] = uint8(sum[0]/n), uint8(sum[1]/n), uint8(sum[2]/n), 255
		}
	}
	return out
}

func randColor(r *rand.Rand) color.RGBA {
	return color.RGBA{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)), 255}
}

func lerp(a, b color.RGBA, t float64) color.RGBA {
	t = math.Max(0, math.Min(1, t))
	m := func(p, q uint8) uint8 { return uint8(float64(p)*(1-t) + float64(q)*t + 0.5) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 255}
}

// box returns the pixel rectangle covering [x0, x1] x [y0, y1].
func box(x0, y0, x1, y1 float64) image.Rectangle {
	return image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1))+1, int(math.Ceil(y1))+1)
}

// fill paints the pixels of area whose centres satisfy in.
func fill(img *image.RGBA, area image.Rectangle, in func(x, y float64) bool, c color.RGBA) {
	b := img.Bounds().Intersect(area)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if in(float64(x)+0.5, float64(y)+0.5) {
				img.SetRGBA(x, y, c)
			}
		}
	}
}

// Transform is one named change to an image.
type Transform struct {
	Name  string
	Group string // "geometric" (rotation/flip), "other"
	Apply func(img *image.RGBA, seed uint64) (*image.RGBA, error)
}

// Transforms returns the transforms in report order.
func Transforms() []Transform {
	return []Transform{
		{"identity", "other", func(m *image.RGBA, _ uint64) (*image.RGBA, error) { return m, nil }},
		{"resize 50%", "other", func(m *image.RGBA, _ uint64) (*image.RGBA, error) { return scale(m, 0.5, 0.5), nil }},
		{"resize 200%", "other", func(m *image.RGBA, _ uint64) (*image.RGBA, error) { return scale(m, 2, 2), nil }},
		{"resize 130%x80% (aspect)", "other", func(m *image.RGBA, _ uint64) (*image.RGBA, error) { return scale(m, 1.3, 0.8), nil }},
		{"jpeg q75", "other", func(m *image.RGBA, _ uint64) (*image.RGBA, error) { return recompress(m, 75) }},
		{"jpeg q30", "other", func(m *image.RGBA, _ uint64) (*image.RGBA, error) { return recompress(m, 30) }},
		{"crop 5% each side", "other", func(m *image.RGBA, _ uint64) (*image.RGBA, error) { return crop(m, 0.05, 0.05, 0.05, 0.05), nil }},
		{"crop 10% each side", "other", func(m *image.RGBA, _ uint64) (*image.RGBA, error) { return crop(m, 0.1, 0.1, 0.1, 0.1), nil }},
		{"crop 20% off one side", "other", func(m *image.RGBA, _ uint64) (*image.RGBA, error) { return crop(m, 0, 0, 0.2, 0), nil }},
		{"flip horizontal", "geometric", func(m *image.RGBA, _ uint64) (*image.RGBA, error) {
			return remap(m, false, func(x, y, w, h int) (int, int) { return w - 1 - x, y }), nil
		}},
		{"flip vertical", "geometric", func(m *image.RGBA, _ uint64) (*image.RGBA, error) {
			return remap(m, false, func(x, y, w, h int) (int, int) { return x, h - 1 - y }), nil
		}},
		{"rotate 90", "geometric", func(m *image.RGBA, _ uint64) (*image.RGBA, error) {
			return remap(m, true, func(x, y, w, h int) (int, int) { return w - 1 - y, x }), nil
		}},
		{"rotate 180", "geometric", func(m *image.RGBA, _ uint64) (*image.RGBA, error) {
			return remap(m, false, func(x, y, w, h int) (int, int) { return w - 1 - x, h - 1 - y }), nil
		}},
		{"rotate 270", "geometric", func(m *image.RGBA, _ uint64) (*image.RGBA, error) {
			return remap(m, true, func(x, y, w, h int) (int, int) { return y, h - 1 - x }), nil
		}},
		{"brightness +40", "other", func(m *image.RGBA, _ uint64) (*image.RGBA, error) {
			return pixelwise(m, func(v float64) float64 { return v + 40 }), nil
		}},
		{"brightness -40", "other", func(m *image.RGBA, _ uint64) (*image.RGBA, error) {
			return pixelwise(m, func(v float64) float64 { return v - 40 }), nil
		}},
		{"contrast x0.6", "other", func(m *image.RGBA, _ uint64) (*image.RGBA, error) {
			return pixelwise(m, func(v float64) float64 { return 128 + 0.6*(v-128) }), nil
		}},
		{"text overlay", "other", func(m *image.RGBA, s uint64) (*image.RGBA, error) { return overlay(m, s), nil }},
		{"resize 50% + jpeg q50 + overlay", "other", func(m *image.RGBA, s uint64) (*image.RGBA, error) {
			return recompress(overlay(scale(m, 0.5, 0.5), s), 50)
		}},
		{"crop 5% + brightness +25 + jpeg q60", "other", func(m *image.RGBA, _ uint64) (*image.RGBA, error) {
			return recompress(pixelwise(crop(m, 0.05, 0.05, 0.05, 0.05), func(v float64) float64 { return v + 25 }), 60)
		}},
		{"mirror + jpeg q60", "geometric", func(m *image.RGBA, _ uint64) (*image.RGBA, error) {
			return recompress(remap(m, false, func(x, y, w, h int) (int, int) { return w - 1 - x, y }), 60)
		}},
	}
}

func scale(m *image.RGBA, fx, fy float64) *image.RGBA {
	b := m.Bounds()
	w, h := max(1, int(float64(b.Dx())*fx+0.5)), max(1, int(float64(b.Dy())*fy+0.5))
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), m, b, xdraw.Src, nil)
	return dst
}

func recompress(m *image.RGBA, q int) (*image.RGBA, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: q}); err != nil {
		return nil, fmt.Errorf("imageeval: jpeg encode: %w", err)
	}
	d, err := jpeg.Decode(&buf)
	if err != nil {
		return nil, fmt.Errorf("imageeval: jpeg decode: %w", err)
	}
	out := image.NewRGBA(d.Bounds())
	xdraw.Draw(out, out.Bounds(), d, d.Bounds().Min, xdraw.Src)
	return out, nil
}

func crop(m *image.RGBA, left, top, right, bottom float64) *image.RGBA {
	b := m.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	r := image.Rect(b.Min.X+int(left*w), b.Min.Y+int(top*h), b.Max.X-int(right*w), b.Max.Y-int(bottom*h))
	out := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	xdraw.Draw(out, out.Bounds(), m, r.Min, xdraw.Src)
	return out
}

// remap builds the image whose pixel (x, y) is m's pixel f(x, y, W, H),
// where W, H are m's size; the output is H x W when swap is set (quarter
// turns), else W x H.
func remap(m *image.RGBA, swap bool, f func(x, y, W, H int) (int, int)) *image.RGBA {
	b := m.Bounds()
	W, H := b.Dx(), b.Dy()
	w, h := W, H
	if swap {
		w, h = H, W
	}
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			sx, sy := f(x, y, W, H)
			out.SetRGBA(x, y, m.RGBAAt(b.Min.X+sx, b.Min.Y+sy))
		}
	}
	return out
}

func pixelwise(m *image.RGBA, f func(float64) float64) *image.RGBA {
	out := image.NewRGBA(m.Bounds())
	clamp := func(v float64) uint8 { return uint8(math.Max(0, math.Min(255, math.Round(v)))) }
	for i := 0; i+3 < len(m.Pix); i += 4 {
		out.Pix[i] = clamp(f(float64(m.Pix[i])))
		out.Pix[i+1] = clamp(f(float64(m.Pix[i+1])))
		out.Pix[i+2] = clamp(f(float64(m.Pix[i+2])))
		out.Pix[i+3] = m.Pix[i+3]
	}
	return out
}

// overlay draws a caption band across the lower part of m: a strip 10% of
// the image's height darkened to 40%, with white text (basicfont 7x13,
// scaled to the strip), as
// re-posters stamp channel names on images.
func overlay(m *image.RGBA, seed uint64) *image.RGBA {
	r := rand.New(rand.NewPCG(seed, 77))
	b := m.Bounds()
	out := image.NewRGBA(b)
	copy(out.Pix, m.Pix)
	text := []string{"@news_channel_24", "t.me/mirror_feed", "JOIN US NOW", "share before removed", "official media 2026"}[r.IntN(5)]
	// Draw the caption at 1x on a small canvas, then scale it up 2x.
	face := basicfont.Face7x13
	tw := font.MeasureString(face, text).Ceil() + 8
	small := image.NewRGBA(image.Rect(0, 0, tw, 17))
	d := font.Drawer{Dst: small, Src: image.NewUniform(color.RGBA{255, 255, 255, 255}), Face: face,
		Dot: fixed.P(4, 13)}
	d.DrawString(text)
	bandH := max(b.Dy()/10, 8)
	y0 := b.Max.Y - bandH - b.Dy()/12
	for y := y0; y < y0+bandH; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			i := out.PixOffset(x, y)
			for k := 0; k < 3; k++ {
				out.Pix[i+k] = uint8(float64(out.Pix[i+k]) * 0.4)
			}
		}
	}
	// Scale the caption to the band's height, keeping its aspect.
	capH := bandH - 2
	capW := min(tw*capH/17, b.Dx())
	big := image.NewRGBA(image.Rect(0, 0, capW, capH))
	xdraw.NearestNeighbor.Scale(big, big.Bounds(), small, small.Bounds(), xdraw.Src, nil)
	x0 := b.Min.X + (b.Dx()-capW)/2
	xdraw.Draw(out, image.Rect(x0, y0+1, x0+capW, y0+1+capH), big, image.Point{}, xdraw.Over)
	return out
}
