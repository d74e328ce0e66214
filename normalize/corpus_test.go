package normalize

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/gharbal/gharbal/internal/shareddata"
)

// TestCorpora runs the invariants over every line of the shared corpora
// (../shared/data/text, skipped when absent) and logs the vocabulary
// reduction per language and level (go test -v -run TestCorpora).
func TestCorpora(t *testing.T) {
	for _, name := range []string{"ur", "ps", "ar", "fa", "en", "roman_ur"} {
		t.Run(name, func(t *testing.T) {
			path := shareddata.Path(t, "text", name+".txt")
			lines := readLines(t, path)
			if testing.Short() && len(lines) > 500 {
				lines = lines[:500]
			}
			vocab := map[Level]map[string]bool{0: {}}
			for _, l := range levels {
				vocab[l] = map[string]bool{}
			}
			profiles := map[Level]*Profile{}
			for _, l := range levels {
				profiles[l] = mustNew(t, l)
			}
			bad := 0
			for n, line := range lines {
				for _, w := range strings.Fields(line) {
					vocab[0][w] = true
				}
				var cons string
				for _, l := range levels {
					p := profiles[l]
					out := p.String(line)
					if again := p.String(out); again != out && bad < 10 {
						bad++
						t.Errorf("%s:%d: %v not idempotent: %+q -> %+q", name, n+1, l, out, again)
					}
					if l != Canonical {
						for _, r := range out {
							if (isInvisible(r) || unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf)) && bad < 10 {
								bad++
								t.Errorf("%s:%d: %v output keeps %U", name, n+1, l, r)
							}
						}
					}
					if l == Conservative {
						cons = out
					}
					if l == Aggressive && bad < 10 {
						if a := p.String(cons); a != out {
							bad++
							t.Errorf("%s:%d: Aggressive(Conservative(x)) = %+q, Aggressive(x) = %+q", name, n+1, a, out)
						}
					}
					for _, w := range strings.Fields(out) {
						vocab[l][w] = true
					}
				}
			}
			raw := len(vocab[0])
			red := func(l Level) float64 { return 100 * (1 - float64(len(vocab[l]))/float64(raw)) }
			t.Logf("%s: %d lines; word types raw %d, canonical %d (-%.1f%%), conservative %d (-%.1f%%), aggressive %d (-%.1f%%)",
				name, len(lines), raw, len(vocab[Canonical]), red(Canonical), len(vocab[Conservative]), red(Conservative),
				len(vocab[Aggressive]), red(Aggressive))
		})
	}
}

// TestCorporaOptions measures what the options cost or gain on the shared
// corpora: the distinct word forms with and without the option (fewer forms
// means more variants meet, and more unrelated words merge), and checks
// idempotence with the option on every line.
func TestCorporaOptions(t *testing.T) {
	for _, c := range []struct {
		corpus string
		level  Level
		opt    Option
		name   string
	}{
		{"ur", Conservative, StrictYeh(true), "StrictYeh"},
		{"ps", Conservative, StrictYeh(true), "StrictYeh"},
		{"fa", Conservative, WithZWNJ(ZWNJSpace), "ZWNJSpace"},
		{"ur", Conservative, WithZWNJ(ZWNJSpace), "ZWNJSpace"},
		{"en", Aggressive, StemEnglish(true), "StemEnglish"},
		{"roman_ur", Aggressive, StemEnglish(true), "StemEnglish"},
	} {
		t.Run(c.corpus+"/"+c.name, func(t *testing.T) {
			lines := readLines(t, shareddata.Path(t, "text", c.corpus+".txt"))
			if testing.Short() && len(lines) > 500 {
				lines = lines[:500]
			}
			def, with := mustNew(t, c.level), mustNew(t, c.level, c.opt)
			a, b := map[string]bool{}, map[string]bool{}
			bad := 0
			for n, line := range lines {
				for _, w := range strings.Fields(def.String(line)) {
					a[w] = true
				}
				out := with.String(line)
				if again := with.String(out); again != out && bad < 10 {
					bad++
					t.Errorf("%s:%d: %v not idempotent: %+q -> %+q", c.corpus, n+1, with.Params(), out, again)
				}
				for _, w := range strings.Fields(out) {
					b[w] = true
				}
			}
			t.Logf("%s %v: word types %d by default, %d with %s (%+.1f%%)", c.corpus, c.level, len(a), len(b), c.name,
				100*(float64(len(b))/float64(len(a))-1))
		})
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}
