package evalrun

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gharbal/gharbal/bench/internal/gharbalmethod"
	"github.com/gharbal/gharbal/bench/internal/textmatch"
)

// tiny is a run over the bundled samples small enough for go test.
func tiny() Config {
	c := Default()
	c.Samples = true
	c.Items, c.Negatives, c.Parallel = 3, 4, 2
	c.Images, c.ImageNegs, c.ImageSize = 3, 4, 96
	c.PDQIndex = func() PDQLookup { return &gharbalmethod.PDQIndex{} }
	c.Methods = func() []textmatch.Method {
		return []textmatch.Method{gharbalmethod.New("gharbal", "defaults"), textmatch.NewNaive(), textmatch.NewPeer()}
	}
	return c
}

func TestPipelineOnSamples(t *testing.T) {
	c := tiny()
	tr, err := RunText(c)
	if err != nil {
		t.Fatalf("RunText: %v", err)
	}
	if tr.Source.Shared {
		t.Fatalf("RunText with Samples read %s, want the bundled samples", tr.Source.Dir)
	}
	if got, want := len(tr.Items), 6*3+2; got != want {
		t.Errorf("items = %d, want %d (3 per language + 2 parallel)", got, want)
	}
	if len(tr.Negatives) == 0 {
		t.Fatal("no negatives")
	}
	for _, mr := range tr.Methods {
		if mr.Err != nil {
			t.Fatalf("%s: %v", mr.Name, mr.Err)
		}
		if mr.Panics > 0 {
			t.Errorf("%s: %d queries panicked, first %s", mr.Name, mr.Panics, mr.FirstPanic)
		}
		s := Summarize(tr, mr)
		id := s.ByTech["identity"]
		if id == nil || id.N != 18 || id.Found != id.N {
			t.Errorf("%s: identity copies recalled %+v, want 18 of 18", mr.Name, id)
		}
		if s.FalseNeg != 0 {
			t.Errorf("%s: %d of %d disjoint sample posts matched an item", mr.Name, s.FalseNeg, s.Negatives)
		}
		if p := s.Precision(); p < 1 {
			t.Errorf("%s: precision %.3f on the samples, want 1", mr.Name, p)
		}
	}
	// The library must beat the naive baseline on a technique the naive
	// tokenization cannot see through.
	g, n := Summarize(tr, tr.Methods[0]), Summarize(tr, tr.Methods[1])
	if g.ByTech["invisible"].Recall() <= n.ByTech["invisible"].Recall() {
		t.Errorf("invisible: gharbal %.2f <= naive %.2f", g.ByTech["invisible"].Recall(), n.ByTech["invisible"].Recall())
	}

	// Same seed, same data: same queries.
	tr2, err := RunText(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr2.Queries) != len(tr.Queries) {
		t.Fatalf("second run: %d queries, first %d", len(tr2.Queries), len(tr.Queries))
	}
	for i := range tr.Queries {
		if tr.Queries[i] != tr2.Queries[i] {
			t.Fatalf("query %d differs between runs: %+v vs %+v", i, tr.Queries[i], tr2.Queries[i])
		}
	}

	ir, err := RunImages(c)
	if err != nil {
		t.Fatalf("RunImages: %v", err)
	}
	for i, o := range ir.Pos[0] {
		if ir.Transforms[0].Name != "identity" || o.Plain != 0 || o.Dihedral != 0 {
			t.Errorf("image %d identity copy: %+v, want distance 0", i, o)
		}
	}

	if ir.IndexTotal == 0 || ir.IndexAgree != ir.IndexTotal {
		t.Errorf("match.Index PDQ lookups agree with the direct scan on %d of %d queries", ir.IndexAgree, ir.IndexTotal)
	}

	// The report keeps what is outside its markers.
	docs := t.TempDir()
	mirror := "## Mirror accounts\n\nWritten by hand.\n"
	if err := os.WriteFile(filepath.Join(docs, "EVAL.md"), []byte("# Evaluation\n\n"+BeginMarker+"\nold\n"+EndMarker+"\n\n"+mirror), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteDocs(docs, tr, ir, Meta{Command: "test", Config: c, Label: "test"}); err != nil {
		t.Fatalf("WriteDocs: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(docs, "EVAL.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.HasSuffix(s, mirror) || strings.Contains(s, "\nold\n") || strings.Count(s, BeginMarker) != 1 {
		t.Errorf("EVAL.md after WriteDocs lost the hand-written section or kept the old block:\n%s", s)
	}
	for _, want := range []string{"## Targets of issue 6", "| gharbal |", "## Images: PDQ"} {
		if !strings.Contains(s, want) {
			t.Errorf("EVAL.md lacks %q", want)
		}
	}
	pngs, _ := filepath.Glob(filepath.Join(docs, "eval", "*.png"))
	if len(pngs) < 6 {
		t.Errorf("plots written: %v, want at least 6", pngs)
	}
	for _, p := range pngs {
		if fi, err := os.Stat(p); err != nil || fi.Size() < 1000 {
			t.Errorf("plot %s missing or tiny", p)
		}
	}
}

func TestMergeGeneratedCreatesAndInserts(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "EVAL.md")
	if err := MergeGenerated(p, "one\n"); err != nil {
		t.Fatal(err)
	}
	if err := MergeGenerated(p, "two\n"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	if s := string(b); strings.Contains(s, "one") || !strings.Contains(s, "two") || strings.Count(s, EndMarker) != 1 {
		t.Errorf("regenerated file:\n%s", s)
	}
	// A file without markers keeps its content after the block.
	if err := os.WriteFile(p, []byte("# Evaluation\n\n## Mirror accounts\n\ntext\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := MergeGenerated(p, "three\n"); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(p)
	if s := string(b); !strings.Contains(s, "three") || !strings.HasSuffix(s, "## Mirror accounts\n\ntext\n") {
		t.Errorf("insert into an unmarked file:\n%s", s)
	}
	// An untitled file without markers gets a title, then the block, then
	// its content.
	if err := os.WriteFile(p, []byte("## Mirror accounts\n\ntext\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := MergeGenerated(p, "four\n"); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(p)
	if s := string(b); !strings.HasPrefix(s, "# Evaluation\n\n"+BeginMarker+"\nfour\n") || !strings.HasSuffix(s, "## Mirror accounts\n\ntext\n") {
		t.Errorf("insert into an untitled unmarked file:\n%s", s)
	}
}

func TestFindRepoRoot(t *testing.T) {
	root, err := FindRepoRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "bench", "go.mod")); err != nil {
		t.Errorf("FindRepoRoot = %s, which has no bench/go.mod", root)
	}
	if _, err := FindRepoRoot(t.TempDir()); err == nil {
		t.Error("FindRepoRoot(temp dir) found a root")
	}
}
