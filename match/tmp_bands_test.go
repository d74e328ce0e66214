package match

import (
	"testing"

	"github.com/gharbal/gharbal/internal/synthtext"
)

func TestTmpBands(t *testing.T) {
	n := 50000
	c := synthtext.Generate(synthtext.Default(n))
	items := make([]Item, n)
	for i := range items {
		items[i] = Item{ID: itoa(i), Text: c.Text(i)}
	}
	qs := synthtext.Queries(c, 2000, 7)
	truth := synthtext.Truth(c, qs, 0.5)
	np, lowp := 0, 0
	for _, tr := range truth {
		for _, p := range tr {
			np++
			if p.J < 0.6 {
				lowp++
			}
		}
	}
	t.Logf("true pairs %d, in [0.5,0.6): %d", np, lowp)
	for _, br := range [][2]int{{20, 3}, {16, 3}, {12, 3}, {10, 3}, {8, 3}, {10, 2}, {8, 2}} {
		ix, _ := NewIndex(WithBands(br[0], br[1]))
		ix.AddBatch(items)
		tp, fp, fn, fnLow := 0, 0, 0, 0
		for qi, q := range qs {
			want := map[string]float64{}
			for _, p := range truth[qi] {
				want[itoa(p.Doc)] = p.J
			}
			got := map[string]bool{}
			for _, m := range ix.MatchText(c.Text(q)) {
				if m.Signal == SignalText && m.ItemID != itoa(q) {
					got[m.ItemID] = true
				}
			}
			for id := range got {
				if _, ok := want[id]; ok {
					tp++
				} else {
					fp++
				}
			}
			for id, j := range want {
				if !got[id] {
					fn++
					if j < 0.6 {
						fnLow++
					}
				}
			}
		}
		// prefilter pass rate on unrelated posts
		cfg2 := synthtext.Default(2000)
		cfg2.Seed = 99
		c2 := synthtext.Generate(cfg2)
		pass, bandPass, winPass, trueBand, trueWin := 0, 0, 0, 0, 0
		for i := 0; i < 2000; i++ {
			sc := ix.fp.pool.Get().(*scratch)
			ix.fp.fingerprint(sc, c2.Text(i))
			v := ix.view.Load()
			bp, wp := false, false
			for b, key := range sc.fp.bands {
				if v.base.bloom.test(keyHash(uint32(b), key, 0)) {
					bp = true
					if len(v.base.bands[b].lookup(key)) > 0 {
						trueBand++
					}
				}
			}
			for _, key := range sc.fp.win {
				if v.base.bloom.test(keyHash(tagWinnow, key, 0)) {
					wp = true
					if len(v.base.win.lookup(key)) > 0 {
						trueWin++
					}
				}
			}
			if bp || wp {
				pass++
			}
			if bp {
				bandPass++
			}
			if wp {
				winPass++
			}
			ix.fp.pool.Put(sc)
		}
		t.Logf("  prefilter pass %.4f (bands %.4f, winnow %.4f) true keys: band %d win %d", float64(pass)/2000, float64(bandPass)/2000, float64(winPass)/2000, trueBand, trueWin)
		st := ix.Stats()
		t.Logf("b=%d r=%d tp=%d fp=%d fn=%d (low %d) R=%.4f B/item=%.0f", br[0], br[1], tp, fp, fn, fnLow, float64(tp)/float64(tp+fn), st.BytesPerItem)
	}
}
