package wordset

import (
	"slices"
	"testing"

	"github.com/gharbal/gharbal/internal/sortedset"
)

func TestTokensFoldAndSplit(t *testing.T) {
	got := Tokens("ＨＥＬＬＯ, World! straße ﻓﻲ")
	want := []string{"hello", "world", "strasse", "في"}
	if !slices.Equal(got, want) {
		t.Errorf("Tokens = %q, want %q", got, want)
	}
}

func TestJaccard(t *testing.T) {
	a := Shingles(Tokens("a b c d e"), 3) // abc bcd cde
	b := Shingles(Tokens("a b c d x"), 3) // abc bcd cdx
	if got := sortedset.Jaccard(a, b); got != 0.5 {
		t.Errorf("Jaccard = %v, want 0.5 (2 shared of 4)", got)
	}
	if got := sortedset.Jaccard(a, a); got != 1 {
		t.Errorf("Jaccard(a, a) = %v", got)
	}
	if got := sortedset.Jaccard(nil, nil); got != 0 {
		t.Errorf("Jaccard(nil, nil) = %v", got)
	}
	if got := len(Shingles(Tokens("one two"), 3)); got != 1 {
		t.Errorf("short text: %d shingles, want 1", got)
	}
	if got := ShingleStrings(Tokens("a b c a b c"), 3); !slices.Equal(got, []string{"a b c", "b c a", "c a b"}) {
		t.Errorf("ShingleStrings = %q", got)
	}
}

func TestSkeletonTokens(t *testing.T) {
	a := SkeletonTokens("ټیګور خپل شهكار اثر په ١٢ كې يې")
	b := SkeletonTokens("ټیګور خپل شهکار اثر په ۱۲ کې یې")
	if !slices.Equal(a, b) {
		t.Errorf("SkeletonTokens: %q vs %q, want equal", a, b)
	}
	if got := SkeletonTokens("الدَّوْلَـــة"); !slices.Equal(got, []string{"الدوله"}) {
		t.Errorf("SkeletonTokens(harakat, tatweel) = %q", got)
	}
}
