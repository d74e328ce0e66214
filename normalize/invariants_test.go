package normalize

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/transform"
)

var levels = []Level{Canonical, Conservative, Aggressive}

func mustNew(t testing.TB, l Level, opts ...Option) *Profile {
	t.Helper()
	p, err := New(l, language.Und, opts...)
	if err != nil {
		t.Fatalf("New(%v): %v", l, err)
	}
	return p
}

// extraInputs exercise the context rules across boundaries.
var extraInputs = []string{
	"", " ", "a", "aaa", "a a a a", "a  b   c", "ن ي ق", "ب ت ث ن", "j i h a d x y", "1 2 3", "a1 1a",
	"ح\u0654\u0654", "ح\u064e\u0654", "ح\u200d\u0654", "مےےےں", "e\u0301\u0301\u0301", "\u0301a", "가각", "\u1100\u1161\u11a8",
	"hello!!! !!! @ @@a a@ $ €uro", "ا ب ج د ه و ز ح ط ي ك ل م ن س ع ف ص ق ر ش ت ث خ ذ ض ظ غ",
	strings.Repeat("a ", 40), strings.Repeat("ب ", 40), strings.Repeat("x", 2000), strings.Repeat("ن", 700),
	strings.Repeat("\u0301", 100), "a" + strings.Repeat("\u064e", 40) + "b", strings.Repeat("1a", 600),
	"\xff\xfe\xfd", "\xe0\x80\x80", "a\xd8", "ﷺ ﷽ ﵀", "ＴＴＰ ᴛᴛᴘ 🅣🅣🅟", "recruiting recruits",
}

func allInputs(t testing.TB) []string {
	return append(goldenInputs(t), extraInputs...)
}

// checkInvariants checks the profile invariants on s; it is shared by the
// tests and the fuzz targets.
func checkInvariants(t *testing.T, s string) {
	t.Helper()
	var outs [4]string
	for _, l := range levels {
		p := mustNew(t, l)
		got := p.String(s)
		outs[l] = got
		if !utf8.ValidString(got) {
			t.Errorf("%v(%+q) = %+q: invalid UTF-8", l, s, got)
		}
		if again := p.String(got); again != got {
			t.Errorf("%v not idempotent on %+q: %+q -> %+q", l, s, got, again)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Errorf("%v(%+q) = %+q: untrimmed or repeated spaces", l, s, got)
		}
		if b := string(p.Append([]byte("prefix"), []byte(s))); b != "prefix"+got {
			t.Errorf("%v Append(%+q) = %+q, want prefix+%+q", l, s, b, got)
		}
		if b := string(p.Bytes([]byte(s))); b != got {
			t.Errorf("%v Bytes(%+q) = %+q, want %+q", l, s, b, got)
		}
		checkOffsets(t, p, s, got)
		checkStream(t, p, s, got)
		if l != Canonical {
			for _, r := range got {
				if isInvisible(r) {
					t.Errorf("%v(%+q) = %+q keeps invisible %U", l, s, got, r)
				}
			}
		}
	}
	a := mustNew(t, Aggressive)
	if got := a.String(outs[Conservative]); got != outs[Aggressive] {
		t.Errorf("Aggressive(Conservative(%+q)) = %+q, Aggressive = %+q", s, got, outs[Aggressive])
	}
	c := mustNew(t, Conservative)
	if got := c.String(outs[Canonical]); got != outs[Conservative] {
		t.Errorf("Conservative(Canonical(%+q)) = %+q, Conservative = %+q", s, got, outs[Conservative])
	}
}

// checkOffsets checks AppendOffsets: same bytes as String, one offset per
// byte, non-decreasing, inside src, and each output rune's offset starts a
// rune of src.
func checkOffsets(t *testing.T, p *Profile, s, want string) {
	t.Helper()
	dst, offs := p.AppendOffsets([]byte("xy"), []int32{-7}, []byte(s))
	if string(dst[2:]) != want {
		t.Errorf("%v AppendOffsets(%+q) = %+q, want %+q", p.level, s, dst[2:], want)
		return
	}
	if len(offs) != len(dst)-1 || offs[0] != -7 {
		t.Errorf("%v AppendOffsets(%+q): %d offsets for %d bytes", p.level, s, len(offs)-1, len(dst)-2)
		return
	}
	offs = offs[1:]
	for i, o := range offs {
		if o < 0 || int(o) >= len(s) {
			t.Errorf("%v AppendOffsets(%+q): offs[%d] = %d outside src", p.level, s, i, o)
			return
		}
		if i > 0 && o < offs[i-1] {
			t.Errorf("%v AppendOffsets(%+q): offs[%d] = %d < offs[%d] = %d", p.level, s, i, o, i-1, offs[i-1])
			return
		}
		if !utf8.RuneStart(s[o]) {
			t.Errorf("%v AppendOffsets(%+q): offs[%d] = %d is inside a rune", p.level, s, i, o)
			return
		}
	}
}

// checkStream checks that the Transformer and the Reader give the one-shot
// output at every chunk size.
func checkStream(t *testing.T, p *Profile, s, want string) {
	t.Helper()
	sizes := []int{1, 2, 3, 5, 7, 64, len(s) + 1}
	if len(s) < 40 {
		sizes = sizes[:0]
		for n := 1; n <= len(s)+1; n++ {
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		got := string(chunked(t, p.NewTransformer(), []byte(s), n))
		if got != want {
			t.Errorf("%v Transformer(%+q) with %d-byte chunks = %+q, want %+q", p.level, s, n, got, want)
		}
	}
	out, err := io.ReadAll(iotestOneByte(p.NewReader(iotestOneByte(strings.NewReader(s)))))
	if err != nil || string(out) != want {
		t.Errorf("%v NewReader(%+q) = %+q, %v; want %+q", p.level, s, out, err, want)
	}
}

// chunked runs tr over src fed n bytes at a time, with a small destination.
func chunked(t *testing.T, tr transform.Transformer, src []byte, n int) []byte {
	t.Helper()
	var out bytes.Buffer
	dst := make([]byte, 7)
	for pos := 0; ; {
		end := min(pos+n, len(src))
		atEOF := end == len(src)
		nDst, nSrc, err := tr.Transform(dst, src[pos:end], atEOF)
		out.Write(dst[:nDst])
		pos += nSrc
		switch err {
		case nil:
			if atEOF && pos == len(src) {
				return out.Bytes()
			}
		case transform.ErrShortDst:
		case transform.ErrShortSrc:
			if end == len(src) {
				t.Fatalf("ErrShortSrc at EOF")
			}
			// feed more: grow the window
			if pos+n < len(src) {
				end2 := min(pos+n+4, len(src))
				nDst, nSrc, err = tr.Transform(dst, src[pos:end2], end2 == len(src))
				out.Write(dst[:nDst])
				pos += nSrc
				if err != nil && err != transform.ErrShortDst && err != transform.ErrShortSrc {
					t.Fatalf("Transform: %v", err)
				}
				if end2 == len(src) && pos == len(src) && err == nil {
					return out.Bytes()
				}
			}
		default:
			t.Fatalf("Transform: %v", err)
		}
		if nDst == 0 && nSrc == 0 && err == nil && !atEOF {
			t.Fatalf("no progress")
		}
	}
}

type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return o.r.Read(p)
}

func iotestOneByte(r io.Reader) io.Reader { return oneByteReader{r} }

func TestInvariants(t *testing.T) {
	for _, s := range allInputs(t) {
		checkInvariants(t, s)
	}
}

// TestLongSpacedRuns covers runs of spaced single letters longer than
// maxStreak, where the Aggressive level cuts the joined word: the output
// must stay idempotent (the cut is a word break the next pass sees too) and
// the joined words must stay within maxStreak letters.
func TestLongSpacedRuns(t *testing.T) {
	units := [][]string{
		{"a", "b"}, {"a"}, {"ب"}, {"ب", "AA"}, {"ن", "ي", "ب"}, {"ب", "ب", "ؠ"},
		{"r", "u", "n", "n", "i", "n", "g"}, {"ب", "a"}, {"ق", "ق", "ن"},
	}
	profiles := []*Profile{mustNew(t, Aggressive), mustNew(t, Aggressive, StemEnglish(true))}
	for _, u := range units {
		for n := 1; n <= 3*maxStreak+2; n++ {
			words := make([]string, n)
			for i := range words {
				words[i] = u[i%len(u)]
			}
			s := "start " + strings.Join(words, " ") + " end"
			for _, p := range profiles {
				got := p.String(s)
				if again := p.String(got); again != got {
					t.Fatalf("%v not idempotent on %+q: %+q -> %+q", p.Params(), s, got, again)
				}
				for _, w := range strings.Fields(got) {
					if c := utf8.RuneCountInString(w); c > maxStreak {
						t.Fatalf("%v(%+q) has a %d-letter word %+q, longer than maxStreak", p.Params(), s, c, w)
					}
				}
				checkStream(t, p, s, got)
			}
		}
	}
	// a run of 2*maxStreak distinct-enough letters becomes two words
	p := mustNew(t, Aggressive)
	got := p.String(strings.Repeat("a b ", maxStreak))
	want := strings.Repeat("ab", maxStreak/2) + " " + strings.Repeat("ab", maxStreak/2)
	if got != want {
		t.Errorf("Aggressive(64 spaced letters) = %q, want %q", got, want)
	}
}
