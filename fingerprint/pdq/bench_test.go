package pdq

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"testing"
)

// The benchmarks time Sum per image type and size, decode excluded, and
// JPEG decode + Sum. Compare with Meta's C++ reference (full resolution,
// decode excluded: 53-66 ms at 1.6 MP, 0.64-1.05 s at 12 MP on the
// project's 2-vCPU build machine) with
//
//	go test -run XXX -bench 'Sum/(1.6|12)MP' -benchtime 10x ./fingerprint/pdq
//
// and, on the reference's own files, bench/cmd/pdqtime. On a shared
// machine read cpu-ms/op (process CPU time) rather than ns/op.

// benchSizes are the sizes of the speed targets: 0.25, 1.6 and 12
// megapixels (a 4032x3024 phone photo).
var benchSizes = []struct {
	name string
	w, h int
}{
	{"0.25MP", 512, 512},
	{"1.6MP", 1600, 1004},
	{"12MP", 4032, 3024},
}

// benchTypes converts a test image to each concrete type decoders return.
var benchTypes = []struct {
	name string
	conv func(*image.NRGBA) image.Image
}{
	{"YCbCr420", func(m *image.NRGBA) image.Image { return toYCbCr(m, image.YCbCrSubsampleRatio420) }},
	{"NRGBA", func(m *image.NRGBA) image.Image { return m }},
	{"RGBA", func(m *image.NRGBA) image.Image { return convert(m, image.NewRGBA(m.Bounds())) }},
	{"Gray", func(m *image.NRGBA) image.Image { return convert(m, image.NewGray(m.Bounds())) }},
	{"Paletted", func(m *image.NRGBA) image.Image { return toPaletted(m) }},
	{"RGBA64", func(m *image.NRGBA) image.Image { return convert(m, image.NewRGBA64(m.Bounds())) }},
	{"Generic", func(m *image.NRGBA) image.Image { return opaqueOnly{m} }},
}

// loop runs f once to warm up, then in a b.Loop, and reports, beside ns/op, the process CPU time
// per operation (cpu-ms/op, Linux only), which stays meaningful when other
// jobs compete for the cores.
func loop(b *testing.B, f func()) {
	b.ReportAllocs()
	f() // warm up: the Hasher sizes its buffers on the first image
	c0, ok := processCPU()
	for b.Loop() {
		f()
	}
	if c1, _ := processCPU(); ok && b.N > 0 {
		b.ReportMetric(float64((c1-c0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

func convert[T draw.Image](src image.Image, dst T) T {
	draw.Draw(dst, dst.Bounds(), src, src.Bounds().Min, draw.Src)
	return dst
}

func BenchmarkSum(b *testing.B) {
	for _, sz := range benchSizes {
		var base *image.NRGBA
		for _, ty := range benchTypes {
			b.Run(fmt.Sprintf("%s/%s", sz.name, ty.name), func(b *testing.B) {
				if base == nil {
					base = testImage(sz.w, sz.h, 1)
				}
				img := ty.conv(base)
				h := NewHasher()
				b.SetBytes(int64(sz.w * sz.h))
				loop(b, func() {
					if _, _, err := h.Sum(img); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	}
}

func BenchmarkDihedral(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			img := toYCbCr(testImage(sz.w, sz.h, 1), image.YCbCrSubsampleRatio420)
			h := NewHasher()
			b.SetBytes(int64(sz.w * sz.h))
			loop(b, func() {
				if _, _, err := h.Dihedral(img); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

func BenchmarkSquash512(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			img := toYCbCr(testImage(sz.w, sz.h, 1), image.YCbCrSubsampleRatio420)
			h := NewHasher(WithMode(Squash512))
			b.SetBytes(int64(sz.w * sz.h))
			loop(b, func() {
				if _, _, err := h.Sum(img); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkDecodeAndSum includes JPEG decoding (image/jpeg, quality 90,
// 4:2:0), as a service hashing uploads pays it.
func BenchmarkDecodeAndSum(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, testImage(sz.w, sz.h, 1), &jpeg.Options{Quality: 90}); err != nil {
				b.Fatal(err)
			}
			data := buf.Bytes()
			h := NewHasher()
			b.SetBytes(int64(len(data)))
			loop(b, func() {
				img, err := jpeg.Decode(bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				if _, _, err := h.Sum(img); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

func BenchmarkDistance(b *testing.B) {
	x, y := Hash{1, 2, 3}, Hash{255, 254, 253, 9}
	b.SetBytes(int64(len(x)))
	b.ReportAllocs()
	s := 0
	for b.Loop() {
		s += x.Distance(y)
	}
	_ = s
}
