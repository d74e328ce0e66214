package pdq

import (
	"math"
	"math/rand/v2"
	"testing"
)

// This file holds a direct, slow transcription of the reference's
// downscaling (two full buffers, the column pass walking each column with a
// stride), to check the streamed, column-vectorised pipeline against it.

func refBox1D(in []float32, inOff int, out []float32, outOff, n, stride, w int) {
	half := (w + 2) / 2
	p1, p2, p3, p4 := half-1, w-half+1, n-w, half-1
	li, ri, oi := 0, 0, 0
	var sum float32
	cur := 0
	for range p1 {
		sum += in[inOff+ri]
		cur++
		ri += stride
	}
	for range p2 {
		sum += in[inOff+ri]
		cur++
		out[outOff+oi] = sum / float32(cur)
		ri += stride
		oi += stride
	}
	for range p3 {
		sum += in[inOff+ri]
		sum -= in[inOff+li]
		out[outOff+oi] = sum / float32(cur)
		li += stride
		ri += stride
		oi += stride
	}
	for range p4 {
		sum -= in[inOff+li]
		cur--
		out[outOff+oi] = sum / float32(cur)
		li += stride
		oi += stride
	}
}

// refDownsample is jaroszFilterFloat (2 passes) + decimateFloat.
func refDownsample(luma []float32, rows, cols int) (a [64][64]float32) {
	buf1 := append([]float32(nil), luma...)
	buf2 := make([]float32, len(luma))
	wr := (cols + 127) / 128
	wc := (rows + 127) / 128
	for range 2 {
		for i := range rows {
			refBox1D(buf1, i*cols, buf2, i*cols, cols, 1, wr)
		}
		for j := range cols {
			refBox1D(buf2, j, buf1, j, rows, cols, wc)
		}
	}
	for i := range 64 {
		ini := int(((float64(i) + 0.5) * float64(rows)) / 64)
		for j := range 64 {
			inj := int(((float64(j) + 0.5) * float64(cols)) / 64)
			a[i][j] = buf1[ini*cols+inj]
		}
	}
	return a
}

func randomLuma(r *rand.Rand, rows, cols int) []float32 {
	l := make([]float32, rows*cols)
	for i := range l {
		// Smooth-ish values with float32 rounding noise, like real luma.
		l[i] = luma8(uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)))
	}
	return l
}

// TestStreamMatchesReference checks the streamed pipeline bit for bit
// against the direct transcription, over sizes that exercise every window
// size edge: the smallest hashable, fewer than 64 rows or columns
// (repeated samples), window 1, 2 and larger, and window boundaries
// (128, 129, 256, 257).
func TestStreamMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sizes := [][2]int{{5, 5}, {5, 9}, {9, 5}, {34, 42}, {63, 65}, {64, 64}, {65, 63}, {127, 129},
		{128, 128}, {129, 257}, {256, 130}, {300, 7}, {7, 300}, {385, 520}, {1000, 700}}
	if !testing.Short() && !raceEnabled {
		sizes = append(sizes, [2]int{2049, 1500})
	}
	h := NewHasher()
	for _, sz := range sizes {
		rows, cols := sz[0], sz[1]
		luma := randomLuma(r, rows, cols)
		want := refDownsample(luma, rows, cols)
		if err := h.src.setLuma(luma, cols, rows, FullResolution); err != nil {
			t.Fatal(err)
		}
		if err := h.downsample(false); err != nil {
			t.Fatal(err)
		}
		diff := 0
		for i := range 64 {
			for j := range 64 {
				if math.Float32bits(h.dct.a[i][j]) != math.Float32bits(want[i][j]) {
					diff++
				}
			}
		}
		if diff != 0 {
			t.Errorf("%dx%d: %d of 4096 downsampled values differ from the reference transcription", cols, rows, diff)
		}
	}
}

// refDCT is dct64To16 with the reference's loop order.
func refDCT(a *[64][64]float32) (b [16][16]float32) {
	var tm [16][64]float32
	for i := range 16 {
		for j := range 64 {
			var s float32
			for k := range 64 {
				s += float32(dctMatrix[i][k] * a[k][j])
			}
			tm[i][j] = s
		}
	}
	for i := range 16 {
		for j := range 16 {
			var s float32
			for k := range 64 {
				s += float32(tm[i][k] * dctMatrix[j][k])
			}
			b[i][j] = s
		}
	}
	return b
}

func TestDCTMatchesReferenceOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var s dctState
	for range 20 {
		for i := range 64 {
			for j := range 64 {
				s.a[i][j] = r.Float32() * 255
			}
		}
		want := refDCT(&s.a)
		s.transform()
		if s.b != want {
			t.Fatal("transform differs from the reference loop order")
		}
	}
}

// refMedian is the lower median by sorting, which Torben's method returns.
func TestTorbenIsLowerMedian(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for n := 1; n < 300; n += 7 {
		m := make([]float32, n)
		for i := range m {
			m[i] = float32(r.IntN(50)) - 25 // many ties
			if n%2 == 0 {
				m[i] = r.Float32()
			}
		}
		got := torben(m)
		s := append([]float32(nil), m...)
		for i := 1; i < len(s); i++ {
			for j := i; j > 0 && s[j] < s[j-1]; j-- {
				s[j], s[j-1] = s[j-1], s[j]
			}
		}
		if want := s[(n-1)/2]; got != want {
			t.Errorf("torben(n=%d) = %v, want lower median %v", n, got, want)
		}
	}
}
