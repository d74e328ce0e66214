package gharbalmethod

import (
	"testing"

	"github.com/gharbal/gharbal/fingerprint/pdq"
)

func TestTextAndPDQ(t *testing.T) {
	items := []string{
		"the city council opened a new public library near the river on thursday morning",
		"heavy rain closed the main road to the airport for several hours yesterday afternoon",
	}
	m := New("gharbal", "defaults")
	if err := m.Build(items); err != nil {
		t.Fatalf("Build: %v", err)
	}
	hits := m.Query(nil, "THE CITY COUNCIL OPENED A NEW PUBLIC LIBRARY NEAR THE RIVER ON THURSDAY MORNING")
	if len(hits) != 1 || hits[0].Item != 0 || !hits[0].Match || hits[0].Score < 0.99 {
		t.Errorf("Query(upper-case copy of item 0) = %+v, want item 0 at score 1", hits)
	}
	if hits := m.Query(nil, "students will spend one term working with engineers on village water projects"); len(hits) != 0 {
		t.Errorf("Query(unrelated) = %+v, want none", hits)
	}

	var a, b pdq.Hash
	for i := range b {
		b[i] = 0xff
	}
	a[0] = 1
	var ix PDQIndex
	if err := ix.Build([]pdq.Hash{a, b}); err != nil {
		t.Fatalf("PDQIndex.Build: %v", err)
	}
	near := a
	near[1] = 0x0f // 4 bits away from a
	if got := ix.Lookup([]pdq.Hash{near}); len(got) != 1 || got[0] != 0 {
		t.Errorf("Lookup(4 bits from hash 0) = %v, want [0]", got)
	}
}
