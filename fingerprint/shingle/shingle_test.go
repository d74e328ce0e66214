package shingle_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/fingerprint/shingle"
	"github.com/gharbal/gharbal/normalize"
)

func newShingler(t testing.TB, level normalize.Level, opts ...shingle.Option) *shingle.Shingler {
	t.Helper()
	p, err := normalize.New(level, language.Und)
	require.NoError(t, err)
	s, err := shingle.New(p, opts...)
	require.NoError(t, err)
	return s
}

func hashes(s *shingle.Shingler, text string) []uint64 {
	return s.AppendHashes(nil, []byte(text))
}

func TestNewOptions(t *testing.T) {
	p, err := normalize.New(normalize.Canonical, language.Und)
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		opts []shingle.Option
	}{
		{"n=0", []shingle.Option{shingle.WithN(0)}},
		{"n=17", []shingle.Option{shingle.WithN(shingle.MaxN + 1)}},
		{"kind=0", []shingle.Option{shingle.WithKind(0)}},
		{"kind=9", []shingle.Option{shingle.WithKind(9)}},
	} {
		_, err := shingle.New(p, tc.opts...)
		assert.ErrorIs(t, err, shingle.ErrInvalidOption, "New(%s)", tc.name)
	}
	_, err = shingle.New(nil)
	assert.ErrorIs(t, err, shingle.ErrNilProfile)

	s, err := shingle.New(p)
	require.NoError(t, err)
	assert.Equal(t, shingle.Words, s.Params().Kind)
	assert.Equal(t, shingle.DefaultWordN, s.Params().N)
	assert.Equal(t, shingle.FormatVersion, s.Params().FormatVersion)
	assert.Equal(t, normalize.Version, s.Params().NormalizeVersion)
	c, err := shingle.New(p, shingle.WithKind(shingle.Chars))
	require.NoError(t, err)
	assert.Equal(t, shingle.DefaultCharN, c.Params().N)
	assert.Contains(t, c.Params().String(), "chars n=5")
}

// TestSpans checks that every span is inside the original text and covers
// the first and last token of its shingle, for several scripts.
func TestSpans(t *testing.T) {
	texts := []string{
		"The quick brown fox, jumps over the lazy dog!",
		"ہم نے آج   کتاب پڑھی،  اور پھر گھر گئے۔",
		"كِتَابٌ جَمِيلٌ جِدًّا فِي الْمَكْتَبَةِ",
		"زه غواړم چې ښوونځي ته لاړ شم",
		"می\u200cخواهم به خانه بروم",
		"ISIپاکستان 2024 ﻻ إله",
		"ab\u0640\u0640cd ef gh",
	}
	for _, kind := range []shingle.Kind{shingle.Words, shingle.Chars} {
		for _, lvl := range []normalize.Level{normalize.Canonical, normalize.Conservative, normalize.Aggressive} {
			s := newShingler(t, lvl, shingle.WithKind(kind))
			for _, text := range texts {
				seq := s.AppendShingles(nil, []byte(text))
				require.NotEmpty(t, seq, "AppendShingles(%+q)", text)
				hs := s.AppendHashes(nil, []byte(text))
				require.Len(t, hs, len(seq))
				for i, sh := range seq {
					assert.Equal(t, hs[i], sh.Hash, "hash %d of %+q", i, text)
					if !assert.True(t, 0 <= sh.Start && sh.Start < sh.End && int(sh.End) <= len(text),
						"%v level %d: span [%d,%d) of %+q", kind, lvl, sh.Start, sh.End, text) {
						continue
					}
					span := text[sh.Start:sh.End]
					first, _ := utf8.DecodeRuneInString(span)
					last, _ := utf8.DecodeLastRuneInString(span)
					assert.False(t, unicode.IsSpace(first) || unicode.IsPunct(first), "span %+q starts at a separator", span)
					assert.False(t, unicode.IsSpace(last) || unicode.IsPunct(last), "span %+q ends at a separator", span)
				}
			}
		}
	}
}

func TestWordTokens(t *testing.T) {
	s := newShingler(t, normalize.Canonical, shingle.WithN(1))
	words := func(text string) []string {
		var out []string
		for _, sh := range s.AppendShingles(nil, []byte(text)) {
			out = append(out, text[sh.Start:sh.End])
		}
		return out
	}
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"hello, world", []string{"hello", "world"}},
		{"abc123 x9", []string{"abc123", "x9"}},
		{"ISIپاکستان", []string{"ISI", "پاکستان"}},
		{"۱۲۳ کتاب", []string{"۱۲۳", "کتاب"}},
		{"کِتاب", []string{"کِتاب"}}, // harakat stay inside the word
		{"می\u200cخواهم", []string{"می\u200cخواهم"}},
		{"... !!! ", nil},
		{"", nil},
	} {
		assert.Equal(t, tc.want, words(tc.in), "words(%+q)", tc.in)
	}
	// ZWNJ inside a word joins: same hash as without it.
	assert.Equal(t, hashes(s, "میخواهم"), hashes(s, "می\u200cخواهم"))
	assert.Equal(t, hashes(s, "میخواهم"), hashes(s, "می\u200dخواهم"))
}

// TestCharsWordBoundaryGames checks that character shingles ignore spaces,
// ZWNJ and punctuation between letters.
func TestCharsWordBoundaryGames(t *testing.T) {
	s := newShingler(t, normalize.Canonical, shingle.WithKind(shingle.Chars), shingle.WithN(4))
	groups := [][]string{
		{"bomb attack", "b o m b a t t a c k", "bombattack", "b-o-m-b attack!"},
		{"ہم نے کتاب پڑھی", "ہمنےکتابپڑھی", "ہم\u200cنے کتاب\u200cپڑھی", "ہ م ن ے ک ت ا ب پ ڑ ھ ی"},
		{"می خواهم", "میخواهم", "می\u200cخواهم"},
	}
	for _, g := range groups {
		want := hashes(s, g[0])
		require.NotEmpty(t, want)
		for _, v := range g[1:] {
			assert.Equal(t, want, hashes(s, v), "chars(%+q) vs chars(%+q)", v, g[0])
		}
	}
	// Words view does see the difference.
	w := newShingler(t, normalize.Canonical)
	assert.NotEqual(t, hashes(w, "bomb attack now"), hashes(w, "b o m b attack now"))
}

func TestShortText(t *testing.T) {
	s := newShingler(t, normalize.Canonical) // n = 3
	one := hashes(s, "hello")
	two := hashes(s, "hello world")
	three := hashes(s, "hello world again")
	assert.Len(t, one, 1)
	assert.Len(t, two, 1)
	assert.Len(t, three, 1)
	assert.NotEqual(t, one, two)
	assert.NotEqual(t, two, three)
	assert.Empty(t, hashes(s, " ,,; "))
	assert.Len(t, hashes(s, "a b c d e"), 3)
}

func TestSeedAndOrder(t *testing.T) {
	a := newShingler(t, normalize.Canonical)
	b := newShingler(t, normalize.Canonical, shingle.WithSeed(1))
	assert.NotEqual(t, hashes(a, "one two three"), hashes(b, "one two three"))
	assert.NotEqual(t, hashes(a, "one two three"), hashes(a, "three two one"))
	// Repeated n-grams repeat their hash; distinct ones differ.
	h := hashes(a, "x y z x y z")
	require.Len(t, h, 4)
	assert.Equal(t, h[0], h[3])
	assert.NotEqual(t, h[0], h[1])
}

// genText returns n words over alphabet, with occasional punctuation,
// newlines and ZWNJ, from a fixed seed.
func genText(r *rand.Rand, alphabet []rune, n int) string {
	var sb strings.Builder
	for i := range n {
		switch x := r.IntN(20); {
		case i == 0:
		case x == 0:
			sb.WriteString("\n")
		case x == 1:
			sb.WriteString("، ")
		case x == 2:
			sb.WriteString("\u200c")
		default:
			sb.WriteByte(' ')
		}
		l := 1 + r.IntN(7)
		for range l {
			sb.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
	}
	return sb.String()
}

var (
	latin  = []rune("abcdefghijklmnopqrstuvwxyzé")
	arabic = []rune("ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنوہھءیےًٌٍَُِّْ۱۲")
)

// TestStreamingEqualsOneShot writes texts in chunks of every size and
// compares with the one-shot result, spans included.
func TestStreamingEqualsOneShot(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	texts := []string{
		"",
		"a",
		"hello world, this is a test",
		genText(r, arabic, 40),
		genText(r, latin, 60),
	}
	for _, kind := range []shingle.Kind{shingle.Words, shingle.Chars} {
		s := newShingler(t, normalize.Conservative, shingle.WithKind(kind))
		for _, text := range texts {
			want := s.AppendShingles(nil, []byte(text))
			h := s.NewHasher()
			for size := 1; size <= len(text)+1; size++ {
				h.Reset()
				for i := 0; i < len(text); i += size {
					_, err := h.Write([]byte(text[i:min(i+size, len(text))]))
					require.NoError(t, err)
				}
				got := h.AppendShingles(nil)
				if !assert.Equal(t, want, got, "%v chunk %d of %+q", kind, size, text) {
					break
				}
				gh := h.AppendHashes(nil)
				require.Len(t, gh, len(want))
			}
		}
	}
}

// TestStreamingLong covers inputs longer than a segment: lines, a long line
// with spaces and a long run without any separator.
func TestStreamingLong(t *testing.T) {
	if testing.Short() {
		t.Skip("long input")
	}
	r := rand.New(rand.NewPCG(2, 2))
	long := genText(r, arabic, 30000)
	noNL := strings.ReplaceAll(genText(r, latin, 30000), "\n", " ")
	noSep := strings.Repeat("ابجدهوز", 15000)
	for _, kind := range []shingle.Kind{shingle.Words, shingle.Chars} {
		s := newShingler(t, normalize.Canonical, shingle.WithKind(kind))
		for name, text := range map[string]string{"lines": long, "oneLine": noNL, "noSeparator": noSep} {
			want := s.AppendShingles(nil, []byte(text))
			require.NotEmpty(t, want)
			for _, size := range []int{1, 7, 1000, 4096, 65537, len(text)} {
				h := s.NewHasher()
				for i := 0; i < len(text); i += size {
					h.WriteString(text[i:min(i+size, len(text))])
				}
				got := h.AppendShingles(nil)
				if !assert.Equal(t, len(want), len(got), "%v %s chunk %d", kind, name, size) {
					continue
				}
				assert.Equal(t, want, got, "%v %s chunk %d", kind, name, size)
			}
			// Spans stay within the text.
			last := want[len(want)-1]
			assert.LessOrEqual(t, int(last.End), len(text))
		}
	}
}

func TestHasherAppendDoesNotConsume(t *testing.T) {
	s := newShingler(t, normalize.Canonical)
	h := s.NewHasher()
	h.WriteString("alpha beta gam")
	_ = h.AppendShingles(nil) // "gam" pending: must not be ended for good
	h.WriteString("ma delta")
	assert.Equal(t, s.AppendShingles(nil, []byte("alpha beta gamma delta")), h.AppendShingles(nil))
}

// TestConcurrent runs one Shingler from many goroutines (run with -race).
func TestConcurrent(t *testing.T) {
	s := newShingler(t, normalize.Conservative)
	r := rand.New(rand.NewPCG(4, 4))
	texts := make([]string, 16)
	want := make([][]shingle.Shingle, len(texts))
	for i := range texts {
		texts[i] = genText(r, arabic, 40)
		want[i] = s.AppendShingles(nil, []byte(texts[i]))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			var dst []shingle.Shingle
			for k := range 50 {
				i := (g + k) % len(texts)
				dst = s.AppendShingles(dst[:0], []byte(texts[i]))
				if fmt.Sprint(dst) != fmt.Sprint(want[i]) {
					errs <- errors.New("concurrent AppendShingles differs")
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestSpansOriginal: spans cover the original bytes even where
// normalization changes lengths (presentation forms, tatweel, harakat,
// zero-width characters, full-width Latin).
func TestSpansOriginal(t *testing.T) {
	s := newShingler(t, normalize.Conservative, shingle.WithN(1))
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"ﻻ إله", []string{"ﻻ", "إله"}},
		{"طالـــبان zindabad", []string{"طالـــبان", "zindabad"}},
		{"كِتَابٌ جَمِيلٌ", []string{"كِتَابٌ", "جَمِيلٌ"}},
		{"ＡＢＣ def", []string{"ＡＢＣ", "def"}},
		{"ab\u200bcd ef", []string{"ab\u200bcd", "ef"}},
	} {
		var got []string
		for _, sh := range s.AppendShingles(nil, []byte(tc.in)) {
			got = append(got, tc.in[sh.Start:sh.End])
		}
		assert.Equal(t, tc.want, got, "spans of %+q", tc.in)
	}
}
