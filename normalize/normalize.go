package normalize

import (
	"errors"
	"fmt"
	"math"
	"unsafe"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Version is the normalization version: the tables and the behaviour of every
// level. Any change to any output of any Profile bumps it, and the golden
// files in testdata/ fail until it is bumped. Fingerprints made with
// different versions are not comparable.
//
// History:
//
//	1  first release.
//	2  Aggressive: leetspeak is also read in tokens of one or two digits or
//	   symbols without a letter (4 → a, 1 → i, 47 → at), a final @ reads as
//	   a (r@ → ra), 2 reads as z (na2ar → nazar), a run of spaced single
//	   letters is cut into words of at most 32 letters, a run of a repeated
//	   letter does not continue across an apostrophe or a deleted _ * ~
//	   (as at Conservative, which keeps them), and the English stemmer is
//	   iterated to a fixed point. Canonical and Conservative outputs are
//	   unchanged.
const Version = 2

// Level selects how much a Profile folds. Each level does everything the
// level before it does.
type Level uint8

const (
	// Canonical is meaning-preserving: pre-NFKC maps of honorific ligatures,
	// NFKC, deletion of format, invisible and control characters and tatweel,
	// composition of visual mark sequences, whitespace normalization.
	Canonical Level = iota + 1
	// Conservative, the default for fingerprints, also removes harakat,
	// Quranic marks and Latin diacritics, folds the same letter across the
	// Arabic, Persian, Urdu and Pashto keyboards, maps digits of every script
	// and Arabic punctuation to ASCII, folds case and collapses runs of three
	// or more identical letters.
	Conservative
	// Aggressive also reduces Arabic script to its dotless rasm skeleton and
	// Latin i and l to one letter (i), folds Cyrillic and Greek look-alikes,
	// small capitals, negative circled and regional-indicator letters to
	// ASCII, undoes leetspeak inside tokens with a Latin letter and in
	// tokens of one or two digits or symbols (4 → a, 47 → at), deletes _ *
	// ~ between two letters of one script and turns other punctuation into
	// spaces, re-joins runs of three or more single-letter tokens and
	// collapses runs of two or more identical letters.
	Aggressive
)

// String returns "canonical", "conservative" or "aggressive".
func (l Level) String() string {
	switch l {
	case Canonical:
		return "canonical"
	case Conservative:
		return "conservative"
	case Aggressive:
		return "aggressive"
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

// ParseLevel parses the names String returns.
func ParseLevel(s string) (Level, error) {
	for l := Canonical; l <= Aggressive; l++ {
		if s == l.String() {
			return l, nil
		}
	}
	return 0, fmt.Errorf("%w %q (want canonical, conservative or aggressive)", ErrInvalidLevel, s)
}

var (
	// ErrUnsupported is returned by New for a language other than ar, ur,
	// ps, fa, en or language.Und (automatic).
	ErrUnsupported = errors.New("normalize: unsupported language")
	// ErrInvalidLevel is returned by New and ParseLevel for an unknown level.
	ErrInvalidLevel = errors.New("normalize: invalid level")
	// ErrInvalidOption is returned by New for an option that is out of range
	// or that does not apply to the level or language.
	ErrInvalidOption = errors.New("normalize: invalid option")
)

// ZWNJMode says what a Profile does with U+200C ZERO WIDTH NON-JOINER.
type ZWNJMode uint8

const (
	// ZWNJDelete deletes it (the default): Persian, Urdu and Pashto words are
	// typed with a ZWNJ, a space or nothing, and deleting it makes the first
	// and the last agree. Cost: a word written with a space stays apart.
	ZWNJDelete ZWNJMode = iota
	// ZWNJSpace turns it into a word break. Cost: the form typed without
	// ZWNJ or space stays apart. On the Persian corpus it splits enough
	// compounds (می‌روم → می روم) to cut the distinct word forms of the
	// Conservative level by 10.9%; on Urdu it changes nothing measurable.
	ZWNJSpace
	// ZWNJKeep keeps it; only valid at the Canonical level (display).
	ZWNJKeep
)

// String returns "delete", "space" or "keep".
func (m ZWNJMode) String() string {
	switch m {
	case ZWNJDelete:
		return "delete"
	case ZWNJSpace:
		return "space"
	case ZWNJKeep:
		return "keep"
	}
	return fmt.Sprintf("ZWNJMode(%d)", uint8(m))
}

// Option configures a Profile. Options are checked once, in New.
type Option func(*options) error

type options struct {
	zwnj      ZWNJMode
	strictYeh bool
	stem      bool
}

// WithZWNJ sets the handling of U+200C ZERO WIDTH NON-JOINER (default
// ZWNJDelete). ZWNJKeep is only valid at Canonical.
func WithZWNJ(m ZWNJMode) Option {
	return func(o *options) error {
		if m > ZWNJKeep {
			return fmt.Errorf("%w: ZWNJ mode %d", ErrInvalidOption, m)
		}
		o.zwnj = m
		return nil
	}
}

// StrictYeh keeps final ے ې ۍ apart from ي at the Conservative level and
// folds only ي ی ى and medial ے (a typing artefact, مےں) into ي. It keeps
// the Urdu and Pashto grammatical words کے/کی, ہے/ہی and دې/دي/دی apart, at
// the cost of missing Pashto typed on a Pakistani keyboard (ے for ې). On the
// shared corpora it keeps 2.0% more distinct word forms apart in Urdu and
// 7.3% more in Pashto than the default. Valid for ur, ps and automatic
// profiles at the Conservative level only.
func StrictYeh(on bool) Option {
	return func(o *options) error { o.strictYeh = on; return nil }
}

// StemEnglish stems every all-Latin word with the Snowball (Porter2) English
// stemmer at the Aggressive level, so that "recruiting" meets "recruits". It
// costs about one allocation per word. On the English corpus it merges 19.3%
// of the Aggressive level's distinct word forms; it also stems Roman Urdu
// (every all-Latin word), where it merges 9.3%, some of them unrelated
// words. Valid for en and automatic profiles at the Aggressive level only.
func StemEnglish(on bool) Option {
	return func(o *options) error { o.stem = on; return nil }
}

// Profile is an immutable normalizer for one level, language and set of
// options. It is safe for concurrent use by multiple goroutines; its zero
// value is not usable (call New).
//
// Every profile is idempotent, p.String(p.String(x)) == p.String(x), and its
// output is valid UTF-8 without leading, trailing or repeated spaces,
// whatever the input.
type Profile struct {
	level    Level
	tag      language.Tag
	opts     options
	tab      *table
	collapse int            // run length of identical letters that collapses to one (0 = off)
	low      *[0x800]uint32 // the table entries of U+0000-U+07FF, for the block fast path
	plain    *[0x800]uint8  // cls* of U+0000-U+07FF, for the scan fast path
	lowBlock *[0x800]uint32 // lowBlockEntries(low), for the block fast path
	wordRoom int            // maxWord at Aggressive, unlimited below
	join     bool           // join runs of single letters (Aggressive; off in Explain's earlier steps)
}

// Classes of the scan fast path.
const (
	clsNone   = 0 // needs the general path
	clsSpace  = 1 // ' ' between two words (not at Aggressive)
	clsOther  = 2 // unchanged, not a letter
	clsLetter = 3 // unchanged letter
	clsArabic = 4 // unchanged Arabic-script letter
)

// New returns a Profile for level and language. tag is one of language.Arabic,
// Urdu, Pashto, Persian, English (regional variants such as ur-PK are
// accepted) or language.Und for automatic handling of mixed-script text. The
// tables are keyed by script, so every profile handles a post that mixes
// Urdu, English and Roman Urdu run by run; the language decides which
// options are valid and is recorded in Params.
//
// New returns an error wrapping ErrInvalidLevel, ErrUnsupported or
// ErrInvalidOption.
func New(level Level, tag language.Tag, opts ...Option) (*Profile, error) {
	if level < Canonical || level > Aggressive {
		return nil, fmt.Errorf("%w %d", ErrInvalidLevel, level)
	}
	base := language.Und
	if tag != language.Und {
		b, conf := tag.Base()
		if conf == language.No {
			return nil, fmt.Errorf("%w: %v", ErrUnsupported, tag)
		}
		switch b.String() {
		case "ar", "ur", "ps", "fa", "en":
		default:
			return nil, fmt.Errorf("%w: %v (want ar, ur, ps, fa, en or und)", ErrUnsupported, tag)
		}
		base = language.Make(b.String())
	}
	p := &Profile{level: level, tag: base, wordRoom: math.MaxInt / 2}
	if level == Aggressive {
		p.wordRoom = maxWord
		p.join = true
	}
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("%w: nil Option", ErrInvalidOption)
		}
		if err := o(&p.opts); err != nil {
			return nil, err
		}
	}
	lang := base.String()
	if p.opts.zwnj == ZWNJKeep && level != Canonical {
		return nil, fmt.Errorf("%w: ZWNJKeep is only valid at level canonical, not %v", ErrInvalidOption, level)
	}
	if p.opts.strictYeh {
		if level != Conservative {
			return nil, fmt.Errorf("%w: StrictYeh applies to level conservative only, not %v", ErrInvalidOption, level)
		}
		if lang != "ur" && lang != "ps" && lang != "und" {
			return nil, fmt.Errorf("%w: StrictYeh applies to ur, ps and und, not %v", ErrInvalidOption, lang)
		}
	}
	if p.opts.stem {
		if level != Aggressive {
			return nil, fmt.Errorf("%w: StemEnglish applies to level aggressive only, not %v", ErrInvalidOption, level)
		}
		if lang != "en" && lang != "und" {
			return nil, fmt.Errorf("%w: StemEnglish applies to en and und, not %v", ErrInvalidOption, lang)
		}
	}
	switch level {
	case Canonical:
		p.tab, p.low, p.plain = &canonicalTable, canonicalLow, canonicalPlain
	case Conservative:
		p.tab, p.low, p.plain = &conservativeTable, conservativeLow, conservativePlain
		p.collapse = 3
		if p.opts.strictYeh {
			p.tab, p.low, p.plain = strictConservativeTable, strictLow, strictPlain
		}
	case Aggressive:
		p.tab, p.low, p.plain = &aggressiveTable, aggressiveLow, aggressivePlain
		p.collapse = 2
	}
	p.lowBlock = lowBlock[p.low]
	return p, nil
}

var strictConservativeTable = conservativeTable.withOverrides(strictYehOverrides)

// the flat entries of U+0000-U+07FF per table, for the block fast path
var (
	canonicalLow    = lowEntries(&canonicalTable)
	conservativeLow = lowEntries(&conservativeTable)
	strictLow       = lowEntries(strictConservativeTable)
	aggressiveLow   = lowEntries(&aggressiveTable)

	canonicalPlain    = plainClasses(canonicalLow, true)
	conservativePlain = plainClasses(conservativeLow, true)
	strictPlain       = plainClasses(strictLow, true)
	aggressivePlain   = plainClasses(aggressiveLow, false)

	lowBlock = map[*[0x800]uint32]*[0x800]uint32{
		canonicalLow:    lowBlockEntries(canonicalLow),
		conservativeLow: lowBlockEntries(conservativeLow),
		strictLow:       lowBlockEntries(strictLow),
		aggressiveLow:   lowBlockEntries(aggressiveLow),
	}
)

func plainClasses(low *[0x800]uint32, spaces bool) *[0x800]uint8 {
	a := new([0x800]uint8)
	for r, e := range low {
		// a base of a visual mark sequence (fCompBase) is plain: the scan
		// fast path leaves state.composeAt at the last rune it copied
		switch {
		case e&(7|fSeg) == kKeep && e&fArabic != 0:
			a[r] = clsArabic
		case e&(7|fSeg) == kKeep && e&fLetter != 0:
			a[r] = clsLetter
		case e&(7|fSeg) == kKeep:
			a[r] = clsOther
		case r == ' ' && e&7 == kSpace && spaces:
			a[r] = clsSpace
		}
	}
	return a
}

func lowEntries(t *table) *[0x800]uint32 {
	a := new([0x800]uint32)
	for r := range a {
		a[r] = t.lookup(rune(r))
	}
	return a
}

// Params describes a Profile's effective settings. Two profiles with equal
// Params give equal outputs.
type Params struct {
	Level          Level
	Language       language.Tag // language.Und for automatic
	Version        int          // normalize.Version
	UnicodeVersion string       // Unicode version of the tables and of x/text's norm
	ZWNJ           ZWNJMode
	StrictYeh      bool
	StemEnglish    bool
}

// String formats p on one line, for logs and notebooks.
func (p Params) String() string {
	return fmt.Sprintf("normalize/v%d level=%v lang=%v unicode=%s zwnj=%v strictyeh=%t stem=%t",
		p.Version, p.Level, p.Language, p.UnicodeVersion, p.ZWNJ, p.StrictYeh, p.StemEnglish)
}

// Params returns p's effective settings.
func (p *Profile) Params() Params {
	return Params{
		Level: p.level, Language: p.tag, Version: Version, UnicodeVersion: norm.Version,
		ZWNJ: p.opts.zwnj, StrictYeh: p.opts.strictYeh, StemEnglish: p.opts.stem,
	}
}

// String returns the normalized form of s. It does not allocate when s is
// already normal and at most 512 bytes long.
func (p *Profile) String(s string) string {
	var buf [512]byte
	src := unsafe.Slice(unsafe.StringData(s), len(s))
	out := p.Append(buf[:0], src)
	if string(out) == s {
		return s
	}
	return string(out)
}

// Bytes returns the normalized form of b in a new slice.
func (p *Profile) Bytes(b []byte) []byte {
	return p.Append(make([]byte, 0, len(b)), b)
}

// Append appends the normalized form of src to dst and returns the extended
// slice. It does not allocate when dst has room for the output (for input
// that is already normal, len(src) bytes). src is not modified and may not
// overlap dst's spare capacity.
func (p *Profile) Append(dst, src []byte) []byte {
	var st state
	st.init(len(dst), 0, false)
	dst, _ = p.run(&st, dst, nil, src, true)
	return dst
}

// AppendOffsets is Append that also appends to offs, for every byte appended
// to dst, the byte offset in src of the start of the input that produced it.
// Offsets are non-decreasing and lie in [0, len(src)). A caller maps an output
// range [i, j) back to the input range [offs[i], offs[j]) (or len(src) when j
// is the end of the output). A rune produced by several input runes (a
// composed letter, a joined single letter, an NFC segment) maps to the first
// of them. For src longer than 2 GiB the offsets saturate at MaxInt32.
func (p *Profile) AppendOffsets(dst []byte, offs []int32, src []byte) ([]byte, []int32) {
	var st state
	st.init(len(dst), len(offs), true)
	return p.run(&st, dst, offs, src, true)
}
