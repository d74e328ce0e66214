package shingle_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gharbal/gharbal/fingerprint/shingle"
	"github.com/gharbal/gharbal/normalize"
)

// TestWinnowGuarantee embeds a banned passage of exactly w+n-1 words in two
// unrelated longer posts and checks that the winnowed selections share a
// hash whose spans lie inside the passage in both posts.
func TestWinnowGuarantee(t *testing.T) {
	const n, w = 3, 6
	s := newShingler(t, normalize.Conservative, shingle.WithN(n))
	r := rand.New(rand.NewPCG(5, 5))
	for trial := range 300 {
		abc := latin
		if trial%2 == 1 {
			abc = arabic
		}
		words := func(k int) []string {
			out := make([]string, k)
			for i := range out {
				var sb strings.Builder
				for range 1 + r.IntN(6) {
					sb.WriteRune(abc[r.IntN(len(abc)-12)]) // letters only
				}
				out[i] = sb.String()
			}
			return out
		}
		passage := strings.Join(words(w+n-1), " ")
		pre1, post1 := strings.Join(words(r.IntN(30)), " "), strings.Join(words(r.IntN(30)), " ")
		pre2, post2 := strings.Join(words(r.IntN(30)), " "), strings.Join(words(r.IntN(30)), " ")
		a := pre1 + " . " + passage + " . " + post1
		b := pre2 + " ! " + passage + " ! " + post2
		selA := shingle.Winnow(nil, s.AppendShingles(nil, []byte(a)), w)
		selB := shingle.Winnow(nil, s.AppendShingles(nil, []byte(b)), w)
		pa := strings.Index(a, passage)
		pb := strings.Index(b, passage)
		found := false
		for _, x := range selA {
			for _, y := range selB {
				if x.Hash == y.Hash &&
					int(x.Start) >= pa && int(x.End) <= pa+len(passage) &&
					int(y.Start) >= pb && int(y.End) <= pb+len(passage) {
					found = true
				}
			}
		}
		require.True(t, found, "trial %d: shared passage %+q not caught\nA=%+q\nB=%+q", trial, passage, a, b)
	}
}

func TestWinnowProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	seq := make([]shingle.Shingle, 500)
	for i := range seq {
		seq[i] = shingle.Shingle{Hash: r.Uint64() % 64, Start: int32(i), End: int32(i + 1)} // many ties
	}
	for _, w := range []int{1, 2, 4, 8, 50, 1000} {
		sel := shingle.Winnow(nil, seq, w)
		require.NotEmpty(t, sel)
		// In text order, no repeats.
		for i := 1; i < len(sel); i++ {
			assert.Less(t, sel[i-1].Start, sel[i].Start, "w=%d", w)
		}
		// Every window contains a selected position holding its minimum.
		ww := min(w, len(seq))
		for lo := 0; lo+ww <= len(seq); lo++ {
			m := seq[lo].Hash
			for _, x := range seq[lo : lo+ww] {
				m = min(m, x.Hash)
			}
			ok := false
			for _, x := range sel {
				if int(x.Start) >= lo && int(x.Start) < lo+ww && x.Hash == m {
					ok = true
					break
				}
			}
			require.True(t, ok, "w=%d window at %d has no selected minimum", w, lo)
		}
		if w == 1 {
			assert.Len(t, sel, len(seq))
		}
	}
	// Density is about 2/(w+1) on random hashes.
	for i := range seq {
		seq[i].Hash = r.Uint64()
	}
	sel := shingle.Winnow(nil, seq, 9)
	d := float64(len(sel)) / float64(len(seq))
	assert.InDelta(t, 2.0/10, d, 0.05, "density for w=9")
	assert.Empty(t, shingle.Winnow(nil, nil, 4))
	assert.Len(t, shingle.Winnow(nil, seq[:3], 0), 3, "w<1 selects everything")
}
