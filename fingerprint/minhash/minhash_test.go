package minhash_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gharbal/gharbal/fingerprint/minhash"
)

func TestOptions(t *testing.T) {
	for _, o := range []minhash.Option{minhash.WithSize(0), minhash.WithSize(minhash.MaxSize + 1), minhash.WithScheme(0), minhash.WithScheme(3), minhash.WithShingler(nil)} {
		_, err := minhash.New(o)
		assert.ErrorIs(t, err, minhash.ErrInvalidOption)
	}
	h, err := minhash.New()
	require.NoError(t, err)
	p := h.Params()
	assert.Equal(t, minhash.Params{Scheme: minhash.OnePermutation, Size: 128, FormatVersion: minhash.FormatVersion}, p)
	assert.Contains(t, p.String(), "minhash/v1 oph m=128")
}

// TestEstimatorError checks bias and RMSE of the Jaccard estimate on random
// set pairs of known Jaccard against the theoretical variance: J(1-J)/m for
// independent permutations, and J(1-J)/min(m, |A∪B|) for one-permutation
// hashing, whose densified bins are copies of the |A∪B| non-empty ones when
// the union is smaller than m (Shrivastava 2017). The seed is fixed and the
// trial count does not depend on -short, so the outcome is deterministic.
func TestEstimatorError(t *testing.T) {
	const trials = 400
	r := rand.New(rand.NewPCG(10, 10))
	for _, scheme := range []minhash.Scheme{minhash.OnePermutation, minhash.Permutations} {
		for _, m := range []int{64, 128} {
			h, err := minhash.New(minhash.WithScheme(scheme), minhash.WithSize(m), minhash.WithSeed(r.Uint64()))
			require.NoError(t, err)
			for _, tc := range []struct{ size, inter int }{{48, 8}, {48, 24}, {48, 40}, {48, 46}, {12, 4}, {400, 200}, {2000, 1800}} {
				j := float64(tc.inter) / float64(2*tc.size-tc.inter)
				var sum, sq float64
				for range trials {
					a, b := randomPair(r, tc.size, tc.size, tc.inter)
					est, err := h.Sum(a).Jaccard(h.Sum(b))
					require.NoError(t, err)
					sum += est
					sq += (est - j) * (est - j)
				}
				mean := sum / float64(trials)
				rmse := math.Sqrt(sq / float64(trials))
				samples := m
				if union := 2*tc.size - tc.inter; scheme == minhash.OnePermutation && union < m {
					samples = union
				}
				theory := math.Sqrt(j * (1 - j) / float64(samples))
				t.Logf("%v m=%d n=%d J=%.3f mean=%.4f rmse=%.4f theory=%.4f", scheme, m, tc.size, j, mean, rmse, theory)
				// Bias: within 4 standard errors of the mean.
				assert.InDelta(t, j, mean, 4*theory/math.Sqrt(float64(trials))+1e-3,
					"%v m=%d |A|=|B|=%d J=%.3f: mean estimate", scheme, m, tc.size, j)
				// RMSE: within 20%% of theory (sampling noise of the RMSE
				// itself is ~5%% at 400 trials).
				assert.LessOrEqual(t, rmse, 1.2*theory+1e-3,
					"%v m=%d |A|=|B|=%d J=%.3f: RMSE %.4f vs theory %.4f", scheme, m, tc.size, j, rmse, theory)
			}
		}
	}
}

func TestIdentityAndEmpty(t *testing.T) {
	h, _ := minhash.New()
	r := rand.New(rand.NewPCG(11, 11))
	a, _ := randomPair(r, 30, 0, 0)
	s := h.Sum(a)
	j, err := s.Jaccard(s)
	require.NoError(t, err)
	assert.Equal(t, 1.0, j)
	// Order and duplicates do not matter.
	rev := append([]uint64(nil), a...)
	for i, k := 0, len(rev)-1; i < k; i, k = i+1, k-1 {
		rev[i], rev[k] = rev[k], rev[i]
	}
	rev = append(rev, a[:5]...)
	assert.True(t, s.Equal(h.Sum(rev)))
	e := h.Sum(nil)
	assert.True(t, e.Empty())
	j, err = e.Jaccard(e)
	require.NoError(t, err)
	assert.Equal(t, 0.0, j)
	assert.Empty(t, e.BandKeys(nil, 16, 8))
	// One element: every position holds that element's value.
	one := h.Sum(a[:1])
	for i := range one.Len() {
		assert.Equal(t, one.Value(0), one.Value(i))
	}
}

func TestIncompatible(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 12))
	a, _ := randomPair(r, 30, 0, 0)
	base, _ := minhash.New()
	others := []minhash.Option{minhash.WithSize(64), minhash.WithSeed(1), minhash.WithScheme(minhash.Permutations)}
	for _, o := range others {
		h, err := minhash.New(o)
		require.NoError(t, err)
		_, err = base.Sum(a).Jaccard(h.Sum(a))
		assert.ErrorIs(t, err, minhash.ErrIncompatible, "%v vs %v", base.Params(), h.Params())
	}
	th := newTextHasher(t)
	_, err := base.Sum(a).Jaccard(th.Sum(a))
	assert.ErrorIs(t, err, minhash.ErrIncompatible, "caller hashes vs shingled text")
	_, err = minhash.Signature{}.Jaccard(minhash.Signature{})
	assert.ErrorIs(t, err, minhash.ErrIncompatible, "zero signatures")
}

func TestBandsFor(t *testing.T) {
	for _, tc := range []struct {
		size              int
		threshold, recall float64
		bands, rows       int
	}{
		{128, 0.5, 0.95, 23, 3},
		{128, 0.5, 0.99, 35, 3},
		{128, 0.7, 0.95, 17, 5},
		{128, 0.8, 0.95, 13, 7},
		{256, 0.5, 0.95, 47, 4},
		{4, 0.5, 0.999, 4, 1}, // unreachable: best effort
	} {
		b, r := minhash.BandsFor(tc.size, tc.threshold, tc.recall)
		assert.Equal(t, [2]int{tc.bands, tc.rows}, [2]int{b, r}, "BandsFor(%d, %v, %v)", tc.size, tc.threshold, tc.recall)
		assert.LessOrEqual(t, b*r, tc.size)
	}
	// Properties over a grid: recall met, one more row infeasible, one band
	// fewer misses the target.
	for _, size := range []int{32, 64, 128, 256, 512} {
		for _, th := range []float64{0.3, 0.5, 0.6, 0.7, 0.8, 0.9} {
			for _, rec := range []float64{0.8, 0.9, 0.95, 0.99} {
				b, r := minhash.BandsFor(size, th, rec)
				p := minhash.CandidateProbability(th, b, r)
				if p < rec {
					assert.Equal(t, [2]int{size, 1}, [2]int{b, r}, "unreachable target must fall back to size x 1")
					continue
				}
				assert.Less(t, minhash.CandidateProbability(th, b-1, r), rec, "BandsFor(%d,%v,%v)=%dx%d: fewer bands suffice", size, th, rec, b, r)
				// More rows: the bands needed do not fit.
				r2 := r + 1
				b2 := size / r2
				assert.True(t, b2 == 0 || minhash.CandidateProbability(th, b2, r2) < rec, "BandsFor(%d,%v,%v)=%dx%d: %dx%d also works", size, th, rec, b, r, b2, r2)
			}
		}
	}
	for _, bad := range [][3]float64{{0, 0.5, 0.9}, {128, 0, 0.9}, {128, 1, 0.9}, {128, 0.5, 1}, {128, math.NaN(), 0.9}} {
		b, r := minhash.BandsFor(int(bad[0]), bad[1], bad[2])
		assert.Equal(t, [2]int{0, 0}, [2]int{b, r}, "BandsFor(%v)", bad)
	}
}

func TestBandKeys(t *testing.T) {
	h, _ := minhash.New()
	r := rand.New(rand.NewPCG(13, 13))
	a, b := randomPair(r, 48, 48, 47)
	sa, sb := h.Sum(a), h.Sum(b)
	ka := sa.BandKeys(nil, 42, 3)
	kb := sb.BandKeys(nil, 42, 3)
	require.Len(t, ka, 42)
	for i := range 42 {
		same := sa.Value(3*i) == sb.Value(3*i) && sa.Value(3*i+1) == sb.Value(3*i+1) && sa.Value(3*i+2) == sb.Value(3*i+2)
		assert.Equal(t, same, ka[i] == kb[i], "band %d", i)
	}
	// Keys differ between bands even when the values are equal.
	one := h.Sum(a[:1])
	k1 := one.BandKeys(nil, 4, 2)
	assert.NotEqual(t, k1[0], k1[1])
	assert.Panics(t, func() { sa.BandKeys(nil, 43, 3) })
	assert.Panics(t, func() { sa.BandKeys(nil, 0, 3) })
}

func TestSignatureString(t *testing.T) {
	h, _ := minhash.New(minhash.WithSize(8))
	s := h.Sum([]uint64{1, 2, 3})
	str := s.String()
	assert.True(t, strings.HasPrefix(str, "minhash/v1 oph m=8 seed=0x0 [hashes] "), str)
	assert.Contains(t, str, "(8 values)")
	assert.Equal(t, "minhash(zero)", minhash.Signature{}.String())
	assert.Contains(t, h.Sum(nil).String(), "empty")
}

func TestZeroAllocs(t *testing.T) {
	h, _ := minhash.New()
	r := rand.New(rand.NewPCG(14, 14))
	a, b := randomPair(r, 48, 48, 20)
	var sa minhash.Signature
	h.SumInto(&sa, a)
	sb := h.Sum(b)
	keys := sa.BandKeys(nil, 23, 3)
	buf, _ := sa.AppendBinary(nil)
	for name, f := range map[string]func(){
		"SumInto":      func() { h.SumInto(&sa, a) },
		"Jaccard":      func() { _, _ = sa.Jaccard(sb) },
		"BandKeys":     func() { keys = sa.BandKeys(keys[:0], 23, 3) },
		"AppendBinary": func() { buf, _ = sa.AppendBinary(buf[:0]) },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s allocs = %v, want 0", name, n)
		}
	}
}

// TestConcurrent shares one Hasher between goroutines (run with -race).
func TestConcurrent(t *testing.T) {
	h := newTextHasher(t)
	r := rand.New(rand.NewPCG(15, 15))
	posts := make([]string, 12)
	want := make([]minhash.Signature, len(posts))
	for i := range posts {
		var words []string
		for range 40 {
			words = append(words, zipfWord(r, []rune("ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنوہھءیے")))
		}
		posts[i] = strings.Join(words, " ")
		want[i] = h.SumString(posts[i])
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			var s minhash.Signature
			for k := range 40 {
				i := (g + k) % len(posts)
				h.SumTextInto(&s, []byte(posts[i]))
				if !s.Equal(want[i]) {
					errs <- errors.New("concurrent SumTextInto differs")
					return
				}
				if j, err := s.Jaccard(want[(i+1)%len(posts)]); err != nil || j > 0.5 {
					errs <- fmt.Errorf("Jaccard of unrelated posts = %v, %v", j, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
