package shingle

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gharbal/gharbal/internal/golden"

	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/normalize"
)

var update = flag.Bool("update", false, "rewrite golden files")

func readInputs(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "inputs.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

type goldenConfig struct {
	kind Kind
	n    int
	seed uint64
}

var goldenConfigs = []goldenConfig{{Words, 3, 0}, {Words, 1, 42}, {Chars, 5, 0}, {Chars, 3, 7}}

// render produces the golden text: one line per (config, input) with every
// shingle as hash@start-end.
func render(t *testing.T, mk func(opts ...Option) *Shingler) string {
	var sb strings.Builder
	for _, c := range goldenConfigs {
		s := mk(WithKind(c.kind), WithN(c.n), WithSeed(c.seed))
		for _, in := range readInputs(t) {
			fmt.Fprintf(&sb, "%s n=%d seed=%d %q:", c.kind, c.n, c.seed, in)
			for _, sh := range s.AppendShingles(nil, []byte(in)) {
				fmt.Fprintf(&sb, " %016x@%d-%d", sh.Hash, sh.Start, sh.End)
			}
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

func checkGolden(t *testing.T, path, got string, perNormalizeVersion bool) {
	t.Helper()
	bump := "FormatVersion"
	if perNormalizeVersion {
		bump = "normalize.Version"
	}
	golden.Check(t, path, got, *update, bump)
}

// TestGoldenFormat pins this package's own output (tokenizer, hashing, span
// mapping) over an identity normalizer, independent of normalize.
func TestGoldenFormat(t *testing.T) {
	got := render(t, func(opts ...Option) *Shingler { return newIdentity(t, opts...) })
	checkGolden(t, filepath.Join("testdata", fmt.Sprintf("format-v%d.golden", FormatVersion)), got, false)
}

// TestGoldenProfile pins the end-to-end output with a real profile, per
// normalize version: a normalize change that keeps its Version fails here.
func TestGoldenProfile(t *testing.T) {
	p, err := normalize.New(normalize.Conservative, language.Und)
	if err != nil {
		t.Fatal(err)
	}
	got := render(t, func(opts ...Option) *Shingler {
		s, err := New(p, opts...)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
	path := filepath.Join("testdata", fmt.Sprintf("profile-v%d-norm%d.golden", FormatVersion, normalize.Version))
	checkGolden(t, path, got, true)
}

func TestGoldenLanguage(t *testing.T) {
	// Params must record the profile's language and level.
	p, err := normalize.New(normalize.Aggressive, language.Urdu)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Params(); got.Language != "ur" || got.Level != normalize.Aggressive {
		t.Errorf("Params() = %+v, want Language ur, Level Aggressive", got)
	}
}
