package minhash_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/fingerprint/minhash"
	"github.com/gharbal/gharbal/fingerprint/shingle"
	"github.com/gharbal/gharbal/normalize"
)

// genPost returns a post of n words drawn Zipf-like from a synthetic
// vocabulary over the given alphabet.
func genPost(r *rand.Rand, alphabet []rune, n int) string {
	var sb strings.Builder
	for i := range n {
		if i > 0 {
			sb.WriteByte(' ')
		}
		id := int(float64(50000) * r.Float64() * r.Float64() * r.Float64())
		wr := rand.New(rand.NewPCG(uint64(id), 7))
		l := 2 + wr.IntN(6)
		for range l {
			sb.WriteRune(alphabet[wr.IntN(len(alphabet))])
		}
	}
	return sb.String()
}

var (
	latin  = []rune("abcdefghijklmnopqrstuvwxyz")
	arabic = []rune("ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنوہھءیے")
)

func BenchmarkSumText(b *testing.B) {
	for _, sc := range []struct {
		name string
		abc  []rune
	}{{"latin", latin}, {"arabic", arabic}} {
		for _, lvl := range []normalize.Level{normalize.Canonical, normalize.Conservative} {
			p, err := normalize.New(lvl, language.Und)
			if err != nil {
				b.Fatal(err)
			}
			sh, _ := shingle.New(p)
			h, _ := minhash.New(minhash.WithShingler(sh))
			post := []byte(genPost(rand.New(rand.NewPCG(1, 2)), sc.abc, 50))
			b.Run(sc.name+"/level"+string(rune('0'+lvl)), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(post)))
				var sig minhash.Signature
				for b.Loop() {
					h.SumTextInto(&sig, post)
				}
			})
		}
	}
}

func BenchmarkSum(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	hashes := make([]uint64, 48)
	for i := range hashes {
		hashes[i] = r.Uint64()
	}
	for _, s := range []minhash.Scheme{minhash.OnePermutation, minhash.Permutations} {
		h, _ := minhash.New(minhash.WithScheme(s))
		b.Run(s.String()+"/48", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(48 * 8)
			var sig minhash.Signature
			for b.Loop() {
				h.SumInto(&sig, hashes)
			}
		})
	}
}

func BenchmarkJaccard(b *testing.B) {
	h, _ := minhash.New()
	r := rand.New(rand.NewPCG(5, 6))
	x, y := make([]uint64, 48), make([]uint64, 48)
	for i := range x {
		x[i], y[i] = r.Uint64(), r.Uint64()
	}
	sx, sy := h.Sum(x), h.Sum(y)
	b.ReportAllocs()
	b.SetBytes(2 * 128 * 4)
	for b.Loop() {
		_, _ = sx.Jaccard(sy)
	}
}

func BenchmarkBandKeys(b *testing.B) {
	h, _ := minhash.New()
	s := h.Sum([]uint64{1, 2, 3, 4, 5, 6, 7, 8})
	keys := make([]uint64, 0, 64)
	bands, rows := minhash.BandsFor(128, 0.5, 0.95)
	b.ReportAllocs()
	b.SetBytes(int64(bands * rows * 4))
	for b.Loop() {
		keys = s.BandKeys(keys[:0], bands, rows)
	}
}

func BenchmarkUnmarshalBinary(b *testing.B) {
	h, _ := minhash.New()
	bin, _ := h.Sum([]uint64{1, 2, 3}).MarshalBinary()
	var s minhash.Signature
	b.ReportAllocs()
	b.SetBytes(int64(len(bin)))
	for b.Loop() {
		if err := s.UnmarshalBinary(bin); err != nil {
			b.Fatal(err)
		}
	}
}
