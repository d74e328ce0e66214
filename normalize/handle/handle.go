package handle

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gharbal/gharbal/internal/homoglyph"
	"github.com/gharbal/gharbal/normalize/namekey"
	"golang.org/x/text/unicode/norm"
)

// Version is the handle normalization version. Any change to any output of
// Normalize (tables, affix list, skeleton rules) bumps it. The name key in a
// Handle also carries namekey.Version.
const Version = 1

// MaxInputBytes bounds the part of a handle that is read; handles are short
// and anything longer is cut at a rune boundary.
const MaxInputBytes = 256

// ErrInvalidOption is returned (wrapped) by New for an invalid option.
var ErrInvalidOption = errors.New("handle: invalid option")

// Kind says what a Stripped entry removed or changed.
type Kind uint8

const (
	Separator Kind = iota + 1 // _ . - space and other punctuation between parts
	Digits                    // trailing digits of a part, or a part of digits only
	Affix                     // official / real / new / backup-style word, in English, Roman Urdu, Urdu, Arabic, Pashto
	Repeat                    // doubled letters collapsed in the skeleton
	Homoglyph                 // a non-Latin look-alike or letterlike symbol folded to Latin
	Leet                      // a digit or symbol read as a letter (0→o, 1→l, 4→a, 3→e, $→s ...)
	Prefix                    // a leading @
)

var kindNames = [...]string{"", "separator", "digits", "affix", "repeat", "homoglyph", "leet", "prefix"}

// String returns the lower-case name of k ("affix").
func (k Kind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Stripped is one thing Normalize removed or changed, for the explanation.
type Stripped struct {
	Kind Kind
	Text string // the input text removed, or "from→to" for a fold
}

// Handle is a normalized handle. It is a plain value.
type Handle struct {
	Input    string      // the input, cut to MaxInputBytes
	Parts    []string    // the kept parts, lower case, look-alikes and leet folded, in order
	Skeleton string      // comparison form of the kept parts: i/l/1 merged, rn→m, vv→w, repeats collapsed
	Key      namekey.Key // cross-script name key of the kept parts (Arabizi reading of digits)
	NameText string      // the kept parts as given to the name key, space-separated
	Stripped []Stripped  // what was removed or folded, in input order
}

// Same reports whether h and o have the same non-empty skeleton.
func (h Handle) Same(o Handle) bool { return h.Skeleton != "" && h.Skeleton == o.Skeleton }

// Explain returns a one-line account of h, e.g.
// `kept "ttp" (skeleton tp); stripped separator ".", affix "0fficiaI", digits "2"; folded leet 0→o`.
func (h Handle) Explain() string {
	var b strings.Builder
	fmt.Fprintf(&b, "kept %q (skeleton %s, key %s)", strings.Join(h.Parts, " "), h.Skeleton, h.Key)
	var strip, fold []string
	for _, s := range h.Stripped {
		switch s.Kind {
		case Homoglyph, Leet, Repeat:
			fold = append(fold, fmt.Sprintf("%s %s", s.Kind, s.Text))
		default:
			strip = append(strip, fmt.Sprintf("%s %q", s.Kind, s.Text))
		}
	}
	if len(strip) > 0 {
		b.WriteString("; stripped ")
		b.WriteString(strings.Join(strip, ", "))
	}
	if len(fold) > 0 {
		b.WriteString("; folded ")
		b.WriteString(strings.Join(fold, ", "))
	}
	return b.String()
}

// Option configures a Normalizer; options are validated by New.
type Option func(*config) error

type config struct {
	extra     []string
	noBuiltin bool
}

// WithoutBuiltinAffixes leaves out the built-in affix list, so that only
// the words given with WithAffixes are removed (for display names, where
// words like "media" or "news" are part of the name).
func WithoutBuiltinAffixes() Option {
	return func(c *config) error { c.noBuiltin = true; return nil }
}

// WithAffixes adds affix words (matched whole, or fused at the start or end of
// the handle) to the built-in list. Each must contain a letter and be at
// most 32 bytes.
func WithAffixes(words ...string) Option {
	return func(c *config) error {
		for _, w := range words {
			if len(w) > 32 || strings.IndexFunc(w, unicode.IsLetter) < 0 {
				return fmt.Errorf("%w: affix %q must contain a letter and be at most 32 bytes", ErrInvalidOption, w)
			}
		}
		c.extra = append(c.extra, words...)
		return nil
	}
}

// Normalizer normalizes account handles. It is immutable after New and safe
// for concurrent use.
type Normalizer struct {
	keyer   *namekey.Keyer
	affixes map[string]bool // skeletons
	fused   []string        // skeletons of at least 3 bytes, longest first, for fused matches
}

// New returns a Normalizer with the built-in affix list plus any added by
// options.
func New(opts ...Option) (*Normalizer, error) {
	var c config
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("%w: nil option", ErrInvalidOption)
		}
		if err := o(&c); err != nil {
			return nil, err
		}
	}
	k, err := namekey.New()
	if err != nil {
		return nil, err
	}
	n := &Normalizer{keyer: k, affixes: map[string]bool{}}
	words := c.extra
	if !c.noBuiltin {
		words = append(append([]string(nil), builtinAffixes...), c.extra...)
	}
	for _, w := range words {
		for _, p := range splitParts(w, nil) {
			sk := skeleton(foldPart(p.text, nil, false))
			if sk == "" {
				continue
			}
			n.affixes[sk] = true
		}
		// a multi-part affix also counts fused
		sk := skeleton(foldPart(w, nil, false))
		if len(sk) >= 3 {
			n.fused = append(n.fused, sk)
		}
	}
	sortByLenDesc(n.fused)
	return n, nil
}

// Params describes a Normalizer's versions.
type Params struct {
	Version        int // handle normalization version
	NameKeyVersion int // namekey.Version of Handle.Key
	Affixes        int // number of affix skeletons
}

// Params returns n's effective settings.
func (n *Normalizer) Params() Params {
	return Params{Version: Version, NameKeyVersion: namekey.Version, Affixes: len(n.affixes)}
}

func sortByLenDesc(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && (len(s[j]) > len(s[j-1]) || len(s[j]) == len(s[j-1]) && s[j] < s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// part is one run of letters and digits between separators.
type part struct {
	text string // NFKD-folded, look-alikes folded to Latin; case kept
}

// Normalize normalizes handle h: it splits it at separators (_ . - space,
// other punctuation) and camel-case boundaries, removes trailing digits and
// affix words (official, real, new, backup, asli, rasmi, رسمی ...), folds
// look-alikes and leet, and forms the skeleton that mirror handles share:
//
//	TTP_Official, T.T.P_0fficiaI2, ttp.officiall  -> skeleton "tp"
//
// When every part is an affix or digits, the last part is kept so that a
// handle never normalizes to nothing unless it has no letters. Normalize is
// total: any input, including invalid UTF-8, gives a Handle.
func (n *Normalizer) Normalize(h string) Handle {
	if len(h) > MaxInputBytes {
		h = h[:MaxInputBytes]
		// drop a rune cut in the middle
		for i := 0; i < utf8.UTFMax && len(h) > 0; i++ {
			if r, size := utf8.DecodeLastRuneInString(h); r != utf8.RuneError || size > 1 {
				break
			}
			h = h[:len(h)-1]
		}
	}
	out := Handle{Input: h}
	s := h
	if strings.HasPrefix(s, "@") {
		out.Stripped = append(out.Stripped, Stripped{Prefix, "@"})
		s = s[1:]
	}
	parts := joinSpelled(splitParts(s, &out.Stripped))
	var ks []keptPart
	for _, p := range parts {
		t := p.text
		j := len(t)
		for j > 0 && t[j-1] >= '0' && t[j-1] <= '9' {
			j--
		}
		if j < len(t) {
			out.Stripped = append(out.Stripped, Stripped{Digits, t[j:]})
			t = t[:j]
		}
		if t == "" {
			continue
		}
		f := foldPart(t, &out.Stripped, false)
		ks = append(ks, keptPart{folded: f, keyText: foldPart(t, nil, true), skel: skeleton(f)})
	}
	// Whole-part affixes (the last part stays when all are affixes), then
	// fused affixes at the end of the last part and the start of the first
	// ("ttpofficial", "therealttp"); repeated while something changes, as a
	// cut can leave a whole affix part ("daesh_newsnew").
	keep := ks
	for range 4 {
		changed := false
		var next []keptPart
		for i, k := range keep {
			if n.affixes[k.skel] && (len(next) > 0 || i < len(keep)-1) {
				out.Stripped = append(out.Stripped, Stripped{Affix, k.folded})
				changed = true
				continue
			}
			next = append(next, k)
		}
		keep = next
		if len(keep) > 0 {
			if n.cutFused(&keep[len(keep)-1], false, &out.Stripped) {
				changed = true
			}
			if n.cutFused(&keep[0], true, &out.Stripped) {
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	var keyParts []string
	var sk strings.Builder
	for _, k := range keep {
		out.Parts = append(out.Parts, k.folded)
		sk.WriteString(k.skel)
		keyParts = append(keyParts, k.keyText)
	}
	out.Skeleton = collapse(sk.String())
	if d := doubled(strings.Join(out.Parts, "")); d != "" {
		out.Stripped = append(out.Stripped, Stripped{Repeat, d})
	}
	out.NameText = strings.Join(keyParts, " ")
	out.Key = n.keyer.Key(out.NameText)
	return out
}

// keptPart is a part being normalized: its folded text (leet read), the text
// given to the name key (Arabizi digits kept) and its skeleton.
type keptPart struct {
	folded, keyText, skel string
}

// cutFused removes one fused affix from the start (prefix) or end of k,
// leaving at least two skeleton letters, and reports whether it did.
func (n *Normalizer) cutFused(k *keptPart, prefix bool, st *[]Stripped) bool {
	for _, a := range n.fused {
		if len(k.skel) < len(a)+2 {
			continue
		}
		if prefix && !strings.HasPrefix(k.skel, a) || !prefix && !strings.HasSuffix(k.skel, a) {
			continue
		}
		rs, kr := []rune(k.folded), []rune(k.keyText)
		if len(kr) != len(rs) {
			kr = rs
		}
		for i := 1; i < len(rs); i++ {
			var cut, rest []rune
			var keyRest []rune
			if prefix {
				cut, rest, keyRest = rs[:i], rs[i:], kr[i:]
			} else {
				cut, rest, keyRest = rs[len(rs)-i:], rs[:len(rs)-i], kr[:len(rs)-i]
			}
			if skeleton(string(cut)) == a && len(skeleton(string(rest))) >= 2 {
				*st = append(*st, Stripped{Affix, string(cut)})
				k.folded, k.keyText, k.skel = string(rest), string(keyRest), skeleton(string(rest))
				return true
			}
		}
	}
	return false
}

// splitParts folds runes (NFKD, marks removed, look-alikes to Latin) and cuts
// s at separators, script changes and camel-case boundaries. Separators and
// look-alike folds are recorded in st when it is not nil.
func splitParts(s string, st *[]Stripped) []part {
	var parts []part
	var cur []rune
	arab := false
	flush := func() {
		if len(cur) > 0 {
			parts = append(parts, part{text: string(cur)})
		}
		cur = cur[:0]
		arab = false
	}
	rec := func(k Kind, t string) {
		if st != nil {
			*st = append(*st, Stripped{k, t})
		}
	}
	rs := []rune(s)
	var one [1]rune
	for i, r0 := range rs {
		if r0 == utf8.RuneError {
			flush()
			continue
		}
		var folded []rune
		dec := one[:0]
		if r0 < 0x80 {
			dec = append(dec, r0) // ASCII is NFKD-stable
		} else {
			dec = []rune(norm.NFKD.String(string(r0)))
		}
		for _, r := range dec {
			switch {
			case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) || r == 0x0640 || isApostrophe(r):
				// removed without splitting: marks, format characters,
				// tatweel and apostrophes (Da'esh, Qa'ida)
			case r < 0x80:
				folded = append(folded, r)
			case unicode.Is(unicode.Arabic, r) && (unicode.IsLetter(r) || unicode.IsDigit(r)):
				folded = append(folded, r)
			default:
				if f, ok := homoglyph.Fold(r); ok {
					rec(Homoglyph, string(r)+"→"+f)
					folded = append(folded, []rune(f)...)
				} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
					folded = append(folded, r)
				} else {
					folded = append(folded, ' ')
				}
			}
		}
		sep := false
		for _, r := range folded {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '$' || r == '@' || r == '|' || r == '!') {
				sep = true
				continue
			}
			ra := unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r)
			if len(cur) > 0 && ra != arab && !unicode.IsDigit(r) {
				flush()
			}
			// camel case: an upper-case letter followed by a lower-case one
			// starts a part ("TTPOfficial", "ttpOfficial").
			if len(cur) > 0 && unicode.IsUpper(r) && i+1 < len(rs) && unicode.IsLower(rs[i+1]) {
				flush()
			}
			if len(cur) == 0 {
				arab = ra
			}
			cur = append(cur, r)
		}
		if sep {
			flush()
			rec(Separator, string(r0))
		}
	}
	flush()
	return parts
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', 0x2019, 0x2018, 0x02BF, 0x02BE, 0x02BB, 0x02BC, 0x00B4:
		return true
	}
	return false
}

// joinSpelled joins runs of two or more single-letter parts ("T.T.P",
// "t_t_p") into one part.
func joinSpelled(ps []part) []part {
	var out []part
	for i := 0; i < len(ps); {
		j := i
		for j < len(ps) && utf8.RuneCountInString(ps[j].text) == 1 {
			j++
		}
		if j-i >= 2 {
			var b strings.Builder
			for _, p := range ps[i:j] {
				b.WriteString(p.text)
			}
			out = append(out, part{text: b.String()})
			i = j
			continue
		}
		out = append(out, ps[i])
		i++
	}
	return out
}

// leet maps digits and symbols inside a Latin part to the letter they imitate.
var leet = map[rune]rune{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', '$': 's', '|': 'l', '!': 'i'}

// arabiziDigit reports the digits that, inside a Latin word, are more often
// Arabizi letters than leet; the name key reads them as Arabizi.
func arabiziDigit(r rune) bool {
	return r == '2' || r == '3' || r == '5' || r == '6' || r == '7' || r == '8' || r == '9'
}

// foldPart lower-cases a part and reads leet in Latin parts; it records the
// leet folds in st when it is not nil. With forKey set, the Arabizi digits
// are left for the name key to read.
func foldPart(t string, st *[]Stripped, forKey bool) string {
	var b strings.Builder
	hasLetter := strings.IndexFunc(t, func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }) >= 0
	for _, r := range t {
		if forKey && arabiziDigit(r) {
			b.WriteRune(r)
			continue
		}
		if l, ok := leet[r]; ok && hasLetter {
			if st != nil {
				*st = append(*st, Stripped{Leet, string(r) + "→" + string(l)})
			}
			b.WriteRune(l)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// skeleton maps a folded part to its comparison form: i, l and 1 merged, rn
// to m, vv to w, Arabic-script letters folded across keyboards, and runs of
// one letter collapsed.
func skeleton(f string) string {
	var b strings.Builder
	for _, r := range f {
		if a, ok := arabicFold[r]; ok {
			if a != 0 {
				b.WriteRune(a)
			}
			continue
		}
		switch r {
		case 'i', 'l', '1':
			r = 'l'
		}
		b.WriteRune(r)
	}
	s := b.String()
	s = strings.ReplaceAll(s, "rn", "m")
	s = strings.ReplaceAll(s, "vv", "w")
	return collapse(s)
}

// collapse removes runs of one rune.
func collapse(s string) string {
	var b strings.Builder
	var last rune = -1
	for _, r := range s {
		if r != last {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

// doubled lists the letters that occur doubled in s ("ff, ll"), or "".
func doubled(s string) string {
	var out []string
	var last rune = -1
	seen := map[rune]bool{}
	for _, r := range s {
		if r == last && !seen[r] {
			seen[r] = true
			out = append(out, string([]rune{r, r}))
		}
		last = r
	}
	return strings.Join(out, " ")
}

// arabicFold folds Arabic-script letters typed on different keyboards to one
// letter, and drops marks (0 means drop).
var arabicFold = map[rune]rune{
	'ي': 'ی', 'ى': 'ی', 'ے': 'ی', 'ې': 'ی', 'ۍ': 'ی', 'ئ': 'ی',
	'ك': 'ک', 'ګ': 'گ', 'ڪ': 'ک',
	'ه': 'ہ', 'ة': 'ہ', 'ۃ': 'ہ', 'ھ': 'ہ', 'ە': 'ہ',
	'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا',
	'ؤ': 'و', 'ټ': 'ٹ', 'ډ': 'ڈ', 'ړ': 'ڑ', 'ڼ': 'ن', 'ں': 'ن',
	'٠': '0', '١': '1', '٢': '2', '٣': '3', '٤': '4', '٥': '5', '٦': '6', '٧': '7', '٨': '8', '٩': '9',
	'۰': '0', '۱': '1', '۲': '2', '۳': '3', '۴': '4', '۵': '5', '۶': '6', '۷': '7', '۸': '8', '۹': '9',
}
