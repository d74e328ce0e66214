package synthtext

import (
	"testing"

	"github.com/gharbal/gharbal/internal/sortedset"
	"github.com/stretchr/testify/assert"
)

func TestDeterministic(t *testing.T) {
	a, b := Generate(Default(500)), Generate(Default(500))
	assert.Equal(t, a.Docs, b.Docs)
	assert.Equal(t, a.Text(7), b.Text(7))
	copies := 0
	for _, p := range a.Parent {
		if p >= 0 {
			copies++
		}
	}
	assert.InDelta(t, 50, copies, 25, "about 10%% edited copies")
}

// TestTruthExact compares the prefix-filtered truth with brute force.
func TestTruthExact(t *testing.T) {
	c := Generate(Default(1500))
	qs := Queries(c, 200, 3)
	got := Truth(c, qs, 0.5)
	for qi, q := range qs {
		var want []Pair
		a := Shingles(c.Docs[q])
		for d := range c.Docs {
			if d == q {
				continue
			}
			if j := sortedset.Jaccard(a, Shingles(c.Docs[d])); j >= 0.5 {
				want = append(want, Pair{Query: q, Doc: d, J: j})
			}
		}
		assert.Equal(t, want, got[qi], "query %d", q)
	}
}
