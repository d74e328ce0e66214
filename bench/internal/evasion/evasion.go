package evasion

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gharbal/gharbal/bench/internal/wordset"
	"github.com/gharbal/gharbal/internal/sortedset"
)

// Level groups techniques by what they change.
type Level string

const (
	Char     Level = "char"     // code points only: the words are the same words
	Word     Level = "word"     // words or sentences change
	Script   Level = "translit" // the post is rewritten in another script
	Combined Level = "combo"    // several techniques in sequence
)

// Input is one post to evade.
type Input struct {
	ID        string   // post identity, mixed into the random stream
	Lang      string   // corpus language ("ur", "ps", "ar", "fa", "en", "roman_ur")
	Script    string   // "arabic" or "latin"
	Sentences []string // the post's sentences in order
	Hosts     []string // unrelated sentences of the same language (quote hosts, substitutes)
}

// Output is one evaded post.
type Output struct {
	Text      string
	Technique string
	Jaccard   float64 // word 3-shingle Jaccard with the original (naive tokenization)
	QuoteFrac float64 // for "quote": share of the item's words quoted
}

// ErrNotApplicable reports that a technique cannot change this post.
var ErrNotApplicable = errors.New("evasion: technique does not apply to this post")

// Technique is one named evasion.
type Technique struct {
	Name    string
	Level   Level
	Scripts []string // scripts it applies to
	Doc     string   // one line for the report
	steps   []string // for combinations: the techniques applied in order
	apply   func(r *rand.Rand, in *Input, text string) (string, error)
}

// AppliesTo reports whether t is defined for script.
func (t Technique) AppliesTo(script string) bool {
	for _, s := range t.Scripts {
		if s == script {
			return true
		}
	}
	return false
}

// Steps returns the single techniques a combination applies, in order
// (just the technique's own name for a single technique).
func (t Technique) Steps() []string {
	if len(t.steps) == 0 {
		return []string{t.Name}
	}
	return append([]string(nil), t.steps...)
}

var both = []string{"arabic", "latin"}

var singles = []Technique{
	{Name: "identity", Level: Char, Scripts: both, Doc: "the item unchanged (sanity check)", apply: identity},
	{Name: "keyboard", Level: Char, Scripts: []string{"arabic"}, Doc: "letters of another keyboard (ی→ي, ک→ك, ہ→ه, ۃ→ة …; Urdu keyboard for Arabic)", apply: keyboard},
	{Name: "harakat", Level: Char, Scripts: both, Doc: "harakat inserted after ~half the letters (combining accents on Latin)", apply: harakat},
	{Name: "tatweel", Level: Char, Scripts: []string{"arabic"}, Doc: "1-6 tatweel U+0640 stuffed between joining letters", apply: tatweel},
	{Name: "invisible", Level: Char, Scripts: both, Doc: "zero-width and bidi marks (ZWSP, ZWNJ, ZWJ, LRM, RLM, WJ, SHY, BOM, ALM) inside and between words", apply: invisible},
	{Name: "presentation", Level: Char, Scripts: both, Doc: "contextual presentation forms U+FB50-FEFF (Latin ligatures U+FB00-FB06)", apply: presentationForms},
	{Name: "digits", Level: Char, Scripts: both, Doc: "every digit rewritten in another digit script (posts without digits are skipped)", apply: digits},
	{Name: "homoglyph", Level: Char, Scripts: []string{"latin"}, Doc: "half the eligible Latin letters swapped for Cyrillic/Greek look-alikes", apply: homoglyph},
	{Name: "fullwidth", Level: Char, Scripts: both, Doc: "words in fullwidth or mathematical alphabets (Arabic mathematical letters U+1EE00)", apply: fullwidth},
	{Name: "leet", Level: Char, Scripts: []string{"latin"}, Doc: "half the eligible letters as leetspeak (a→4/@, e→3, o→0, s→5/$ …)", apply: leet},
	{Name: "spaced", Level: Char, Scripts: both, Doc: "1-3 words written with their letters separated by spaces, dots, dashes …", apply: spaced},
	{Name: "repeat", Level: Char, Scripts: both, Doc: "a letter repeated 3-6 times in ~30% of the words", apply: repeat},
	{Name: "casepunct", Level: Char, Scripts: both, Doc: "random case (Latin) and punctuation injected in and between words", apply: casePunct},
	{Name: "wordedit", Level: Word, Scripts: both, Doc: "word substitutions, insertions, deletions, swaps down to word 3-shingle Jaccard 0.5-0.7", apply: wordEdit},
	{Name: "reorder", Level: Word, Scripts: both, Doc: "the item's sentences in another order", apply: reorder},
	{Name: "quote", Level: Word, Scripts: both, Doc: "60-100% of the item's words quoted inside an unrelated post 1.5-2.5x as long", apply: quote},
	{Name: "arabizi", Level: Script, Scripts: []string{"arabic"}, Doc: "the whole post in chat Latin (Arabizi: ع→3, ح→7, خ→5 …)", apply: arabizi},
}

var combos = []struct {
	name    string
	scripts []string
	steps   []string
}{
	{"harakat+tatweel+invisible", []string{"arabic"}, []string{"harakat", "tatweel", "invisible"}},
	{"keyboard+presentation+harakat", []string{"arabic"}, []string{"keyboard", "presentation", "harakat"}},
	{"homoglyph+fullwidth+casepunct", []string{"latin"}, []string{"fullwidth", "homoglyph", "casepunct"}},
	{"leet+spaced+repeat", []string{"latin"}, []string{"leet", "spaced", "repeat"}},
	{"wordedit+invisible+repeat", both, []string{"wordedit", "invisible", "repeat"}},
	{"quote+keyboard+tatweel", []string{"arabic"}, []string{"quote", "keyboard", "tatweel"}},
	{"quote+homoglyph+casepunct", []string{"latin"}, []string{"quote", "homoglyph", "casepunct"}},
	{"reorder+casepunct+repeat", both, []string{"reorder", "casepunct", "repeat"}},
	{"all-char", []string{"arabic"}, []string{"keyboard", "presentation", "fullwidth", "spaced", "repeat", "harakat", "tatweel", "invisible", "casepunct"}},
	{"all-char", []string{"latin"}, []string{"casepunct", "leet", "homoglyph", "fullwidth", "spaced", "repeat", "harakat", "invisible"}},
}

var byName = func() map[string]Technique {
	m := make(map[string]Technique)
	for _, t := range singles {
		m[t.Name] = t
	}
	return m
}()

// Techniques returns the single techniques in report order.
func Techniques() []Technique { return append([]Technique(nil), singles...) }

// Combinations returns the combined techniques defined for script.
func Combinations(script string) []Technique {
	var out []Technique
	for _, c := range combos {
		t := Technique{Name: c.name, Level: Combined, Scripts: c.scripts, steps: c.steps,
			Doc: strings.Join(c.steps, ", then ")}
		if t.AppliesTo(script) {
			out = append(out, t)
		}
	}
	return out
}

// Lookup returns the single technique called name.
func Lookup(name string) (Technique, bool) {
	t, ok := byName[name]
	return t, ok
}

// Apply evades in with t, drawing randomness from a stream determined by
// seed, t.Name and in.ID only. It returns ErrNotApplicable when t is not
// defined for in.Script or cannot change this post.
func Apply(t Technique, seed uint64, in Input) (Output, error) {
	if !t.AppliesTo(in.Script) {
		return Output{}, ErrNotApplicable
	}
	r := rand.New(rand.NewPCG(seed, fnv(t.Name+"\x00"+in.ID)))
	orig := strings.Join(in.Sentences, " ")
	out := Output{Technique: t.Name}
	text := orig
	steps := t.steps
	if len(steps) == 0 {
		steps = []string{t.Name}
	}
	for _, name := range steps {
		st, ok := byName[name]
		if !ok {
			return Output{}, fmt.Errorf("evasion: unknown technique %q", name)
		}
		if !st.AppliesTo(in.Script) {
			if len(t.steps) > 0 {
				continue // a combination skips steps its script lacks
			}
			return Output{}, ErrNotApplicable
		}
		local := in
		if name == "quote" || name == "reorder" || name == "wordedit" {
			// Word-level steps see the current sentences.
			local.Sentences = splitKeep(in.Sentences, text)
		}
		next, err := st.apply(r, &local, text)
		if errors.Is(err, ErrNotApplicable) && len(t.steps) > 0 {
			continue // a combination skips steps this post gives no hold to
		}
		if err != nil {
			return Output{}, err
		}
		if name == "quote" {
			out.QuoteFrac = quoteFrac(orig, next)
		}
		text = next
	}
	if text == orig && t.Name != "identity" {
		return Output{}, ErrNotApplicable
	}
	out.Text = text
	out.Jaccard = wordset.TextJaccard(orig, text)
	return out, nil
}

// splitKeep returns the original sentences while text is still their join,
// else text as one sentence.
func splitKeep(sent []string, text string) []string {
	if strings.Join(sent, " ") == text {
		return sent
	}
	return []string{text}
}

func fnv(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func identity(_ *rand.Rand, _ *Input, s string) (string, error) { return s, nil }

func isArabicLetter(r rune) bool {
	return unicode.IsLetter(r) && (r >= 0x0600 && r <= 0x06FF || r >= 0x0750 && r <= 0x077F)
}

func isLatinLetter(r rune) bool { return r < 0x250 && unicode.IsLetter(r) }

func keyboard(r *rand.Rand, in *Input, s string) (string, error) {
	m := Keyboard[in.Lang]
	if m == nil {
		return "", ErrNotApplicable
	}
	var b strings.Builder
	rs := []rune(s)
	for i, c := range rs {
		if to, ok := m[c]; ok {
			b.WriteRune(to)
			continue
		}
		// Old Urdu fonts and keyboards write medial yeh as yeh barree (مےں).
		if in.Lang == "ur" && c == 'ی' && i > 0 && i+1 < len(rs) && isArabicLetter(rs[i-1]) && isArabicLetter(rs[i+1]) && r.IntN(2) == 0 {
			b.WriteRune('ے')
			continue
		}
		b.WriteRune(c)
	}
	return b.String(), nil
}

func harakat(r *rand.Rand, in *Input, s string) (string, error) {
	var b strings.Builder
	for _, c := range s {
		b.WriteRune(c)
		switch {
		case in.Script == "arabic" && isArabicLetter(c) && r.IntN(2) == 0:
			b.WriteRune(Harakat[r.IntN(len(Harakat))])
			if r.IntN(4) == 0 {
				b.WriteRune(Harakat[r.IntN(len(Harakat))])
			}
		case in.Script == "latin" && isLatinLetter(c) && r.IntN(3) == 0:
			b.WriteRune(LatinMarks[r.IntN(len(LatinMarks))])
		}
	}
	return b.String(), nil
}

func tatweel(r *rand.Rand, _ *Input, s string) (string, error) {
	rs := []rune(s)
	var b strings.Builder
	n := 0
	for i, c := range rs {
		b.WriteRune(c)
		if i+1 < len(rs) && dualJoining(c) && joins(rs[i+1]) && r.IntN(5) < 2 {
			b.WriteString(strings.Repeat(string(Tatweel), 1+r.IntN(6)))
			n++
		}
	}
	if n == 0 {
		return "", ErrNotApplicable
	}
	return b.String(), nil
}

func invisible(r *rand.Rand, _ *Input, s string) (string, error) {
	rs := []rune(s)
	var b strings.Builder
	n := 0
	for i, c := range rs {
		b.WriteRune(c)
		if i+1 == len(rs) {
			break
		}
		inWord := unicode.IsLetter(c) && unicode.IsLetter(rs[i+1])
		if (inWord && r.IntN(5) == 0) || (c == ' ' && r.IntN(3) == 0) {
			b.WriteRune(InvisibleChars[r.IntN(len(InvisibleChars))])
			n++
		}
	}
	if n == 0 {
		return "", ErrNotApplicable
	}
	return b.String(), nil
}

func presentationForms(_ *rand.Rand, in *Input, s string) (string, error) {
	if in.Script == "latin" {
		out := s
		for _, l := range LatinLigatures {
			out = strings.ReplaceAll(out, l.Seq, string(l.Lig))
		}
		return out, nil
	}
	rs := []rune(s)
	var b strings.Builder
	for i, c := range rs {
		f, ok := presentation[c]
		if !ok {
			b.WriteRune(c)
			continue
		}
		prev := i > 0 && dualJoining(rs[i-1])
		next := f.ini != 0 && i+1 < len(rs) && joins(rs[i+1])
		switch {
		case prev && next:
			b.WriteRune(f.med)
		case prev:
			b.WriteRune(f.fin)
		case next:
			b.WriteRune(f.ini)
		default:
			b.WriteRune(f.iso)
		}
	}
	return b.String(), nil
}

// digitValue returns the value of a decimal digit of one of DigitZeros'
// scripts.
func digitValue(c rune) (int, bool) {
	for _, z := range DigitZeros {
		if c >= z && c <= z+9 {
			return int(c - z), true
		}
	}
	return 0, false
}

func digits(r *rand.Rand, _ *Input, s string) (string, error) {
	var b strings.Builder
	n := 0
	target := DigitZeros[r.IntN(len(DigitZeros))]
	for _, c := range s {
		v, ok := digitValue(c)
		if !ok {
			b.WriteRune(c)
			continue
		}
		z := target
		if c-rune(v) == z { // already in that script: take the next one
			for _, d := range DigitZeros {
				if d != z {
					z = d
					break
				}
			}
		}
		b.WriteRune(z + rune(v))
		n++
	}
	if n == 0 {
		return "", ErrNotApplicable
	}
	return b.String(), nil
}

func homoglyph(r *rand.Rand, _ *Input, s string) (string, error) {
	var b strings.Builder
	for _, c := range s {
		if alts, ok := Homoglyphs[c]; ok && r.IntN(2) == 0 {
			b.WriteRune(alts[r.IntN(len(alts))])
			continue
		}
		b.WriteRune(c)
	}
	return b.String(), nil
}

// mathLetter returns c in the mathematical alphabet whose capital A is base.
func mathLetter(c, base rune) rune {
	switch {
	case c >= 'A' && c <= 'Z':
		return mapHole(base + (c - 'A'))
	case c >= 'a' && c <= 'z':
		return mapHole(base + 26 + (c - 'a'))
	}
	return c
}

// mapHole replaces the unassigned code points of the mathematical alphabets
// by the letterlike symbols Unicode uses instead.
func mapHole(r rune) rune {
	holes := map[rune]rune{0x1D455: 'ℎ', 0x1D49D: 'ℬ', 0x1D4A0: 'ℰ', 0x1D506: 'ℭ'}
	if h, ok := holes[r]; ok {
		return h
	}
	return r
}

func fullwidth(r *rand.Rand, in *Input, s string) (string, error) {
	words := strings.Split(s, " ")
	if in.Script == "arabic" {
		for i, w := range words {
			if r.IntN(10) < 7 {
				var b strings.Builder
				for _, c := range w {
					if alts := arabicMath[c]; len(alts) > 0 {
						b.WriteRune(alts[r.IntN(len(alts))])
					} else {
						b.WriteRune(c)
					}
				}
				words[i] = b.String()
			}
		}
		return strings.Join(words, " "), nil
	}
	style := r.IntN(len(MathStyles) + 1)
	for i, w := range words {
		if r.IntN(10) >= 7 {
			continue
		}
		var b strings.Builder
		for _, c := range w {
			switch {
			case style == len(MathStyles) && c > ' ' && c < 0x7F:
				b.WriteRune(c - 0x21 + 0xFF01)
			case style < len(MathStyles):
				b.WriteRune(mathLetter(c, MathStyles[style]))
			default:
				b.WriteRune(c)
			}
		}
		words[i] = b.String()
	}
	return strings.Join(words, " "), nil
}

func leet(r *rand.Rand, _ *Input, s string) (string, error) {
	var b strings.Builder
	for _, c := range s {
		if alts, ok := Leet[unicode.ToLower(c)]; ok && r.IntN(2) == 0 {
			b.WriteString(alts[r.IntN(len(alts))])
			continue
		}
		b.WriteRune(c)
	}
	return b.String(), nil
}

var spacers = []string{" ", ".", "-", "_", "*", " . ", "·"}

func spaced(r *rand.Rand, _ *Input, s string) (string, error) {
	words := strings.Split(s, " ")
	var cand []int
	for i, w := range words {
		if n := utf8.RuneCountInString(w); n >= 3 && n <= 10 && allLetters(w) {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		return "", ErrNotApplicable
	}
	k := 1 + r.IntN(3)
	sep := spacers[r.IntN(len(spacers))]
	for _, j := range r.Perm(len(cand))[:min(k, len(cand))] {
		i := cand[j]
		words[i] = strings.Join(strings.Split(words[i], ""), sep)
	}
	return strings.Join(words, " "), nil
}

func allLetters(w string) bool {
	for _, c := range w {
		if !unicode.IsLetter(c) {
			return false
		}
	}
	return w != ""
}

func repeat(r *rand.Rand, _ *Input, s string) (string, error) {
	words := strings.Split(s, " ")
	n := 0
	for i, w := range words {
		rs := []rune(w)
		if len(rs) < 2 || !allLetters(w) || r.IntN(10) >= 3 {
			continue
		}
		p := r.IntN(len(rs))
		rep := strings.Repeat(string(rs[p]), 3+r.IntN(4))
		words[i] = string(rs[:p]) + rep + string(rs[p+1:])
		n++
	}
	if n == 0 {
		return "", ErrNotApplicable
	}
	return strings.Join(words, " "), nil
}

func casePunct(r *rand.Rand, in *Input, s string) (string, error) {
	if in.Script == "latin" {
		var b strings.Builder
		allCaps := r.IntN(3) == 0
		for _, c := range s {
			switch {
			case allCaps:
				b.WriteRune(unicode.ToUpper(c))
			case r.IntN(5) < 2:
				if unicode.IsUpper(c) {
					b.WriteRune(unicode.ToLower(c))
				} else {
					b.WriteRune(unicode.ToUpper(c))
				}
			default:
				b.WriteRune(c)
			}
		}
		s = b.String()
	}
	words := strings.Split(s, " ")
	n := 0
	for i, w := range words {
		if r.IntN(5) != 0 {
			continue
		}
		p := Punctuation[r.IntN(len(Punctuation))]
		rs := []rune(w)
		if len(rs) >= 2 && r.IntN(2) == 0 {
			k := 1 + r.IntN(len(rs)-1)
			words[i] = string(rs[:k]) + p + string(rs[k:])
		} else {
			words[i] = w + p
		}
		n++
	}
	if n == 0 && in.Script != "latin" {
		return "", ErrNotApplicable
	}
	return strings.Join(words, " "), nil
}

func wordEdit(r *rand.Rand, in *Input, s string) (string, error) {
	words := strings.Fields(s)
	if len(words) < 8 {
		return "", ErrNotApplicable
	}
	var vocab []string
	for i := 0; i < 40 && len(in.Hosts) > 0; i++ {
		vocab = append(vocab, strings.Fields(in.Hosts[r.IntN(len(in.Hosts))])...)
	}
	if len(vocab) == 0 {
		vocab = words
	}
	origSh := wordset.Shingles(wordset.Tokens(s), 3)
	target := 0.5 + 0.2*r.Float64()
	cur := words
	j := 1.0
	for steps := 0; steps < 4*len(words) && j > target; steps++ {
		next := append([]string(nil), cur...)
		p := r.IntN(len(next))
		switch op := r.IntN(10); {
		case op < 4: // substitute
			next[p] = vocab[r.IntN(len(vocab))]
		case op < 6: // insert
			next = append(next[:p], append([]string{vocab[r.IntN(len(vocab))]}, next[p:]...)...)
		case op < 8: // delete
			if len(next) > 4 {
				next = append(next[:p], next[p+1:]...)
			}
		default: // swap with the neighbour
			if p+1 < len(next) {
				next[p], next[p+1] = next[p+1], next[p]
			}
		}
		nj := sortedset.Jaccard(origSh, wordset.Shingles(wordset.Tokens(strings.Join(next, " ")), 3))
		if nj < 0.5 {
			continue // too far: try another edit
		}
		cur, j = next, nj
	}
	if j > 0.7 {
		return "", ErrNotApplicable
	}
	return strings.Join(cur, " "), nil
}

func reorder(r *rand.Rand, in *Input, s string) (string, error) {
	if len(in.Sentences) < 2 {
		return "", ErrNotApplicable
	}
	for range 10 {
		p := r.Perm(len(in.Sentences))
		changed := false
		out := make([]string, len(p))
		for i, j := range p {
			out[i] = in.Sentences[j]
			changed = changed || i != j
		}
		if changed {
			return strings.Join(out, " "), nil
		}
	}
	return "", ErrNotApplicable
}

func quote(r *rand.Rand, in *Input, s string) (string, error) {
	words := strings.Fields(s)
	if len(words) < 5 || len(in.Hosts) == 0 {
		return "", ErrNotApplicable
	}
	frac := 0.6 + 0.4*r.Float64()
	n := int(frac*float64(len(words)) + 0.999)
	n = min(max(n, (len(words)*6+9)/10), len(words))
	start := r.IntN(len(words) - n + 1)
	passage := words[start : start+n]
	want := int(float64(n) * (0.5 + r.Float64())) // host words: passage x 0.5-1.5
	var host []string
	for len(host) < want {
		host = append(host, strings.Fields(in.Hosts[r.IntN(len(in.Hosts))])...)
	}
	host = host[:max(want, 1)]
	cut := r.IntN(len(host) + 1)
	out := append(append(append([]string{}, host[:cut]...), passage...), host[cut:]...)
	return strings.Join(out, " "), nil
}

// quoteFrac is the share of orig's words that appear in order, contiguously,
// in quoted (by whitespace words).
func quoteFrac(orig, quoted string) float64 {
	a, b := strings.Fields(orig), strings.Fields(quoted)
	best := 0
	for i := range b {
		for j := range a {
			k := 0
			for i+k < len(b) && j+k < len(a) && b[i+k] == a[j+k] {
				k++
			}
			best = max(best, k)
		}
	}
	if len(a) == 0 {
		return 0
	}
	return float64(best) / float64(len(a))
}

func arabizi(r *rand.Rand, _ *Input, s string) (string, error) {
	var b strings.Builder
	n := 0
	for _, c := range s {
		if alts, ok := Arabizi[c]; ok {
			b.WriteString(alts[r.IntN(len(alts))])
			n++
			continue
		}
		if unicode.Is(unicode.Mn, c) || c == Tatweel {
			continue
		}
		b.WriteRune(c)
	}
	if n == 0 {
		return "", ErrNotApplicable
	}
	return b.String(), nil
}
