package textmatch

import "testing"

var items = []string{
	"the city council opened a new public library near the river on thursday morning",
	"heavy rain closed the main road to the airport for several hours yesterday afternoon",
	"a local farmer won the national prize for the best apples of the whole season",
}

func TestBaselines(t *testing.T) {
	for _, m := range []Method{NewNaive(), NewPeer()} {
		if err := m.Build(items); err != nil {
			t.Fatalf("%s.Build: %v", m.Name(), err)
		}
		for i, s := range items {
			hits := m.Query(nil, s)
			found := false
			for _, h := range hits {
				if h.Item == i && h.Match && h.Score == 1 {
					found = true
				} else if h.Match {
					t.Errorf("%s: copy of item %d matched item %d", m.Name(), i, h.Item)
				}
			}
			if !found {
				t.Errorf("%s: exact copy of item %d not matched with score 1: %+v", m.Name(), i, hits)
			}
		}
		for _, h := range m.Query(nil, "students will spend one term working with engineers on village water projects") {
			if h.Match {
				t.Errorf("%s: unrelated text matched item %d (score %.2f)", m.Name(), h.Item, h.Score)
			}
		}
		// One word changed in 14: 9 of 12 shingles kept, J = 9/15 = 0.6.
		hits := m.Query(nil, "the city council opened a new public library near the lake on thursday morning")
		SortHits(hits)
		if len(hits) == 0 || hits[0].Item != 0 {
			t.Errorf("%s: edited copy of item 0 not ranked first: %+v", m.Name(), hits)
		}
	}
}

func TestNaiveScoreIsExactJaccard(t *testing.T) {
	n := NewNaive()
	if err := n.Build(items); err != nil {
		t.Fatal(err)
	}
	hits := n.Query(nil, "the city council opened a new public library near the lake on thursday morning")
	if len(hits) != 1 || hits[0].Score != 0.6 || !hits[0].Match {
		t.Errorf("naive hits = %+v, want item 0 at exactly 0.6", hits)
	}
}
