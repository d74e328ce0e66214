package corpus

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func samples(t *testing.T) Source {
	t.Helper()
	src, err := Locate(".", true)
	if err != nil {
		t.Fatalf("Locate: %v", err)
	}
	if src.Shared {
		t.Fatalf("Locate(forceSamples) = %s", src.Dir)
	}
	return src
}

func TestBuildKeepsNegativesDisjoint(t *testing.T) {
	src := samples(t)
	for _, lang := range Languages {
		lines, nums, err := ReadLines(filepath.Join(src.Dir, lang+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		s, err := Build(lang, lines, nums, Options{Items: 3, MaxNegatives: 50, Seed: 1})
		if err != nil {
			t.Fatalf("Build(%s): %v", lang, err)
		}
		if len(s.Items) != 3 || len(s.Negatives) == 0 {
			t.Errorf("Build(%s): %d items, %d negatives", lang, len(s.Items), len(s.Negatives))
		}
		used := map[int]bool{}
		for _, it := range s.Items {
			if n := len(it.Sentences); n < 2 || n > 4 {
				t.Errorf("%s: item %s has %d sentences", lang, it.ID, n)
			}
			for k, l := range it.Lines {
				used[l] = true
				if k > 0 && l != it.Lines[k-1]+1 {
					t.Errorf("%s: item %s lines %v not consecutive", lang, it.ID, it.Lines)
				}
			}
		}
		for _, n := range s.Negatives {
			for k := 1; k < len(n.Lines); k++ {
				if n.Lines[k] != n.Lines[k-1]+1 {
					t.Errorf("%s: negative %s lines %v not consecutive", lang, n.ID, n.Lines)
				}
			}
			for _, l := range n.Lines {
				if used[l] || used[l-1] || used[l+1] {
					t.Errorf("%s: negative %s uses or touches an item's line %d", lang, n.ID, l)
				}
			}
		}
		again, _ := Build(lang, lines, nums, Options{Items: 3, MaxNegatives: 50, Seed: 1})
		for i := range s.Items {
			if again.Items[i].ID != s.Items[i].ID {
				t.Errorf("%s: Build not deterministic", lang)
			}
		}
	}
}

func TestParallel(t *testing.T) {
	src := samples(t)
	pairs, err := ReadParallel(src.Parallel)
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 12 {
		t.Fatalf("ReadParallel: %d pairs, want 12 (header skipped)", len(pairs))
	}
	pp := BuildParallel(pairs, 3, 1)
	if len(pp) != 3 || pp[0].Dir != "roman->ur" || pp[1].Dir != "ur->roman" {
		t.Fatalf("BuildParallel: %+v", pp)
	}
	if pp[0].Item.Text() == pp[0].Query {
		t.Errorf("parallel item and query are the same text")
	}
}

func TestReadLinesSkipsBadLines(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.txt")
	long := strings.Repeat("a", maxLineBytes+10)
	data := "one\n\n" + long + "\nbad \xff\n  two  \nthree"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	lines, nums, err := ReadLines(p)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lines, []string{"one", "two", "three"}) || !slices.Equal(nums, []int{1, 5, 6}) {
		t.Errorf("ReadLines = %q %v, want [one two three] [1 5 6]", lines, nums)
	}
}
