package minhash_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gharbal/gharbal/fingerprint/minhash"
)

var (
	latinABC  = []rune("abcdefghijklmnopqrstuvwxyz")
	arabicABC = []rune("ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنوہھءیے")
)

// genDoc returns a post of 40-60 Zipf words.
func genDoc(r *rand.Rand, abc []rune) string {
	n := 40 + r.IntN(21)
	w := make([]string, n)
	for i := range w {
		w[i] = zipfWord(r, abc)
	}
	return strings.Join(w, " ")
}

// TestCorrelatedHashRegression: a query sharing one frequent shingle (a
// formula every post repeats) with many unrelated posts must not get a high
// estimated similarity with any of them, nor become an LSH candidate. The
// h1+i*h2 family of dgryski/go-minhash gave ~0.8 for a true 0.012 here.
func TestCorrelatedHashRegression(t *testing.T) {
	h := newTextHasher(t)
	bands, rows := minhash.BandsFor(128, 0.5, 0.95)
	for _, sc := range []struct {
		name string
		abc  []rune
	}{{"latin", latinABC}, {"arabic", arabicABC}} {
		r := rand.New(rand.NewPCG(20, 20))
		const formulas, perFormula = 100, 20
		maxEst, sumEst, n, cands := 0.0, 0.0, 0, 0
		for f := range formulas {
			formula := zipfWord(r, sc.abc) + " " + zipfWord(r, sc.abc) + " " + zipfWord(r, sc.abc)
			q := h.SumString(formula + " " + genDoc(r, sc.abc))
			qk := q.BandKeys(nil, bands, rows)
			for range perFormula {
				d := h.SumString(genDoc(r, sc.abc) + " . " + formula)
				est, err := q.Jaccard(d)
				require.NoError(t, err)
				maxEst = math.Max(maxEst, est)
				sumEst += est
				n++
				dk := d.BandKeys(nil, bands, rows)
				for i := range qk {
					if qk[i] == dk[i] {
						cands++
						break
					}
				}
			}
			_ = f
		}
		mean := sumEst / float64(n)
		t.Logf("%s: %d pairs sharing one shingle: mean estimate %.4f, max %.4f, LSH candidates %d (%dx%d)", sc.name, n, mean, maxEst, cands, bands, rows)
		assert.Less(t, mean, 0.03, "%s: mean estimate for J≈0.01", sc.name)
		assert.Less(t, maxEst, 0.12, "%s: max estimate for J≈0.01", sc.name)
		// P(candidate | J=0.01..0.05) <= 0.003 per pair: allow a handful.
		assert.LessOrEqual(t, cands, 8, "%s: LSH candidates among %d unrelated pairs", sc.name, n)
	}
}

// correlatedFamily is the h1 + i*h2 family of dgryski/go-minhash, kept here
// only to show that the degeneracy test below can fail.
func correlatedWinners(hashes []uint64, m int) []int {
	win := make([]int, m)
	for i := range m {
		best := uint64(math.MaxUint64)
		for k, x := range hashes {
			h1 := x
			h2 := x>>32 | x<<32 // a second, cheaply derived hash, as FNV pairs are
			if v := h1 + uint64(i)*h2; v < best {
				best, win[i] = v, k
			}
		}
	}
	return win
}

// TestBandDegeneracy: the fraction of bands whose rows are all won by one
// shingle must stay at the level of an ideal independent family
// (sum over shingles of (1/n)^rows per band), on Latin and Arabic-script
// text. The same measurement on the correlated family must be far higher.
func TestBandDegeneracy(t *testing.T) {
	docs := 1500
	if testing.Short() {
		docs = 500
	}
	h := newTextHasher(t)
	sh := h.Shingler()
	for _, sc := range []struct {
		name string
		abc  []rune
	}{{"latin", latinABC}, {"arabic", arabicABC}} {
		r := rand.New(rand.NewPCG(21, 21))
		for _, rows := range []int{3, 5} {
			bands := 128 / rows
			var got, bad int
			var chance float64
			for range docs {
				text := genDoc(r, sc.abc)
				hashes := sh.AppendHashesString(nil, text)
				uniq := map[uint64]bool{}
				for _, x := range hashes {
					uniq[x] = true
				}
				n := float64(len(uniq))
				chance += float64(bands) * n * math.Pow(1/n, float64(rows))
				s := h.SumString(text)
				// With one-permutation hashing a value identifies the
				// shingle that produced it (up to 2^-32 collisions).
				for b := range bands {
					all := true
					for k := 1; k < rows; k++ {
						all = all && s.Value(b*rows+k) == s.Value(b*rows)
					}
					if all {
						got++
					}
				}
				if rows == 5 {
					win := correlatedWinners(hashes, 128)
					for b := range bands {
						all := true
						for k := 1; k < rows; k++ {
							all = all && win[b*rows+k] == win[b*rows]
						}
						if all {
							bad++
						}
					}
				}
			}
			total := docs * bands
			t.Logf("%s rows=%d: degenerate bands %d of %d (%.4f%%), ideal family expects %.1f; correlated family: %d",
				sc.name, rows, got, total, 100*float64(got)/float64(total), chance, bad)
			// Allow 2x the ideal rate plus Poisson slack.
			assert.LessOrEqual(t, float64(got), 2*chance+4*math.Sqrt(chance)+3, "%s rows=%d", sc.name, rows)
			if rows == 5 {
				assert.Greater(t, bad, 10*got+5, "%s: the test must detect the correlated family", sc.name)
			}
		}
	}
}
