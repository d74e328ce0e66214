// Command eval runs gharbal's evaluation and regenerates docs/EVAL.md (the
// part between its generated markers) and the plots under docs/eval/.
//
// From the repository root:
//
//	go run -C bench ./cmd/eval          # full run (a few minutes on 2 cores)
//	go run -C bench ./cmd/eval -quick   # smaller run for development
//
// (`go run ./bench/cmd/eval` from the root does not work: bench/ is a nested
// module with its own go.mod; -C bench runs the command inside it.)
//
// The run is deterministic for a given -seed and data, except for the
// timings (throughput, build and hashing time), which depend on the machine.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/gharbal/gharbal/bench/internal/evalrun"
	"github.com/gharbal/gharbal/bench/internal/gharbalmethod"
	"github.com/gharbal/gharbal/bench/internal/textmatch"
	"github.com/gharbal/gharbal/match"
	"github.com/gharbal/gharbal/normalize"
	"golang.org/x/text/language"
)

func main() {
	quick := flag.Bool("quick", false, "smaller run for development")
	seed := flag.Uint64("seed", 0, "random seed (0: the published default)")
	samples := flag.Bool("samples", false, "use bench/testdata/text even when ../shared/data/text exists")
	out := flag.String("docs", "", "docs folder to write EVAL.md and eval/*.png into (default: <repo>/docs)")
	noImages := flag.Bool("noimages", false, "skip the image evaluation")
	misses := flag.Int("misses", 0, "print up to this many of gharbal's misses per technique, and its false matches, to stderr")
	flag.Parse()
	if err := run(*quick, *seed, *samples, *out, *noImages, *misses); err != nil {
		fmt.Fprintln(os.Stderr, "eval:", err)
		os.Exit(1)
	}
}

func run(quick bool, seed uint64, samples bool, docs string, noImages bool, misses int) error {
	t0 := time.Now()
	cfg := evalrun.Default()
	cmd := "go run -C bench ./cmd/eval"
	if quick {
		cfg = evalrun.Quick()
		cmd += " -quick"
	}
	if seed != 0 {
		cfg.Seed = seed
		cmd += fmt.Sprintf(" -seed %d", seed)
	}
	if samples {
		cmd += " -samples"
	}
	cfg.Samples = samples
	cfg.Log = os.Stderr
	cfg.Methods = Methods
	cfg.Ablations = Ablations
	cfg.PDQIndex = func() evalrun.PDQLookup { return &gharbalmethod.PDQIndex{} }
	root, err := evalrun.FindRepoRoot(".")
	if err != nil {
		return err
	}
	cfg.Dir = root
	if docs == "" {
		docs = filepath.Join(root, "docs")
	}
	tr, err := evalrun.RunText(cfg)
	if err != nil {
		return err
	}
	for _, m := range tr.Methods {
		if m.Err != nil {
			return fmt.Errorf("%s: %w", m.Name, m.Err)
		}
	}
	if misses > 0 {
		for _, l := range evalrun.Misses(tr, 0, misses) {
			fmt.Fprintf(os.Stderr, "miss: %+q\n", l)
		}
	}
	var ir *evalrun.ImageResult
	if !noImages {
		if ir, err = evalrun.RunImages(cfg); err != nil {
			return err
		}
	}
	meta := evalrun.Meta{Command: cmd, GoVersion: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH,
		Machine: machine(), Wall: time.Since(t0), Config: cfg,
		Label: "`match.NewIndex()` with default options (normalize level, shingles, LSH bands, containment and thresholds as shipped), queried with `Index.Match(match.Query{Text})`"}
	if err := evalrun.WriteDocs(docs, tr, ir, meta); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s in %v\n", filepath.Join(docs, "EVAL.md"), time.Since(t0).Round(time.Millisecond))
	return nil
}

// Methods returns the text methods in report order: gharbal first, then the
// baselines.
func Methods() []textmatch.Method {
	return []textmatch.Method{
		gharbalmethod.New("gharbal", "match.Index, default options"),
		textmatch.NewNaive(),
		textmatch.NewPeer(),
	}
}

// Ablations returns gharbal variants reported in their own table.
func Ablations() []textmatch.Method {
	return []textmatch.Method{
		gharbalmethod.New("gharbal, Conservative level", "match.WithNormalization(normalize.Conservative, language.Und)",
			match.WithNormalization(normalize.Conservative, language.Und)),
		gharbalmethod.New("gharbal, Canonical level", "match.WithNormalization(normalize.Canonical, language.Und)",
			match.WithNormalization(normalize.Canonical, language.Und)),
		gharbalmethod.New("gharbal, no containment", "match.WithContainmentThreshold(1, 1000000)",
			match.WithContainmentThreshold(1, 1_000_000)),
		gharbalmethod.New("gharbal, 16x2 LSH bands", "match.WithBands(16, 2): twice the band keys per item",
			match.WithBands(16, 2)),
		gharbalmethod.NewWithTranslit("gharbal + match/translit", "a translit.Index over the same items, queried beside match.Index"),
	}
}

// machine describes the CPU from /proc/cpuinfo where available.
func machine() string {
	model := ""
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if model == "" {
		model = "unknown CPU"
	}
	return fmt.Sprintf("%s, %d logical CPUs (GOMAXPROCS %d), shared with other work", model, runtime.NumCPU(), runtime.GOMAXPROCS(0))
}
