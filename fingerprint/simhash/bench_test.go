package simhash_test

import (
	"math/rand/v2"
	"testing"

	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/fingerprint/simhash"
)

func BenchmarkDistance(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	hs := make([]simhash.Hash, 1024)
	for i := range hs {
		hs[i] = simhash.Sum([]uint64{r.Uint64(), r.Uint64()}, nil)
	}
	b.ReportAllocs()
	b.SetBytes(8)
	i, sum := 0, 0
	for b.Loop() {
		d, _ := hs[i&1023].Distance(hs[(i+1)&1023])
		sum += d
		i++
	}
	_ = sum
}

func BenchmarkHamming(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	hs := make([]uint64, 1024)
	for i := range hs {
		hs[i] = r.Uint64()
	}
	b.ReportAllocs()
	b.SetBytes(8)
	i, sum := 0, 0
	for b.Loop() {
		sum += simhash.Hamming(hs[i&1023], hs[(i+1)&1023])
		i++
	}
	_ = sum
}

func BenchmarkSum(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	f := make([]uint64, 48)
	w := make([]float32, 48)
	for i := range f {
		f[i], w[i] = r.Uint64(), r.Float32()
	}
	h, _ := simhash.New()
	b.Run("weighted/48", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(48 * 8)
		for b.Loop() {
			h.Sum(f, w)
		}
	})
	b.Run("unit/48", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(48 * 8)
		for b.Loop() {
			h.Sum(f, nil)
		}
	})
}

func BenchmarkSumText(b *testing.B) {
	h := newTextHasher(b, language.Urdu)
	post := []byte(generatedUrduPosts(1)[0])
	b.ReportAllocs()
	b.SetBytes(int64(len(post)))
	for b.Loop() {
		h.SumText(post)
	}
}
