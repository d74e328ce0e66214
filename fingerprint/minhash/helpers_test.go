package minhash_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/fingerprint/minhash"
	"github.com/gharbal/gharbal/fingerprint/shingle"
	"github.com/gharbal/gharbal/normalize"
)

// randomPair returns two sets of sizes with exactly inter common elements.
func randomPair(r *rand.Rand, sizeA, sizeB, inter int) (a, b []uint64) {
	for range inter {
		x := r.Uint64()
		a = append(a, x)
		b = append(b, x)
	}
	for len(a) < sizeA {
		a = append(a, r.Uint64())
	}
	for len(b) < sizeB {
		b = append(b, r.Uint64())
	}
	return a, b
}

func newTextHasher(t testing.TB, opts ...minhash.Option) *minhash.Hasher {
	t.Helper()
	p, err := normalize.New(normalize.Conservative, language.Und)
	require.NoError(t, err)
	sh, err := shingle.New(p)
	require.NoError(t, err)
	h, err := minhash.New(append([]minhash.Option{minhash.WithShingler(sh)}, opts...)...)
	require.NoError(t, err)
	return h
}

// zipfWord returns a word of a synthetic Zipf-distributed vocabulary.
func zipfWord(r *rand.Rand, abc []rune) string {
	id := uint64(50000 * r.Float64() * r.Float64() * r.Float64())
	wr := rand.New(rand.NewPCG(id, 7))
	l := 2 + wr.IntN(6)
	w := make([]rune, l)
	for i := range w {
		w[i] = abc[wr.IntN(len(abc))]
	}
	return string(w)
}
