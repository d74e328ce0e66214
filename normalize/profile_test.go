package normalize

import (
	"errors"
	"flag"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name  string
		level Level
		tag   language.Tag
		opts  []Option
		want  error
	}{
		{"level 0", 0, language.Und, nil, ErrInvalidLevel},
		{"level 4", 4, language.Und, nil, ErrInvalidLevel},
		{"german", Conservative, language.German, nil, ErrUnsupported},
		{"hindi", Conservative, language.Hindi, nil, ErrUnsupported},
		{"nil option", Conservative, language.Und, []Option{nil}, ErrInvalidOption},
		{"zwnj mode 9", Conservative, language.Und, []Option{WithZWNJ(9)}, ErrInvalidOption},
		{"zwnj keep conservative", Conservative, language.Und, []Option{WithZWNJ(ZWNJKeep)}, ErrInvalidOption},
		{"strict yeh arabic", Conservative, language.Arabic, []Option{StrictYeh(true)}, ErrInvalidOption},
		{"strict yeh aggressive", Aggressive, language.Urdu, []Option{StrictYeh(true)}, ErrInvalidOption},
		{"stem urdu", Aggressive, language.Urdu, []Option{StemEnglish(true)}, ErrInvalidOption},
		{"stem conservative", Conservative, language.English, []Option{StemEnglish(true)}, ErrInvalidOption},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(tt.level, tt.tag, tt.opts...)
			assert.ErrorIs(t, err, tt.want, "New(%v, %v)", tt.level, tt.tag)
			assert.Nil(t, p)
		})
	}
	for _, tag := range []language.Tag{language.Und, language.Arabic, language.Urdu, language.Make("ur-PK"),
		language.Make("ps"), language.Persian, language.Make("fa-AF"), language.English, language.AmericanEnglish} {
		_, err := New(Conservative, tag)
		assert.NoError(t, err, "New(Conservative, %v)", tag)
	}
	_, err := New(Conservative, language.Make("ps-AF"), StrictYeh(true))
	assert.NoError(t, err)
	_, err = New(Aggressive, language.English, StemEnglish(true))
	assert.NoError(t, err)
	_, err = New(Canonical, language.Persian, WithZWNJ(ZWNJKeep))
	assert.NoError(t, err)
}

func TestParams(t *testing.T) {
	p, err := New(Conservative, language.Make("ur-PK"), StrictYeh(true), WithZWNJ(ZWNJSpace))
	require.NoError(t, err)
	got := p.Params()
	want := Params{Level: Conservative, Language: language.Urdu, Version: Version, UnicodeVersion: norm.Version,
		ZWNJ: ZWNJSpace, StrictYeh: true}
	assert.Equal(t, want, got)
	assert.Equal(t, "normalize/v2 level=conservative lang=ur unicode=15.0.0 zwnj=space strictyeh=true stem=false", got.String())
}

func TestParseLevel(t *testing.T) {
	for _, l := range levels {
		got, err := ParseLevel(l.String())
		assert.NoError(t, err)
		assert.Equal(t, l, got)
	}
	_, err := ParseLevel("medium")
	assert.ErrorIs(t, err, ErrInvalidLevel)
	assert.Equal(t, "Level(9)", Level(9).String())
}

func TestExplain(t *testing.T) {
	p := mustNew(t, Aggressive)
	s := "تحـــریک ﻃﺎﻟﺒﺎﻥ"
	steps := p.Explain(s)
	var names []string
	for _, st := range steps {
		names = append(names, st.Level.String()+"/"+st.Name)
	}
	want := []string{"Level(0)/input",
		"canonical/presentation", "canonical/nfkc", "canonical/compose", "canonical/invisible", "canonical/tatweel", "canonical/whitespace",
		"conservative/marks", "conservative/letters", "conservative/digits", "conservative/punctuation", "conservative/case", "conservative/diacritics", "conservative/repeats",
		"aggressive/rasm", "aggressive/homoglyphs", "aggressive/leetspeak", "aggressive/punctuation", "aggressive/spaced-letters", "aggressive/repeats"}
	assert.Equal(t, want, names)
	assert.Equal(t, s, steps[0].Output)
	assert.Equal(t, p.String(s), steps[len(steps)-1].Output)
	assert.Equal(t, `canonical/nfkc: "تح\u0640\u0640\u0640ریک طالبان"`, steps[2].String())
	assert.Equal(t, `canonical/tatweel: "تحریک طالبان"`, steps[5].String())
	assert.Equal(t, `input: "a\u200bb"`, Step{Name: "input", Output: "a\u200bb"}.String())

	// with StemEnglish, stem is the last step
	st := mustNew(t, Aggressive, StemEnglish(true)).Explain("recruiting")
	assert.Equal(t, "stem", st[len(st)-1].Name)
	assert.Equal(t, "recruit", st[len(st)-1].Output)
	assert.Equal(t, "recruiting", st[len(st)-2].Output)
	// a Canonical profile stops after its level
	assert.Len(t, mustNew(t, Canonical).Explain("x"), 7)
}

// TestExplainSteps checks that each step makes the change it is named for,
// and only from that step on.
func TestExplainSteps(t *testing.T) {
	cases := []struct {
		in, step, after string
	}{
		{"\ufd47", "canonical/presentation", "عليه السلام"},
		{"\ufdfa", "canonical/nfkc", "صلى الله عليه وسلم"},
		{"ﻃﺎﻟﺒﺎﻥ", "canonical/nfkc", "طالبان"},
		{"ح\u0654", "canonical/compose", "ځ"},
		{"a\u200bb\u202ec", "canonical/invisible", "abc"},
		{"کتـــاب", "canonical/tatweel", "کتاب"},
		{"  a\u00a0\tb  ", "canonical/whitespace", "a b"},
		{"مُجاہِد", "conservative/marks", "مجاہد"},
		{"\u06a9\u062a\u0627\u0628", "conservative/letters", "\u0643\u062a\u0627\u0628"}, // keheh to kaf
		{"٣١٣ ۳۱۳", "conservative/digits", "313 313"},
		{"\u061f", "conservative/punctuation", "?"},
		{"TTP", "conservative/case", "ttp"},
		{"jihād ø", "conservative/diacritics", "jihad o"},
		{"jihaaaad", "conservative/repeats", "jihad"},
		{"بت", "aggressive/rasm", "ٮٮ"},
		{"ТТР", "aggressive/homoglyphs", "ttp"},
		{"j1had", "aggressive/leetspeak", "jihad"},
		{"o-pinion", "aggressive/punctuation", "o pinion"},
		{"j i h a d", "aggressive/spaced-letters", "jihad"},
		{"jihaad", "aggressive/repeats", "jihad"},
	}
	p := mustNew(t, Aggressive)
	for _, c := range cases {
		steps := p.Explain(c.in)
		i := slices.IndexFunc(steps, func(s Step) bool { return s.Level.String()+"/"+s.Name == c.step })
		if !assert.Positive(t, i, c.step) {
			continue
		}
		assert.NotEqual(t, steps[i-1].Output, steps[i].Output, "%s changes %+q", c.step, c.in)
		assert.Contains(t, steps[i].Output, c.after, "%s: %+q", c.step, c.in)
		for _, s := range steps[:i] {
			assert.NotContains(t, s.Output, c.after, "before %s, %s: %+q", c.step, s.Name, c.in)
		}
	}
}

// TestExplainLevels checks that the last step of every level is that
// level's output, for every golden input and option set.
func TestExplainLevels(t *testing.T) {
	profiles := []*Profile{
		mustNew(t, Canonical), mustNew(t, Canonical, WithZWNJ(ZWNJKeep)), mustNew(t, Conservative),
		mustNew(t, Conservative, StrictYeh(true)), mustNew(t, Aggressive), mustNew(t, Aggressive, StemEnglish(true), WithZWNJ(ZWNJSpace)),
	}
	for _, p := range profiles {
		for _, s := range allInputs(t) {
			steps := p.Explain(s)
			for i, st := range steps {
				if i == 0 || i+1 < len(steps) && steps[i+1].Level == st.Level {
					continue
				}
				q := p
				if st.Level != p.level {
					q = mustNew(t, st.Level, WithZWNJ(p.opts.zwnj))
				}
				if got := q.String(s); got != st.Output {
					t.Errorf("%v: Explain(%+q) step %s = %+q, want %v output %+q", p.Params(), s, st, st.Output, st.Level, got)
				}
			}
		}
	}
}

// TestStageTables checks the per-step tables: at the last step of a level
// they equal the level's table on every rune.
func TestStageTables(t *testing.T) {
	for _, c := range []struct {
		l      Level
		strict bool
		full   *table
	}{
		{Canonical, false, &canonicalTable}, {Conservative, false, &conservativeTable},
		{Conservative, true, strictConservativeTable}, {Aggressive, false, &aggressiveTable},
	} {
		d := levelDiffs(c.l, c.strict)
		if len(d.runes) == 0 {
			t.Fatalf("%v: no differences from the level before", c.l)
		}
		last := stepsOf(c.l)[1] - 1
		got := d.stageTable(c.full, last)
		before := d.stageTable(c.full, stepsOf(c.l)[0]-1)
		for r := rune(0); r <= unicode.MaxRune; r++ {
			if got.lookup(r) != c.full.lookup(r) {
				t.Fatalf("%v: stage table at the last step differs at %U: %#x, want %#x", c.l, r, got.lookup(r), c.full.lookup(r))
			}
		}
		// before the level's first step, every changed rune has its old entry
		for i, r := range d.runes {
			if before.lookup(r) != d.prev[i] {
				t.Fatalf("%v: stage table before the level differs at %U", c.l, r)
			}
		}
	}
}

// TestAppendNoAlloc pins the zero-allocation promise on already-normal input.
func TestAppendNoAlloc(t *testing.T) {
	for _, script := range []string{"ur", "ps", "ar", "ascii"} {
		for _, l := range levels {
			p := mustNew(t, l)
			in := p.Bytes(repeatTo(benchTexts[script], 4096))
			dst := make([]byte, 0, len(in))
			if a := testing.AllocsPerRun(20, func() { dst = p.Append(dst[:0], in) }); a != 0 {
				t.Errorf("%v Append(normal %s) allocates %.1f times", l, script, a)
			}
			short := p.String(benchTexts[script])
			if a := testing.AllocsPerRun(20, func() { _ = p.String(short) }); a != 0 {
				t.Errorf("%v String(normal %s) allocates %.1f times", l, script, a)
			}
			offs := make([]int32, 0, len(in))
			if a := testing.AllocsPerRun(20, func() { dst, offs = p.AppendOffsets(dst[:0], offs[:0], in) }); a != 0 {
				t.Errorf("%v AppendOffsets(normal %s) allocates %.1f times", l, script, a)
			}
		}
	}
}

// TestConcurrentProfile shares one Profile between goroutines (run with -race).
func TestConcurrentProfile(t *testing.T) {
	inputs := allInputs(t)
	for _, l := range levels {
		p := mustNew(t, l)
		want := make([]string, len(inputs))
		for i, s := range inputs {
			want[i] = p.String(s)
		}
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				tr := p.NewTransformer()
				for i := range inputs {
					s := inputs[(i+g)%len(inputs)]
					w := want[(i+g)%len(inputs)]
					if got := p.String(s); got != w {
						t.Errorf("concurrent %v String(%+q) = %+q, want %+q", l, s, got, w)
					}
					tr.Reset()
					out, _, err := transformString(tr, s)
					if err != nil || out != w {
						t.Errorf("concurrent %v Transformer(%+q) = %+q, %v", l, s, out, err)
					}
				}
			}(g)
		}
		wg.Wait()
	}
}

func transformString(tr *Transformer, s string) (string, int, error) {
	var b strings.Builder
	dst := make([]byte, 64)
	src := []byte(s)
	n := 0
	for {
		nDst, nSrc, err := tr.Transform(dst, src, true)
		b.Write(dst[:nDst])
		src = src[nSrc:]
		n += nSrc
		if err == nil {
			return b.String(), n, nil
		}
		if !errors.Is(err, transform.ErrShortDst) {
			return b.String(), n, err
		}
	}
}

var hugeLine = flag.Bool("hugeline", false, "stream a 1 GiB line in TestReaderHugeLine (default 8 MiB, 2 MiB with -short)")

// TestReaderHugeLine streams one line without newline of 8 MiB (1 GiB with
// -hugeline) through NewReader and checks that memory stays bounded.
func TestReaderHugeLine(t *testing.T) {
	size := int64(8 << 20)
	if testing.Short() {
		size = 2 << 20
	}
	if *hugeLine {
		size = 1 << 30
	}
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for _, l := range []Level{Conservative, Aggressive} {
		p := mustNew(t, l)
		src := &patternReader{pattern: []byte("ت\u200cحریک\u0640ب"), n: size}
		r := p.NewReader(src)
		n, err := io.Copy(io.Discard, r)
		require.NoError(t, err)
		assert.Greater(t, n, size/4, "%v output of the huge line", l)
		tr := p.NewTransformer()
		_, _, _ = tr.Transform(make([]byte, 1<<16), []byte(strings.Repeat("بت", 1<<15)), false)
		assert.LessOrEqual(t, cap(tr.buf), 8*maxWord, "%v transformer buffer after a long word", l)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20), "bytes allocated while streaming %d bytes", size)
}

type patternReader struct {
	pattern []byte
	n, off  int64
}

func (r *patternReader) Read(p []byte) (int, error) {
	if r.off >= r.n {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && r.off < r.n {
		p[k] = r.pattern[r.off%int64(len(r.pattern))]
		k++
		r.off++
	}
	return k, nil
}

// TestConcurrentExplain: Explain's first use (which builds the step tables)
// from many goroutines at once, for profiles that share and do not share
// them (run with -race).
func TestConcurrentExplain(t *testing.T) {
	profiles := []*Profile{mustNew(t, Aggressive), mustNew(t, Aggressive, StemEnglish(true)), mustNew(t, Conservative, StrictYeh(true)), mustNew(t, Canonical)}
	const s = "تحـــریک ﻃﺎﻟﺒﺎﻥ J1H4D r@"
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(p *Profile) {
			defer wg.Done()
			steps := p.Explain(s)
			if last := steps[len(steps)-1].Output; last != p.String(s) {
				t.Errorf("%v: concurrent Explain ends with %+q, want %+q", p.Params(), last, p.String(s))
			}
		}(profiles[g%len(profiles)])
	}
	wg.Wait()
}
