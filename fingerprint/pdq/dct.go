package pdq

import "math"

// dctMatrix is the reference's 16x64 DCT-II matrix:
// D[i][j] = float32(float64(float32(sqrt(2/64))) * cos(pi/2/64 * (i+1) * (2j+1))),
// the scale factor rounded to float32 first and the product taken in
// float64 (pdqhashing.cpp).
var dctMatrix = func() (d [16][64]float32) {
	scale := float64(float32(math.Sqrt(2.0 / 64.0)))
	for i := range 16 {
		for j := range 64 {
			d[i][j] = float32(scale * math.Cos((math.Pi/2.0/64.0)*float64(i+1)*float64(2*j+1)))
		}
	}
	return d
}()

// dctState holds the 64x64 input, the 16x64 intermediate and the 16x16
// output of the DCT.
type dctState struct {
	a [64][64]float32
	t [16][64]float32
	b [16][16]float32
}

// transform computes b = D a D^T as the reference's dct64To16 does: every
// output is one float32 accumulator summed over k = 0..63 in order. The loop
// order differs (k outside j, for contiguous access) but each accumulator
// sees the same sequence of float32 additions. Explicit float32 conversions
// around each product forbid fused multiply-adds.
func (s *dctState) transform() {
	for i := range 16 {
		t := &s.t[i]
		*t = [64]float32{}
		d := &dctMatrix[i]
		for k := range 64 {
			dk := d[k]
			ak := &s.a[k]
			for j := range 64 {
				t[j] += float32(dk * ak[j])
			}
		}
	}
	for i := range 16 {
		t := &s.t[i]
		for j := range 16 {
			d := &dctMatrix[j]
			var sum float32
			for k := range 64 {
				sum += float32(t[k] * d[k])
			}
			s.b[i][j] = sum
		}
	}
}

// quality is the reference's pdqImageDomainQualityMetric: the sum of
// |int((u-v)*100/255)| over vertical and horizontal neighbours of the 64x64,
// divided by 90, capped at 100.
func quality(a *[64][64]float32) int {
	sum := 0
	for i := range 63 {
		for j := range 64 {
			sum += absInt(gradient(a[i][j], a[i+1][j]))
		}
	}
	for i := range 64 {
		for j := range 63 {
			sum += absInt(gradient(a[i][j], a[i][j+1]))
		}
	}
	return min(sum/90, 100)
}

// gradient is int(((u - v) * 100) / 255) in float32, truncated toward zero.
func gradient(u, v float32) int {
	d := float32(u - v)
	d = float32(d * 100)
	return int(d / 255)
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// torben returns the median of m by Torben Mogensen's method, in the
// formulation of N. Devillard (public domain) that the reference uses:
// float32 arithmetic, the lower median for even len(m). It does not modify m.
func torben(m []float32) float32 {
	n := len(m)
	lo, hi := m[0], m[0]
	for _, v := range m[1:] {
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	half := (n + 1) / 2
	var less, greater, equal int
	var guess, maxLT, minGT float32
	for {
		guess = float32(lo+hi) / 2
		less, greater, equal = 0, 0, 0
		maxLT, minGT = lo, hi
		for _, v := range m {
			switch {
			case v < guess:
				less++
				if v > maxLT {
					maxLT = v
				}
			case v > guess:
				greater++
				if v < minGT {
					minGT = v
				}
			default:
				equal++
			}
		}
		if less <= half && greater <= half {
			break
		}
		if less > greater {
			hi = maxLT
		} else {
			lo = minGT
		}
	}
	switch {
	case less >= half:
		return maxLT
	case less+equal >= half:
		return guess
	}
	return minGT
}

// toBits thresholds b against its median: bit 16i+j is set iff
// b[i][j] > median.
func toBits(b *[16][16]float32, h *Hash) {
	*h = Hash{}
	var flat [256]float32
	for i := range b {
		copy(flat[16*i:], b[i][:])
	}
	med := torben(flat[:])
	for k, v := range flat {
		if v > med {
			h.setBit(k)
		}
	}
}

// dihedral computes the eight variants from s.b (pdqhashing.cpp's
// dct16OriginalTo* functions), each thresholded against its own median.
func (s *dctState) dihedral(out *[8]Hash) {
	var aux [16][16]float32
	a := &s.b
	toBits(a, &out[Original])
	for o := Rotate90; o <= FlipMinus1; o++ {
		for i := range 16 {
			for j := range 16 {
				v := a[i][j]
				switch o {
				case Rotate90:
					if j&1 == 0 {
						v = -v
					}
					aux[j][i] = v
				case Rotate180:
					if (i+j)&1 == 1 {
						v = -v
					}
					aux[i][j] = v
				case Rotate270:
					if i&1 == 0 {
						v = -v
					}
					aux[j][i] = v
				case FlipX:
					if i&1 == 0 {
						v = -v
					}
					aux[i][j] = v
				case FlipY:
					if j&1 == 0 {
						v = -v
					}
					aux[i][j] = v
				case FlipPlus1:
					aux[j][i] = v
				case FlipMinus1:
					if (i+j)&1 == 1 {
						v = -v
					}
					aux[j][i] = v
				}
			}
		}
		toBits(&aux, &out[o])
	}
}
