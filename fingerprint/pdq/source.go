package pdq

import (
	"image"
	"image/color"
)

// The reference's luma coefficients, as float32 (bits 3e991687, 3f1645a2,
// 3de978d5).
const (
	lumaR float32 = 0.299
	lumaG float32 = 0.587
	lumaB float32 = 0.114
)

// Per-channel products, each rounded to float32 as the reference rounds
// coeff*v; luma = (tabR[r] + tabG[g]) + tabB[b], summed left to right in
// float32. A table lookup also rules out fused multiply-adds.
var tabR, tabG, tabB, tabGrey [256]float32

func init() {
	for v := range 256 {
		f := float32(v)
		tabR[v] = float32(lumaR * f)
		tabG[v] = float32(lumaG * f)
		tabB[v] = float32(lumaB * f)
		tabGrey[v] = f
	}
}

// luma8 is the reference's float32 luma of 8-bit non-premultiplied R, G, B.
func luma8(r, g, b uint8) float32 {
	return float32(float32(tabR[r]+tabG[g]) + tabB[b])
}

// squashSide is the side the reference command squashes images to.
const squashSide = 512

// source yields the rows of float32 luma the pipeline hashes, from an
// image.Image (with per-type fast paths) or a caller's luma plane, with the
// optional 512x512 nearest-neighbour squash applied.
type source struct {
	img  image.Image
	rect image.Rectangle
	grey bool // generic path: the image's colour model is grey

	luma []float32 // SumLuma input, srcW*srcH

	srcW, srcH int // source size
	rows, cols int // size hashed (512x512 when squashed)
	squash     bool

	xs     []int     // squash: source column of each output column
	full   []float32 // squash: one source row of luma
	lastSY int       // squash: source row held in full, or -1
	pal    [256]float32
}

func (s *source) setImage(img image.Image, mode Mode) error {
	s.img = img
	s.luma = nil
	s.rect = img.Bounds()
	s.grey = false
	switch img := img.(type) {
	case *image.Paletted:
		s.setPalette(img.Palette)
	case *image.Gray, *image.Gray16, *image.RGBA, *image.NRGBA, *image.RGBA64,
		*image.NRGBA64, *image.YCbCr, *image.NYCbCrA, *image.CMYK:
		// Fast paths; (*image.Paletted).ColorModel would allocate.
	default:
		m := img.ColorModel()
		s.grey = m == color.GrayModel || m == color.Gray16Model
	}
	s.setSize(s.rect.Dx(), s.rect.Dy(), mode)
	return nil
}

func (s *source) setLuma(luma []float32, width, height int, mode Mode) error {
	if err := checkLuma(luma, width, height); err != nil {
		return err
	}
	s.img = nil
	s.luma = luma
	s.setSize(width, height, mode)
	return nil
}

// release drops the references to the caller's image or luma so a pooled
// Hasher does not keep them alive.
func (s *source) release() {
	s.img = nil
	s.luma = nil
}

func (s *source) setSize(w, h int, mode Mode) {
	s.srcW, s.srcH = w, h
	s.rows, s.cols = h, w
	// The reference command squashes any image it loaded, even one only a
	// few pixels high; an image without pixels stays too small.
	s.squash = mode == Squash512 && (w > squashSide || h > squashSide) && w > 0 && h > 0
	s.lastSY = -1
	if s.squash {
		s.rows, s.cols = squashSide, squashSide
		s.xs = grow(s.xs, squashSide)
		for x := range s.xs {
			s.xs[x] = int(int64(x) * int64(w) / squashSide)
		}
		if s.luma == nil {
			s.full = growF(s.full, w)
		}
	}
}

// row returns output row i (0 <= i < rows) as cols float32 luma values,
// written to buf (len(buf) >= cols) or, for a luma plane that needs no
// resampling, a subslice of the plane.
func (s *source) row(i int, buf []float32) []float32 {
	buf = buf[:s.cols]
	if !s.squash {
		if s.luma != nil {
			return s.luma[i*s.cols : (i+1)*s.cols]
		}
		s.lumaRow(s.rect.Min.Y+i, buf)
		return buf
	}
	sy := int(int64(i) * int64(s.srcH) / squashSide)
	var full []float32
	if s.luma != nil {
		full = s.luma[sy*s.srcW : (sy+1)*s.srcW]
	} else {
		if sy != s.lastSY {
			s.lumaRow(s.rect.Min.Y+sy, s.full)
			s.lastSY = sy
		}
		full = s.full
	}
	for x, sx := range s.xs {
		buf[x] = full[sx]
	}
	return buf
}

func (s *source) setPalette(p color.Palette) {
	for i := range s.pal {
		var c color.Color
		if i < len(p) {
			c = p[i]
		}
		r, g, b := rgb8(c)
		s.pal[i] = luma8(r, g, b)
	}
}

// lumaRow writes the luma of image row y (absolute coordinate) into dst,
// len(dst) == s.rect.Dx().
func (s *source) lumaRow(y int, dst []float32) {
	r := s.rect
	switch img := s.img.(type) {
	case *image.Gray:
		p := img.Pix[img.PixOffset(r.Min.X, y):]
		p = p[:len(dst)]
		for x, v := range p {
			dst[x] = tabGrey[v]
		}
	case *image.Gray16:
		p := img.Pix[img.PixOffset(r.Min.X, y):]
		p = p[:2*len(dst)]
		for x := range dst {
			dst[x] = tabGrey[p[2*x]]
		}
	case *image.RGBA:
		p := img.Pix[img.PixOffset(r.Min.X, y):]
		p = p[:4*len(dst)]
		for x := range dst {
			q := p[4*x : 4*x+4 : 4*x+4]
			a := q[3]
			if a == 0xff {
				dst[x] = luma8(q[0], q[1], q[2])
			} else {
				dst[x] = luma8(unpremul8(q[0], a), unpremul8(q[1], a), unpremul8(q[2], a))
			}
		}
	case *image.NRGBA:
		p := img.Pix[img.PixOffset(r.Min.X, y):]
		p = p[:4*len(dst)]
		for x := range dst {
			q := p[4*x : 4*x+3 : 4*x+3]
			dst[x] = luma8(q[0], q[1], q[2])
		}
	case *image.RGBA64:
		p := img.Pix[img.PixOffset(r.Min.X, y):]
		p = p[:8*len(dst)]
		for x := range dst {
			q := p[8*x : 8*x+8 : 8*x+8]
			a := uint32(q[6])<<8 | uint32(q[7])
			if a == 0xffff {
				dst[x] = luma8(q[0], q[2], q[4])
			} else {
				dst[x] = luma8(unpremul16(q[0], q[1], a), unpremul16(q[2], q[3], a), unpremul16(q[4], q[5], a))
			}
		}
	case *image.NRGBA64:
		p := img.Pix[img.PixOffset(r.Min.X, y):]
		p = p[:8*len(dst)]
		for x := range dst {
			q := p[8*x : 8*x+5 : 8*x+5]
			dst[x] = luma8(q[0], q[2], q[4])
		}
	case *image.YCbCr:
		ycbcrRow(img, r.Min.X, y, dst)
	case *image.NYCbCrA:
		ycbcrRow(&img.YCbCr, r.Min.X, y, dst)
	case *image.Paletted:
		p := img.Pix[img.PixOffset(r.Min.X, y):]
		p = p[:len(dst)]
		for x, v := range p {
			dst[x] = s.pal[v]
		}
	case *image.CMYK:
		p := img.Pix[img.PixOffset(r.Min.X, y):]
		p = p[:4*len(dst)]
		for x := range dst {
			q := p[4*x : 4*x+4 : 4*x+4]
			dst[x] = luma8(color.CMYKToRGB(q[0], q[1], q[2], q[3]))
		}
	default:
		genericRow(img, s.grey, r.Min.X, y, dst)
	}
}

// genericRow is the reference path every fast path must agree with: it
// reads pixels through At.
func genericRow(img image.Image, grey bool, x0, y int, dst []float32) {
	if grey {
		for x := range dst {
			dst[x] = tabGrey[grey8(img.At(x0+x, y))]
		}
		return
	}
	for x := range dst {
		dst[x] = luma8(rgb8(img.At(x0+x, y)))
	}
}

// ycbcrRow converts one row with the same chroma sampling as
// (*image.YCbCr).At and the same integer arithmetic as color.YCbCrToRGB,
// computing the chroma terms once per chroma sample.
func ycbcrRow(img *image.YCbCr, x0, y int, dst []float32) {
	yp := img.Y[img.YOffset(x0, y):]
	yp = yp[:len(dst)]
	cbase := img.COffset(x0, y)
	var shift uint
	switch img.SubsampleRatio {
	case image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420:
		shift = 1
	case image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410:
		shift = 2
	}
	d := 1 << shift
	cb, cr := img.Cb, img.Cr
	n := min(len(cb), len(cr))
	if x0 >= 0 && x0&(d-1) == 0 && cbase >= 0 && cbase+(len(yp)+d-1)>>shift <= n {
		// The common case (decoders put the origin at 0,0): chroma sample k
		// of the row covers pixels k*d .. k*d+d-1.
		cb, cr = cb[cbase:n], cr[cbase:n]
		for k := 0; k*d < len(yp); k++ {
			cb1, cr1 := int32(cb[k])-128, int32(cr[k])-128
			rc := 91881 * cr1
			gc := -22554*cb1 - 46802*cr1
			bc := 116130 * cb1
			x1 := min(k*d+d, len(yp))
			for x := k * d; x < x1; x++ {
				yy1 := int32(yp[x]) * 0x10101
				dst[x] = luma8(clamp16(yy1+rc), clamp16(yy1+gc), clamp16(yy1+bc))
			}
		}
		return
	}
	last := -1
	var rc, gc, bc int32
	for x, yy := range yp {
		// COffset(x0+x, y), with Go's truncating division as COffset uses.
		var ci int
		if x0 >= 0 {
			ci = cbase + (x0+x)>>shift - x0>>shift
		} else {
			ci = cbase + (x0+x)/d - x0/d
		}
		if ci != last {
			// (*image.YCbCr).At panics for some images with a negative
			// origin (COffset points one past the chroma planes); clamp
			// instead, as hashing must not panic on a decoder's image.
			cb1, cr1 := int32(0), int32(0)
			if n > 0 {
				k := min(max(ci, 0), n-1)
				cb1, cr1 = int32(cb[k])-128, int32(cr[k])-128
			}
			rc = 91881 * cr1
			gc = -22554*cb1 - 46802*cr1
			bc = 116130 * cb1
			last = ci
		}
		yy1 := int32(yy) * 0x10101
		dst[x] = luma8(clamp16(yy1+rc), clamp16(yy1+gc), clamp16(yy1+bc))
	}
}

// clamp16 is color.YCbCrToRGB's clamping of a 16.16 fixed-point value to
// 0..255.
func clamp16(v int32) uint8 {
	if uint32(v)&0xff000000 == 0 {
		return uint8(v >> 16)
	}
	return uint8(^(v >> 31))
}

// unpremul8 un-premultiplies an 8-bit channel exactly as color.NRGBAModel
// does for a color.RGBA with alpha a (0 < a < 0xff gives the division).
func unpremul8(c, a uint8) uint8 {
	if a == 0 {
		return 0
	}
	return uint8(uint32(c) * 0xffff / uint32(a) >> 8)
}

// unpremul16 un-premultiplies a 16-bit channel (hi, lo bytes) with 16-bit
// alpha a < 0xffff, as color.NRGBAModel does.
func unpremul16(hi, lo uint8, a uint32) uint8 {
	if a == 0 {
		return 0
	}
	c := uint32(hi)<<8 | uint32(lo)
	return uint8(c * 0xffff / a >> 8)
}

// rgb8 returns the non-premultiplied 8-bit R, G, B of c: straight colours
// (NRGBA, NRGBA64, YCbCr, NYCbCrA) directly, others through c.RGBA() and
// the un-premultiplication of color.NRGBAModel. A nil colour is black.
func rgb8(c color.Color) (r, g, b uint8) {
	switch c := c.(type) {
	case nil:
		return 0, 0, 0
	case color.NRGBA:
		return c.R, c.G, c.B
	case color.NRGBA64:
		return uint8(c.R >> 8), uint8(c.G >> 8), uint8(c.B >> 8)
	case color.YCbCr:
		return color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
	case color.NYCbCrA:
		return color.YCbCrToRGB(c.Y, c.Cb, c.Cr)
	}
	r32, g32, b32, a := c.RGBA()
	switch a {
	case 0xffff:
		return uint8(r32 >> 8), uint8(g32 >> 8), uint8(b32 >> 8)
	case 0:
		return 0, 0, 0
	}
	return uint8(r32 * 0xffff / a >> 8), uint8(g32 * 0xffff / a >> 8), uint8(b32 * 0xffff / a >> 8)
}

// grey8 returns the 8-bit grey level of a colour from a grey image.
func grey8(c color.Color) uint8 {
	switch c := c.(type) {
	case nil:
		return 0
	case color.Gray:
		return c.Y
	case color.Gray16:
		return uint8(c.Y >> 8)
	}
	return color.GrayModel.Convert(c).(color.Gray).Y
}

func grow(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}

func growF(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}
