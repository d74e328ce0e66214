package normalize

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

var update = flag.Bool("update", false, "rewrite the expected outputs of testdata/golden/*.txt (bump normalize.Version first if any output changed)")

// A golden file is plain text, one case per paragraph:
//
//	# what the case covers
//	in: <input>
//	canonical: <output>
//	conservative: <output>
//	aggressive: <output>
//
// A value that starts with a double quote is a Go string literal (for
// invisible characters); any other value is taken as is. The first line is
// "version: N", the normalize.Version the outputs were made with.
type goldenCase struct {
	comment []string
	in      string
	lang    string // optional "lang:" line: profile language (default und)
	opts    string // optional "opts:" line: strictyeh, stem, zwnj=space
	want    map[string]string
}

type goldenFile struct {
	version int
	cases   []*goldenCase
}

func parseValue(v string) (string, error) {
	if strings.HasPrefix(v, `"`) {
		return strconv.Unquote(v)
	}
	return v, nil
}

func formatValue(s string) string {
	if s == "" || strings.HasPrefix(s, `"`) || strings.TrimSpace(s) != s || strings.ContainsFunc(s, isInvisible) || !utf8.ValidString(s) {
		return goQuote(s)
	}
	return s
}

func readGolden(path string) (*goldenFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	g := &goldenFile{}
	var c *goldenCase
	var comment []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case line == "":
			c = nil
			continue
		case strings.HasPrefix(line, "#"):
			comment = append(comment, line)
			continue
		}
		key, val, ok := strings.Cut(line, ": ")
		if !ok {
			key, val, ok = strings.Cut(line, ":")
		}
		if !ok {
			return nil, fmt.Errorf("%s:%d: want key: value", path, n)
		}
		v, err := parseValue(val)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, n, err)
		}
		switch key {
		case "version":
			g.version, err = strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", path, n, err)
			}
		case "in":
			c = &goldenCase{in: v, comment: comment, want: map[string]string{}}
			comment = nil
			g.cases = append(g.cases, c)
		default:
			if c == nil {
				return nil, fmt.Errorf("%s:%d: %q before in:", path, n, key)
			}
			switch key {
			case "lang":
				c.lang = v
			case "opts":
				c.opts = v
			default:
				c.want[key] = v
			}
		}
	}
	return g, sc.Err()
}

func writeGolden(path string, g *goldenFile) error {
	var b strings.Builder
	fmt.Fprintf(&b, "version: %d\n", g.version)
	for _, c := range g.cases {
		b.WriteString("\n")
		for _, l := range c.comment {
			b.WriteString(l + "\n")
		}
		fmt.Fprintf(&b, "in: %s\n", formatValue(c.in))
		if c.lang != "" {
			fmt.Fprintf(&b, "lang: %s\n", c.lang)
		}
		if c.opts != "" {
			fmt.Fprintf(&b, "opts: %s\n", c.opts)
		}
		for _, l := range []Level{Canonical, Conservative, Aggressive} {
			if v, ok := c.want[l.String()]; ok {
				fmt.Fprintf(&b, "%v: %s\n", l, formatValue(v))
			}
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// goQuote quotes s as a Go string literal that escapes invisible runes
// (marks, format characters) and invalid bytes, so reviewers see them.
func goQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || isInvisible(r) || !unicode.IsGraphic(r):
			if r > 0xFFFF {
				fmt.Fprintf(&b, `\U%08x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
		i += n
	}
	b.WriteByte('"')
	return b.String()
}

// profileFor builds the profile of a golden case at level l, or nil when the
// case's options do not apply to l.
func profileFor(t testing.TB, c *goldenCase, l Level) *Profile {
	t.Helper()
	tag := language.Und
	if c.lang != "" {
		tag = language.MustParse(c.lang)
	}
	var opts []Option
	for _, o := range strings.Fields(c.opts) {
		switch o {
		case "strictyeh":
			if l != Conservative {
				return nil
			}
			opts = append(opts, StrictYeh(true))
		case "stem":
			if l != Aggressive {
				return nil
			}
			opts = append(opts, StemEnglish(true))
		case "zwnj=space":
			opts = append(opts, WithZWNJ(ZWNJSpace))
		case "zwnj=keep":
			if l != Canonical {
				return nil
			}
			opts = append(opts, WithZWNJ(ZWNJKeep))
		default:
			t.Fatalf("unknown option %q", o)
		}
	}
	p, err := New(l, tag, opts...)
	if err != nil {
		t.Fatalf("New(%v, %v, %q): %v", l, tag, c.opts, err)
	}
	return p
}

func goldenFiles(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	return files
}

// TestGolden pins every output of testdata/golden/*.txt. An output change
// fails until normalize.Version is bumped and the files are regenerated with
// go test -run TestGolden -update.
func TestGolden(t *testing.T) {
	for _, path := range goldenFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			g, err := readGolden(path)
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				g.version = Version
			}
			for _, c := range g.cases {
				for _, l := range []Level{Canonical, Conservative, Aggressive} {
					p := profileFor(t, c, l)
					if p == nil {
						continue
					}
					got := p.String(c.in)
					want, ok := c.want[l.String()]
					if *update {
						c.want[l.String()] = got
						continue
					}
					if !ok {
						t.Errorf("%s: case %+q has no %v line (run go test -update)", path, c.in, l)
						continue
					}
					if got != want {
						if g.version == Version {
							t.Errorf("%v(%+q) = %+q, want %+q: outputs changed without a bump of normalize.Version (%d)", l, c.in, got, want, Version)
						} else {
							t.Errorf("%v(%+q) = %+q, want %+q (golden version %d, normalize.Version %d: run go test -update)", l, c.in, got, want, g.version, Version)
						}
					}
				}
			}
			if g.version != Version && !*update {
				t.Errorf("%s was made with version %d, normalize.Version is %d: run go test -run TestGolden -update and review the diff", path, g.version, Version)
			}
			if *update {
				if err := writeGolden(path, g); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestUnicodeVersion fails when the toolchain's x/text moves to another
// Unicode version than the generated tables: regenerate the tables
// (go generate), bump normalize.Version and update the golden files.
func TestUnicodeVersion(t *testing.T) {
	if tablesUnicodeVersion != "15.0.0" || norm.Version != tablesUnicodeVersion {
		t.Fatalf("tables are Unicode %s, x/text norm is %s, pinned 15.0.0: regenerate, bump Version, update golden files",
			tablesUnicodeVersion, norm.Version)
	}
	p, _ := New(Conservative, language.Und)
	if got := p.Params().UnicodeVersion; got != norm.Version {
		t.Errorf("Params().UnicodeVersion = %q, want %q", got, norm.Version)
	}
}

// goldenInputs returns every input of the golden files (fuzz seeds and
// property tests).
func goldenInputs(t testing.TB) []string {
	var out []string
	for _, path := range goldenFiles(t) {
		g, err := readGolden(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range g.cases {
			out = append(out, c.in)
		}
	}
	return out
}
