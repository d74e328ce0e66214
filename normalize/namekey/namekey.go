package namekey

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gharbal/gharbal/internal/homoglyph"
	"golang.org/x/text/unicode/norm"
)

// Version is the key format version. Any change to any output of Key or
// Tokens (class tables, particles, alternative order) bumps it; keys made
// with different versions must not be compared.
const Version = 1

// Limits on work per call. Input beyond MaxInputBytes is ignored (cut at a
// rune boundary); tokens beyond MaxTokens are ignored. Both keep the cost of
// one call bounded on any input.
const (
	MaxInputBytes = 1024
	MaxTokens     = 16
	maxTokenRunes = 64
)

// DefaultMaxAlternatives is the default bound on the number of keys (the
// primary and its alternatives) of one token; a name of t tokens gets up to
// t times as many.
const DefaultMaxAlternatives = 4

// ErrInvalidOption is returned (wrapped) by New for an out-of-range option.
var ErrInvalidOption = errors.New("namekey: invalid option")

// v1 is the rule set of key format version 1. Its switches exist so that the
// evaluation test can report what each rule contributes; they are not
// options, because each changes the key.
var v1 = config{
	maxAlt:     DefaultMaxAlternatives,
	vowelMark:  true, // initial vowel / ا / ع marked with a leading A
	zAlt:       2,    // z also read as S (English plural -z, izlam)
	nasalAlt:   true, // final vowel+n / ں may be dropped (nasal vowel)
	ngAlt:      true, // final ng may be n (-ing / -in)
	dblFix:     true, // no alternative for the aspirate of a doubled letter (tth)
	finalMark:  2,    // keys of one or two consonants mark a final vowel with A
	tehMarbuta: true, // final -at may drop the t (ة: Wilayat / Wilayah / ولاية)
	articleAlt: true, // a fused al-/ال is an article, or part of the name (Alamgir, الیاس)
}

// Option configures a Keyer. Options are validated once, by New.
type Option func(*config) error

type config struct {
	maxAlt      int
	vowelMark   bool
	collapseAll bool
	zAlt        int // 0 none, 1 final z, 2 every z
	nasalAlt    bool
	ngAlt       bool
	dblFix      bool
	finalMark   int
	tehMarbuta  bool
	trunc       int
	articleAlt  bool
}

// WithMaxAlternatives bounds the number of keys (primary included) of one
// token to n, and of a name of t tokens to min(64, n·t); n must be in
// [1, 64]. With n = 1 ambiguous letters take their primary class only.
// Default DefaultMaxAlternatives.
func WithMaxAlternatives(n int) Option {
	return func(c *config) error {
		if n < 1 || n > 64 {
			return fmt.Errorf("%w: max alternatives %d not in [1, 64]", ErrInvalidOption, n)
		}
		c.maxAlt = n
		return nil
	}
}

// WithTruncation adds to every key of five or more consonants the
// alternative made of its first four and "+" (BKSTN: BKST+), since long
// spellings differ mostly in their endings. On single Roman Urdu words it
// raises recall (90.0 % to 90.7 % on the gold standard at the same false
// merges), but on whole names it merges unrelated long words and lowers
// account-matching precision, so it is off by default.
func WithTruncation(on bool) Option {
	return func(c *config) error {
		c.trunc = 0
		if on {
			c.trunc = 4
		}
		return nil
	}
}

// Keyer computes cross-script name keys. It is immutable after New and safe
// for concurrent use by any number of goroutines. The zero Keyer is not
// usable; call New.
type Keyer struct {
	cfg config
}

// New returns a Keyer with the given options applied in order. It returns an
// error wrapping ErrInvalidOption when an option is out of range.
func New(opts ...Option) (*Keyer, error) {
	k := &Keyer{cfg: v1}
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("%w: nil option", ErrInvalidOption)
		}
		if err := o(&k.cfg); err != nil {
			return nil, err
		}
	}
	return k, nil
}

// Params describes a Keyer's effective settings; two keys are comparable only
// when their Params are equal.
type Params struct {
	Version         int    // key format version (Version)
	MaxAlternatives int    // bound on keys per token
	Truncation      bool   // WithTruncation
	UnicodeVersion  string // Unicode version of the NFKD tables used
}

// String formats p as "namekey/v1 alt=4 unicode=15.0.0" (with " trunc"
// after alt=N when Truncation is on).
func (p Params) String() string {
	t := ""
	if p.Truncation {
		t = " trunc"
	}
	return fmt.Sprintf("namekey/v%d alt=%d%s unicode=%s", p.Version, p.MaxAlternatives, t, p.UnicodeVersion)
}

// Params returns k's effective settings.
func (k *Keyer) Params() Params {
	return Params{Version: Version, MaxAlternatives: k.cfg.maxAlt, Truncation: k.cfg.trunc > 0, UnicodeVersion: norm.Version}
}

// Key is the key of a name (or of one token of it): a primary key and up to
// MaxAlternatives-1 alternatives that differ only in how ambiguous letters
// (ث, ذ, ض, ځ, څ, ښ, ږ, Latin ch, th, dh, ph) were read. The zero Key, with
// an empty Primary, is the key of a name with no letters or digits; it
// matches nothing.
type Key struct {
	Primary      string   // class string, tokens separated by one space
	Alternatives []string // distinct from Primary and from each other, in a fixed order
}

// All returns the primary key followed by the alternatives, or nil for the
// zero Key. It allocates a new slice.
func (k Key) All() []string {
	if k.Primary == "" {
		return nil
	}
	return append([]string{k.Primary}, k.Alternatives...)
}

// Matches reports whether k and o share a key (primary or alternative). The
// zero Key matches nothing. Matches is symmetric.
func (k Key) Matches(o Key) bool {
	if k.Primary == "" || o.Primary == "" {
		return false
	}
	for i := -1; i < len(k.Alternatives); i++ {
		a := k.Primary
		if i >= 0 {
			a = k.Alternatives[i]
		}
		if a == o.Primary {
			return true
		}
		for _, b := range o.Alternatives {
			if a == b {
				return true
			}
		}
	}
	return false
}

// String formats k as the primary key followed by the alternatives in
// braces, e.g. "DC {DS}".
func (k Key) String() string {
	if len(k.Alternatives) == 0 {
		return k.Primary
	}
	return k.Primary + " {" + strings.Join(k.Alternatives, ", ") + "}"
}

// Key returns the key of name: the keys of its tokens (Tokens) joined by one
// space, with alternatives formed by varying one token at a time, then two,
// up to MaxAlternatives × the number of tokens keys in all (at most 64). To
// compare long names without that bound, compare their Tokens with
// MatchTokens.
//
// Key is deterministic and total: any input, including invalid UTF-8, gives
// a Key, never a panic. Input past MaxInputBytes is ignored.
func (k *Keyer) Key(name string) Key {
	toks := k.Tokens(name)
	switch len(toks) {
	case 0:
		return Key{}
	case 1:
		return toks[0]
	}
	limit := min(64, k.cfg.maxAlt*len(toks))
	sizes := make([]int, len(toks))
	n := 0
	for i, t := range toks {
		sizes[i] = 1 + len(t.Alternatives)
		n += len(t.Primary) + 1
	}
	var out Key
	var b strings.Builder
	combos(sizes, limit, func(idx []int) bool {
		b.Reset()
		b.Grow(n)
		for i, j := range idx {
			if i > 0 {
				b.WriteByte(' ')
			}
			if j == 0 {
				b.WriteString(toks[i].Primary)
			} else {
				b.WriteString(toks[i].Alternatives[j-1])
			}
		}
		s := b.String()
		if out.Primary == "" {
			out.Primary = s
		} else {
			out.Alternatives = append(out.Alternatives, s)
		}
		return 1+len(out.Alternatives) < limit
	})
	return out
}

// MatchTokens reports whether a and b have the same number of tokens and
// each token of a matches (Key.Matches) the token of b at the same position.
// Unlike Key.Matches on whole names it is not limited by the bound on
// alternatives. Two empty slices do not match.
func MatchTokens(a, b []Key) bool {
	if len(a) == 0 || len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Matches(b[i]) {
			return false
		}
	}
	return true
}

// Tokens returns the key of each token of name, in order. Tokens are runs of
// letters and digits of one script; apostrophes, ʿ ʾ, tatweel, ZWNJ and
// other format characters are removed without splitting; everything else
// separates tokens. Tokens that key to nothing (only vowels, h, w, y) and,
// when another token remains, izafat and article particles (e, i, ul, al ...)
// are left out.
func (k *Keyer) Tokens(name string) []Key {
	if len(name) > MaxInputBytes {
		name = name[:MaxInputBytes]
		// drop a rune cut in the middle
		for i := 0; i < utf8.UTFMax && len(name) > 0; i++ {
			if r, size := utf8.DecodeLastRuneInString(name); r != utf8.RuneError || size > 1 {
				break
			}
			name = name[:len(name)-1]
		}
	}
	raw := split(name)
	var keys []Key
	particles := 0
	for _, t := range raw {
		if t.latin && latinParticles[t.text] {
			particles++
		}
	}
	for _, t := range raw {
		if len(keys) == MaxTokens {
			break
		}
		if t.latin && latinParticles[t.text] && particles < len(raw) {
			continue
		}
		key := k.tokenKey(t)
		if key.Primary == "" {
			continue
		}
		keys = append(keys, key)
	}
	return keys
}

// TextToken is the key of one token of a running text and the byte range
// [Start, End) of the token in the text.
type TextToken struct {
	Key        Key
	Start, End int
}

// TextTokens returns the key of every token of text that has one, in order,
// with its byte range in text. It is Tokens for running text: no
// MaxInputBytes or MaxTokens bound (the cost is linear in the length of
// text; a token keeps at most 64 runes), and particles (e, i, ul, al ...)
// are always left out. Any input, including invalid UTF-8, is accepted.
func (k *Keyer) TextTokens(text string) []TextToken {
	var out []TextToken
	for _, t := range split(text) {
		if t.latin && latinParticles[t.text] {
			continue
		}
		if key := k.tokenKey(t); key.Primary != "" {
			out = append(out, TextToken{key, t.start, t.end})
		}
	}
	return out
}

// token is one run of one script, already folded: Latin tokens are lower-case
// ASCII with Arabizi digits replaced; Arabic-script tokens keep their letters.
type token struct {
	text       string
	latin      bool
	digits     bool // a number token (kept as its ASCII digits)
	start, end int  // byte range in the input
}

// split folds name and cuts it into tokens.
func split(name string) []token {
	var toks []token
	var cur []rune
	kind := 0                            // 0 none, 1 latin, 2 arabic, 3 digits
	start, at, next, atEnd := 0, 0, 0, 0 // token start; current rune [at, next); end of the token so far
	flush := func() {
		if len(cur) > 0 {
			t := makeToken(cur, kind)
			t.start, t.end = start, atEnd
			toks = append(toks, t)
		}
		cur = cur[:0]
		kind = 0
	}
	add := func(r rune, k int) {
		if kind != 0 && kind != k {
			// digits join letter runs of either script (Arabizi, ttp2);
			// letters of different scripts split.
			if !(k == 3 || kind == 3) {
				flush()
			} else if kind == 3 && k != 3 {
				kind = k
			}
		}
		if kind == 0 {
			kind = k
			start = at
		}
		atEnd = next
		if len(cur) < maxTokenRunes {
			cur = append(cur, r)
		}
	}
	var buf [8]byte
	var one [1]rune
	for i := 0; i < len(name); i = next {
		r0, size := utf8.DecodeRuneInString(name[i:])
		at, next = i, i+size
		// NFKD one rune at a time: presentation forms, fullwidth and
		// mathematical letters, and precomposed letters with marks. ASCII
		// and the letters of the Arabic table are NFKD-stable: no call.
		var dec []rune
		if r0 < 0x80 || isStable(r0) {
			one[0] = r0
			dec = one[:]
		} else {
			n := utf8.EncodeRune(buf[:], r0)
			dec = []rune(norm.NFKD.String(string(buf[:n])))
		}
		for _, r := range dec {
			switch {
			case r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'):
				add(unicode.ToLower(r), 1)
			case r >= '0' && r <= '9':
				add(r, 3)
			case r >= 0x0660 && r <= 0x0669:
				add('0'+r-0x0660, 3)
			case r >= 0x06F0 && r <= 0x06F9:
				add('0'+r-0x06F0, 3)
			case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r) ||
				r == 0x0640 || r == '\'' || r == 0x2019 || r == 0x2018 || r == 0x02BF || r == 0x02BE ||
				r == 0x02BB || r == 0x02BC || r == '`' || r == 0x00B4:
				// removed without splitting
			case isArabicLetter(r):
				add(r, 2)
			default:
				if s, ok := homoglyph.Fold(r); ok {
					for _, c := range s {
						add(c, 1)
					}
					continue
				}
				if unicode.IsLetter(r) {
					// a letter of another script: keep the token together
					// but contribute nothing.
					continue
				}
				flush()
			}
		}
	}
	flush()
	return toks
}

// isStable reports whether r is a letter of the Arabic table (NFKD-stable).
func isStable(r rune) bool {
	_, ok := arabic[r]
	return ok
}

func isArabicLetter(r rune) bool {
	if isStable(r) {
		return true
	}
	return (r >= 0x0600 && r <= 0x06FF || r >= 0x0750 && r <= 0x077F || r >= 0x08A0 && r <= 0x08FF) && unicode.IsLetter(r)
}

func makeToken(rs []rune, kind int) token {
	switch kind {
	case 3:
		return token{text: string(rs), digits: true}
	case 2:
		return token{text: string(rs)}
	}
	// Latin with digits: single digits between or beside letters are Arabizi;
	// runs of two or more digits are dropped from the letter token.
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r >= '0' && r <= '9' {
			j := i
			for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
				j++
			}
			if j-i == 1 {
				b.WriteString(arabizi[r-'0'])
			}
			i = j - 1
			continue
		}
		b.WriteRune(r)
	}
	return token{text: b.String(), latin: true}
}

// slot is one consonant position: its class options and whether a dropped
// letter (a vowel, h, w, y ...) separates it from the previous slot.
type slot struct {
	c   class
	sep bool
}

func (k *Keyer) tokenKey(t token) Key {
	if t.digits {
		return Key{Primary: t.text}
	}
	slotsOf := arabicSlots
	if t.latin {
		slotsOf = latinSlots
	}
	sh, stripped := slotsOf(t.text, &k.cfg, true)
	out := k.shapeKey(sh)
	if stripped && k.cfg.articleAlt && k.cfg.maxAlt > 1 {
		// The article reading comes first; the reading with al/ال kept
		// (Alamgir, الیاس) is the first alternative.
		whole, _ := slotsOf(t.text, &k.cfg, false)
		if w := k.shapeKey(whole).Primary; w != "" && w != out.Primary && !slices.Contains(out.Alternatives, w) {
			if 1+len(out.Alternatives) == k.cfg.maxAlt {
				out.Alternatives = out.Alternatives[:len(out.Alternatives)-1]
			}
			out.Alternatives = append([]string{w}, out.Alternatives...)
		}
	}
	return k.truncate(out)
}

// shapeKey expands the alternatives of a token's slots into its key.
func (k *Keyer) shapeKey(sh shape) Key {
	slots := sh.slots
	if k.cfg.maxAlt == 1 {
		// the primary reading only: no combinations to enumerate
		var stack [80]byte
		if b := k.reading(sh, nil, stack[:0]); len(b) > 0 {
			return Key{Primary: string(b)}
		}
		return Key{}
	}
	sizes := make([]int, len(slots))
	for i, s := range slots {
		sizes[i] = 1
		if s.c.alt != 0 {
			sizes[i] = 2
		}
	}
	var out Key
	buf := make([]byte, 0, len(slots)+2)
	combos(sizes, k.cfg.maxAlt, func(idx []int) bool {
		buf = k.reading(sh, idx, buf[:0])
		s := string(buf)
		if s == "" {
			return false
		}
		if out.Primary == "" {
			out.Primary = s
			return k.cfg.maxAlt > 1
		}
		if s == out.Primary {
			return true
		}
		for _, a := range out.Alternatives {
			if a == s {
				return true
			}
		}
		out.Alternatives = append(out.Alternatives, s)
		return 1+len(out.Alternatives) < k.cfg.maxAlt
	})
	return out
}

// reading appends to buf the key of sh read with the class choices idx
// (0 primary, 1 alternative, per slot; nil: all primary).
func (k *Keyer) reading(sh shape, idx []int, buf []byte) []byte {
	slots := sh.slots
	if sh.vowelInitial && k.cfg.vowelMark {
		buf = append(buf, vowelMark)
	}
	var last byte
	vowelFinal := sh.vowelFinal
	consonants := 0
	for i := range slots {
		c := slots[i].c.primary
		if idx != nil && idx[i] == 1 {
			c = slots[i].c.alt
		}
		if c == clsNone || c == dropAlt {
			if i == len(slots)-1 {
				vowelFinal = true
			}
			continue
		}
		if c == last && (k.cfg.collapseAll || !slots[i].sep) {
			continue
		}
		buf = append(buf, c)
		last = c
		consonants++
	}
	if vowelFinal && consonants > 0 && consonants <= k.cfg.finalMark {
		buf = append(buf, vowelMark)
	}
	return buf
}

// truncate adds the truncated alternative of WithTruncation.
func (k *Keyer) truncate(out Key) Key {
	// A long key also gets its first trunc consonants as an alternative
	// (TLBN → TLB+ is not made, BKSTN → BKST+ is): spellings of long words
	// differ mostly in their endings. It takes the last place when the
	// alternatives are full; with maxAlt 1 there is none.
	if p := out.Primary; p != "" && k.cfg.trunc > 0 && k.cfg.maxAlt > 1 {
		off := 0
		if p[0] == vowelMark {
			off = 1
		}
		if len(p)-off > k.cfg.trunc {
			if 1+len(out.Alternatives) == k.cfg.maxAlt {
				out.Alternatives = out.Alternatives[:len(out.Alternatives)-1]
			}
			out.Alternatives = append(out.Alternatives, p[:off+k.cfg.trunc]+truncMark)
		}
	}
	return out
}

// shape is a token mapped to consonant slots, with whether it starts and
// ends with a dropped (vowel-like) letter.
type shape struct {
	slots        []slot
	vowelInitial bool
	vowelFinal   bool
}

// latinSlots maps a folded Latin token to slots; with strip it removes a
// fused article al-/el-/ul- before at least three more letters and reports
// whether it did.
func latinSlots(s string, cfg *config, strip bool) (shape, bool) {
	stripped := false
	if strip && len(s) >= 5 && (strings.HasPrefix(s, "al") || strings.HasPrefix(s, "el") || strings.HasPrefix(s, "ul")) {
		s, stripped = s[2:], true
	}
	sh := shape{slots: make([]slot, 0, len(s))}
	sep := false
	for i := 0; i < len(s); {
		var c class
		n := 1
		matched := false
		for _, d := range latinDigraphs {
			if i+1 >= len(s) || !digraphSecond[s[i+1]] {
				break // no digraph has s[i+1] as its second letter
			}
			if strings.HasPrefix(s[i:], d.s) {
				c, n, matched = d.c, len(d.s), true
				if cfg.dblFix && i > 0 && s[i-1] == d.s[0] {
					c.alt = 0 // doubled aspirate: tth, ddh, pph
				}
				break
			}
		}
		if !matched {
			b := s[i]
			if b < 128 {
				c = latin[b]
			}
		}
		if i == 0 && c.vowel {
			sh.vowelInitial = true
		}
		i += n
		if c.primary == clsNone {
			sep = true
			continue
		}
		if c.primary == 'Z' && c.alt == 0 && (cfg.zAlt == 2 || cfg.zAlt == 1 && i == len(s)) {
			c.alt = 'S'
		}
		if c.primary == 'N' && sep && i == len(s) && cfg.nasalAlt {
			c.alt = dropAlt
		}
		if c.primary == 'G' && i == len(s) && n == 1 && len(sh.slots) > 0 && sh.slots[len(sh.slots)-1].c.primary == 'N' && !sep && cfg.ngAlt {
			c.alt = dropAlt
		}
		if c.primary == 'T' && n == 1 && i == len(s) && i >= 2 && s[i-2] == 'a' && cfg.tehMarbuta && len(sh.slots) >= 1 {
			c.alt = dropAlt // final -at / -ah (ة): Wilayat / Wilayah
		}
		sh.slots = append(sh.slots, slot{c: c, sep: sep})
		sep = false
	}
	sh.vowelFinal = sep
	return sh, stripped
}

// arabicSlots maps an Arabic-script token to slots; with strip it removes
// the article ال before at least three more letters and reports whether it
// did.
func arabicSlots(s string, cfg *config, strip bool) (shape, bool) {
	rs := []rune(s)
	stripped := false
	if strip && len(rs) >= 5 && rs[0] == 'ا' && rs[1] == 'ل' {
		rs, stripped = rs[2:], true
	}
	var sh shape
	sep := false
	for i, r := range rs {
		c := arabic[r]
		if r == 'ں' && i == len(rs)-1 && cfg.nasalAlt {
			c.alt = dropAlt
		}
		if r == 'ت' && i == len(rs)-1 && i >= 2 && droppedLetter(rs[i-1]) && cfg.tehMarbuta {
			c.alt = dropAlt // final -at written with ت (ولایت, جماعت) read as ة
		}
		if i == 0 && c.vowel {
			sh.vowelInitial = true
		}
		if c.primary == clsNone {
			sep = true
			continue
		}
		sh.slots = append(sh.slots, slot{c: c, sep: sep})
		sep = false
	}
	sh.vowelFinal = sep
	return sh, stripped
}

// droppedLetter reports whether r is an Arabic-script letter that the key
// drops (a vowel letter, ع, ہ ...).
func droppedLetter(r rune) bool {
	c, ok := arabic[r]
	return ok && c.primary == clsNone
}

// combos calls yield with index vectors over sizes (index 0 is the primary
// choice of each position), first the all-primary vector, then vectors that
// deviate at one position, then at two, each group in position order. It
// stops when yield returns false or after a bounded number of attempts.
func combos(sizes []int, limit int, yield func(idx []int) bool) {
	idx := make([]int, len(sizes))
	if !yield(idx) {
		return
	}
	var amb []int
	for i, n := range sizes {
		if n > 1 {
			amb = append(amb, i)
		}
	}
	attempts := 4 * limit
	var rec func(start, depth int) bool
	rec = func(start, depth int) bool {
		if depth == 0 {
			attempts--
			return yield(idx) && attempts > 0
		}
		for a := start; a < len(amb); a++ {
			p := amb[a]
			for v := 1; v < sizes[p]; v++ {
				idx[p] = v
				ok := rec(a+1, depth-1)
				idx[p] = 0
				if !ok {
					return false
				}
			}
		}
		return true
	}
	for d := 1; d <= len(amb); d++ {
		if !rec(0, d) {
			return
		}
	}
}
