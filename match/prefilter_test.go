package match

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/internal/synthtext"
)

// TestPrefilterRate measures the blocked filter's per-key false-positive
// rate against the rate it was sized for.
func TestPrefilterRate(t *testing.T) {
	n := 200_000
	if testing.Short() {
		n = 50_000
	}
	for _, p := range []float64{1e-3, 2.5e-4} {
		f := newPrefilter(n, geometryFor(p))
		r := rand.New(rand.NewPCG(1, 2))
		for i := 0; i < n; i++ {
			f.add(r.Uint64())
		}
		for i := 0; i < 1000; i++ { // no false negatives
			r2 := rand.New(rand.NewPCG(1, 2))
			require.True(t, f.test(r2.Uint64()))
		}
		fp, m := 0, 20*n
		for i := 0; i < m; i++ {
			if f.test(r.Uint64()) {
				fp++
			}
		}
		rate := float64(fp) / float64(m)
		t.Logf("target %.1e: k=%d, %.1f bits/key, measured %.2e", p, f.k, float64(len(f.words)*64)/float64(n), rate)
		assert.LessOrEqual(t, rate, 1.4*p, "false-positive rate at target %g", p)
	}
}

// TestPrefilterPassRate: the fraction of unrelated posts that pass the
// prefilter of a 20,000-post index is about DefaultPrefilterRate.
func TestPrefilterPassRate(t *testing.T) {
	c := synthtext.Generate(synthtext.Default(20000))
	items := make([]Item, len(c.Docs))
	for i := range items {
		items[i] = Item{ID: itoa(i), Text: c.Text(i)}
	}
	ix := newTestIndex(t)
	require.NoError(t, ix.AddBatch(items))
	u := synthtext.Default(4000)
	u.Seed = 991
	uc := synthtext.Generate(u)
	v := ix.view.Load()
	pass := 0
	sc := new(scratch)
	for i := range uc.Docs {
		ix.fp.fingerprint(sc, uc.Text(i))
		sc.cands, sc.hits = sc.cands[:0], sc.hits[:0]
		if ix.candidates(sc, v, v.base, 0) >= minEvidence {
			pass++
		}
	}
	rate := float64(pass) / float64(len(uc.Docs))
	t.Logf("unrelated posts passing the prefilter: %d of %d (%.3f%%)", pass, len(uc.Docs), 100*rate)
	assert.LessOrEqual(t, rate, 2*DefaultPrefilterRate)
}

// TestMissAllocs: an unrelated post costs no allocation.
func TestMissAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops objects under the race detector")
	}
	ix := newTestIndex(t)
	require.NoError(t, ix.Add(Item{ID: "a", Text: banned}))
	post := "a completely different post about gardening tomatoes and cucumbers in the summer heat of the plains"
	var dst []Match
	ix.AppendMatches(dst, Query{Text: post}) // warm the pool
	allocs := testing.AllocsPerRun(200, func() {
		dst = ix.AppendMatches(dst[:0], Query{Text: post})
	})
	assert.Zero(t, allocs, "allocations per unrelated query")
	assert.Empty(t, dst)
}

// TestMIHEqualsLinear: multi-index hashing returns exactly what a scan does.
func TestMIHEqualsLinear(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	n := 5000
	items := make([]Item, n)
	hashes := make([]pdq.Hash, n)
	for i := range items {
		for k := range hashes[i] {
			hashes[i][k] = byte(r.Uint32())
		}
		items[i] = Item{ID: itoa(i), PDQ: []pdq.Hash{hashes[i]}}
	}
	// Near copies of a few hashes make matches at every distance.
	for i := 1; i < 200; i++ {
		h := hashes[i-1]
		for f := r.IntN(40); f > 0; f-- {
			b := r.IntN(256)
			h[b/8] ^= 1 << (b % 8)
		}
		items[i].PDQ[0] = h
	}
	defer func(w int) { wideMIH = w }(wideMIH)
	for _, wide := range []int{1 << 30, 3000} {
		if wide < n && testing.Short() {
			continue // wide slots allocate ~500 MB of directories
		}
		wideMIH = wide
		checkMIH(t, r, n, items, wide)
	}
	// 64-bit strings (SimHash), 4 slots.
	hs := make([]uint64, n)
	own := make([]uint32, n)
	for i := range hs {
		hs[i] = r.Uint64()
		own[i] = uint32(i)
	}
	for i := 1; i < 300; i++ {
		hs[i] = hs[i-1] ^ (1 << r.IntN(64)) ^ (1 << r.IntN(64))
	}
	mih, lin := newHamIndex(1, hs, own, false), newHamIndex(1, hs, own, true)
	require.NotNil(t, mih.dir)
	for d := 0; d <= 15; d++ {
		for i := 0; i < 200; i++ {
			q := []uint64{hs[r.IntN(n)] ^ 1<<r.IntN(64)}
			got, want := map[int]int{}, map[int]int{}
			mih.search(q, d, nil, func(i, d int) { got[i] = d })
			lin.search(q, d, nil, func(i, d int) { want[i] = d })
			assert.Equal(t, want, got, "simhash d=%d", d)
		}
	}
}

func checkMIH(t *testing.T, r *rand.Rand, n int, items []Item, wide int) {
	for _, d := range []int{0, 8, 31, 47} {
		mih := newTestIndex(t, WithPDQThreshold(d))
		lin := newTestIndex(t, WithPDQThreshold(d), WithPDQLinearScan())
		require.NoError(t, mih.AddBatch(items))
		require.NoError(t, lin.AddBatch(items))
		for i := 0; i < 300; i++ {
			q := Query{PDQ: []pdq.Hash{items[r.IntN(n)].PDQ[0]}}
			q.PDQ[0][r.IntN(32)] ^= byte(r.Uint32())
			assert.Equal(t, lin.Match(q), mih.Match(q), "wide=%d d=%d query %d", wide, d, i)
		}
	}
}

// TestQuotedPassagesPassPrefilter: a passage quoted from an item (at least
// ten words and half of the item, inside unrelated text) that shares a
// lookup key with the item and is contained enough to match almost always
// also gets past the prefilter's two-key rule, through a second key or a
// solo key, for items of every length from MinTextTokens words up.
func TestQuotedPassagesPassPrefilter(t *testing.T) {
	c := synthtext.Generate(synthtext.Default(6000))
	r := rand.New(rand.NewPCG(1, 2))
	ix := newTestIndex(t)
	const n = 2000
	words := make([][]string, n)
	for i := range words {
		w := strings.Fields(c.Text(i))
		words[i] = w[:MinTextTokens+r.IntN(len(w)-MinTextTokens+1)]
		require.NoError(t, ix.Add(Item{ID: itoa(i), Text: strings.Join(words[i], " ")}))
	}
	v := ix.view.Load()
	sc := new(scratch)
	found, short, lost := 0, 0, 0
	for i, w := range words {
		ql := min(len(w), max(10, len(w)/2+1))
		ql += r.IntN(len(w) - ql + 1)
		st := r.IntN(len(w) - ql + 1)
		pre, post := strings.Fields(c.Text(n+i)), strings.Fields(c.Text(2*n+i))
		q := strings.Join(pre[:10], " ") + " " + strings.Join(w[st:st+ql], " ") + " " + strings.Join(post[:10], " ")
		sc.cands, sc.hits = sc.cands[:0], sc.hits[:0]
		ix.fp.fingerprint(sc, q)
		ev := ix.candidates(sc, v, v.base, 0)
		ix.verify(sc, v) // what the keys find, whatever the prefilter says
		for _, h := range sc.hits {
			if int(h.item) != i {
				continue
			}
			found++
			if len(w) < 20 {
				short++
			}
			if ev < minEvidence {
				lost++
				t.Logf("stopped by the prefilter: item %d (%d words), quote of %d words at %d", i, len(w), ql, st)
			}
		}
	}
	t.Logf("%d quotes found by their keys (%d of items under 20 words), %d of them stopped by the prefilter", found, short, lost)
	// A few are stopped (4 of 1848 with this seed): quotes whose one shared
	// key is not solo, such as a band key of an item with more than
	// bandSoloKeys containment keys.
	assert.LessOrEqual(t, lost*200, found, "quotes stopped by the prefilter")
	assert.Greater(t, found, n*9/10)
	assert.Greater(t, short, n/10)
}
