package normalize

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Step is one step of Explain's trace: the text after this step and every
// step before it.
type Step struct {
	Level  Level  // the level the step belongs to; 0 for the input
	Name   string // the step, see Profile.Explain
	Output string
}

// String formats s as "level/name: output" with the output quoted so that
// invisible characters show, e.g. `conservative/digits: "tehreek 313"`.
func (s Step) String() string {
	name := s.Name
	if s.Level != 0 {
		name = s.Level.String() + "/" + name
	}
	return name + ": " + quote(s.Output)
}

// The steps of Explain, in pipeline order. Each level's steps switch on the
// table rows and context rules of that level one group at a time.
var stepNames = [...]struct {
	level Level
	name  string
}{
	stPresentation: {Canonical, "presentation"},
	stNFKC:         {Canonical, "nfkc"},
	stCompose:      {Canonical, "compose"},
	stInvisible:    {Canonical, "invisible"},
	stTatweel:      {Canonical, "tatweel"},
	stWhitespace:   {Canonical, "whitespace"},
	stMarks:        {Conservative, "marks"},
	stLetters:      {Conservative, "letters"},
	stDigits:       {Conservative, "digits"},
	stPunct:        {Conservative, "punctuation"},
	stCase:         {Conservative, "case"},
	stDiacritics:   {Conservative, "diacritics"},
	stRepeats3:     {Conservative, "repeats"},
	stRasm:         {Aggressive, "rasm"},
	stHomoglyphs:   {Aggressive, "homoglyphs"},
	stLeet:         {Aggressive, "leetspeak"},
	stPunctSpace:   {Aggressive, "punctuation"},
	stSpaced:       {Aggressive, "spaced-letters"},
	stRepeats2:     {Aggressive, "repeats"},
	stStem:         {Aggressive, "stem"},
}

const (
	stPresentation = iota
	stNFKC
	stCompose
	stInvisible
	stTatweel
	stWhitespace
	stMarks
	stLetters
	stDigits
	stPunct
	stCase
	stDiacritics
	stRepeats3
	stRasm
	stHomoglyphs
	stLeet
	stPunctSpace
	stSpaced
	stRepeats2
	stStem
	numSteps
)

// Explain returns the trace of s through the profile, step by step, for
// notebooks. The first step is the input (Level 0, Name "input"); then come
// the steps of every level up to p's, in pipeline order:
//
//	canonical     presentation  honorific ligatures spelled out, isolated-harakat forms deleted (pre-NFKC)
//	              nfkc          compatibility characters (NFKC): presentation forms, fullwidth, ligatures ...
//	              compose       visual mark sequences composed (ح + U+0654 → ځ)
//	              invisible     format, invisible and control characters deleted (ZWNJ as the option says)
//	              tatweel       tatweel deleted
//	              whitespace    one space between words, none at the ends
//	conservative  marks         combining marks deleted (harakat, Quranic marks, Latin diacritics)
//	              letters       the same letter across keyboards folded (yeh, kaf, heh, hamza seats ...)
//	              digits        digits of every script to ASCII
//	              punctuation   Arabic and other punctuation to ASCII
//	              case          case folded
//	              diacritics    precomposed letters without their marks, Latin letters to ASCII (ø ł æ)
//	              repeats       runs of three or more identical letters collapsed
//	aggressive    rasm          Arabic script to the dotless skeleton, positional ن ي ق
//	              homoglyphs    look-alikes (Cyrillic, Greek, small capitals, enclosed letters) to ASCII, i/l
//	              leetspeak     digits and symbols to letters in Latin tokens and in 1-2 character tokens
//	              punctuation   apostrophes deleted, other punctuation a space (or nothing inside a word)
//	              spaced-letters runs of single letters joined
//	              repeats       runs of two or more identical letters collapsed (three in Arabic script)
//	              stem          English stemming (with the StemEnglish option only)
//
// Every step's Output is the real output of the normalizer with the table
// rows and rules of the steps up to it switched on, so the last step of each
// level is that level's output and the last step overall is p.String(s). A
// character that several steps change (É: case and diacritics) changes at
// the last of them. Invalid UTF-8 is dropped, and text is kept in NFC, from
// the first step on.
//
// Explain builds its per-step tables on first use (about 10 ms, once per
// process and set of options); it is meant for notebooks and
// debugging, not the hot path. It is safe for concurrent use.
func (p *Profile) Explain(s string) []Step {
	stages := p.stages()
	steps := make([]Step, 0, len(stages)+1)
	steps = append(steps, Step{Name: "input", Output: s})
	for _, q := range stages {
		steps = append(steps, Step{Level: stepNames[q.step].level, Name: stepNames[q.step].name, Output: q.p.String(s)})
	}
	return steps
}

type stage struct {
	step int
	p    *Profile
}

type stageKey struct {
	level Level
	opts  options
}

var stageCache sync.Map // stageKey -> []stage

// stages returns the profiles of Explain's steps up to p's level.
func (p *Profile) stages() []stage {
	key := stageKey{p.level, p.opts}
	if v, ok := stageCache.Load(key); ok {
		return v.([]stage)
	}
	var out []stage
	for k := 0; k < numSteps; k++ {
		l := stepNames[k].level
		if l > p.level || k == stStem && !p.opts.stem {
			continue
		}
		out = append(out, stage{k, p.stageProfile(k)})
	}
	v, _ := stageCache.LoadOrStore(key, out)
	return v.([]stage)
}

// stageProfile returns a profile that does the steps up to and including k.
func (p *Profile) stageProfile(k int) *Profile {
	l := stepNames[k].level
	o := p.opts
	o.strictYeh = o.strictYeh && l == Conservative && k >= stLetters
	o.stem = o.stem && k >= stStem
	full, err := New(l, p.tag, WithZWNJ(o.zwnj), StrictYeh(o.strictYeh), StemEnglish(o.stem))
	if err != nil {
		// unreachable: the options were valid for p and are narrowed to l
		panic("normalize: " + err.Error())
	}
	last := stepsOf(l)[1] - 1
	if l == Aggressive && !p.opts.stem {
		last = stRepeats2
	}
	if k == last {
		return full
	}
	q := *full
	q.tab = levelDiffs(l, o.strictYeh).stageTable(full.tab, k)
	switch {
	case l == Canonical && k < stCompose:
		q.tab.compose = nil
	case l == Conservative && k < stRepeats3:
		q.collapse = 0
	case l == Aggressive && k < stRepeats2:
		q.collapse = 3
	}
	q.join = l == Aggressive && k >= stSpaced
	q.low = lowEntries(q.tab)
	q.plain = plainClasses(q.low, l != Aggressive)
	q.lowBlock = lowBlockEntries(q.low)
	return &q
}

// stepsOf returns the first step of level l and the first after it.
func stepsOf(l Level) [2]int {
	switch l {
	case Canonical:
		return [2]int{stPresentation, stMarks}
	case Conservative:
		return [2]int{stMarks, stRasm}
	}
	return [2]int{stRasm, numSteps}
}

// A levelDiff lists the runes whose table entry differs between a level and
// the one before it (the identity map before Canonical), with the step that
// makes the change.
type levelDiff struct {
	runes []rune
	step  []uint8
	prev  []uint32 // the entry of the level before
}

var (
	diffOnce  [4][2]sync.Once
	diffCache [4][2]*levelDiff
)

func levelDiffs(l Level, strict bool) *levelDiff {
	s := 0
	if strict {
		s = 1
	}
	diffOnce[l][s].Do(func() {
		var prev, cur *table
		switch l {
		case Canonical:
			cur = &canonicalTable
		case Conservative:
			prev, cur = &canonicalTable, &conservativeTable
			if strict {
				cur = strictConservativeTable
			}
		case Aggressive:
			prev, cur = &conservativeTable, &aggressiveTable
		}
		diffCache[l][s] = diffTables(l, prev, cur)
	})
	return diffCache[l][s]
}

// diffTables compares cur with prev (nil: the identity map) on every rune
// either of them maps differently from the default.
func diffTables(l Level, prev, cur *table) *levelDiff {
	d := &levelDiff{}
	visit := func(r rune) {
		ec := cur.lookup(r)
		var ep uint32
		if prev != nil {
			ep = prev.lookup(r)
		} else {
			ep = identityEntry(r, ec)
		}
		if ep == ec {
			return
		}
		d.runes = append(d.runes, r)
		d.step = append(d.step, uint8(classify(l, r, ep, ec)))
		d.prev = append(d.prev, ep)
	}
	var sparse []sparseRange
	for _, t := range []*table{prev, cur} {
		if t != nil {
			sparse = append(sparse, t.sparse...)
		}
	}
	slices.SortFunc(sparse, func(a, b sparseRange) int { return int(a.lo - b.lo) })
	next := rune(0) // runes below next were visited
	sparseAt := 0
	for pg := 0; pg <= unicode.MaxRune>>8; pg++ {
		lo := rune(pg) << 8
		if pg < 256 && cur.pageIndex[pg] != 0 {
			for r := lo; r < lo+256; r++ {
				visit(r)
			}
			next = lo + 256
			continue
		}
		for ; sparseAt < len(sparse) && sparse[sparseAt].lo < lo+256; sparseAt++ {
			for r := max(sparse[sparseAt].lo, next); r <= sparse[sparseAt].hi; r++ {
				visit(r)
				next = r + 1
			}
		}
	}
	return d
}

// identityEntry is the entry of a map that keeps r; ec is r's Canonical
// entry, whose flags are the right ones when it keeps r too.
func identityEntry(r rune, ec uint32) uint32 {
	if ec&7 == kKeep {
		return ec
	}
	e := uint32(kKeep)
	if unicode.IsLetter(r) {
		e |= fLetter
		if unicode.Is(unicode.Latin, r) {
			e |= fLatin
		}
		if isArabicScript(r) {
			e |= fArabic
		}
	}
	if !norm.NFC.PropertiesString(string(r)).BoundaryBefore() {
		e |= fSeg
	}
	return e
}

// isArabicScript reports whether r is in the Arabic blocks, as the table
// generator's fArabic flag does.
func isArabicScript(r rune) bool {
	return r >= 0x0600 && r <= 0x06FF || r >= 0x0750 && r <= 0x077F || r >= 0x0870 && r <= 0x08FF ||
		r >= 0xFB50 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF || r >= 0x1EE00 && r <= 0x1EEFF
}

func isArabicLetter(r rune) bool { return unicode.IsLetter(r) && isArabicScript(r) }

// entryOutput is what an entry writes for r ("" for a deletion, " " for a
// space).
func entryOutput(e uint32, r rune) string {
	switch e & 7 {
	case kDel, kSpecial:
		return ""
	case kSpace:
		return " "
	case kStr:
		return strs[e>>payloadShift]
	}
	return string(entryRune(e, r))
}

var foldCase = cases.Fold()

// classify returns the step of level l that changes r's entry from ep (the
// level before) to ec.
func classify(l Level, r rune, ep, ec uint32) int {
	op, oc := entryOutput(ep, r), entryOutput(ec, r)
	switch l {
	case Canonical:
		switch {
		case ec&7 == kSpecial:
			return stInvisible
		case ec&7 == kSpace:
			return stWhitespace
		case ec&7 == kDel && r == 'ـ':
			return stTatweel
		case ec&7 == kDel && norm.NFKC.String(op) != op:
			return stPresentation // isolated harakat forms, deleted before NFKC
		case ec&7 == kDel:
			return stInvisible
		case norm.NFKC.String(op) != op:
			return stNFKC
		case op != oc:
			return stPresentation // honorific ligatures NFKC leaves alone
		}
		return stCompose // flags only: the base of a mark sequence
	case Conservative:
		switch {
		case op == oc || oc == "":
			return stMarks
		case allRunes(op, func(r rune) bool { return unicode.Is(unicode.Nd, r) }):
			return stDigits
		case strings.IndexFunc(op, isArabicLetter) >= 0:
			return stLetters
		case strings.IndexFunc(op, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0:
			return stPunct
		case foldCase.String(op) == oc || strings.ToLower(op) == oc:
			return stCase
		}
		return stDiacritics
	}
	switch {
	case op == oc && ec&fLeet != 0:
		return stLeet
	case op == oc:
		return stRasm // flags only: positional letters
	case ec&7 == kSpace || oc == "":
		return stPunctSpace
	case strings.IndexFunc(op, isArabicLetter) >= 0:
		return stRasm
	}
	return stHomoglyphs
}

func allRunes(s string, f func(rune) bool) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !f(r) }) < 0
}

// stageTable returns a copy of cur, the table of the level, in which the
// runes that a step after k changes keep the entry of the level before.
func (d *levelDiff) stageTable(cur *table, k int) *table {
	t := *cur
	t.pages = slices.Clone(cur.pages)
	var ov []override
	for i, r := range d.runes {
		if int(d.step[i]) <= k {
			continue
		}
		if r < 0x10000 && t.pageIndex[r>>8] != 0 {
			t.pages[t.pageIndex[r>>8]-1][r&0xFF] = d.prev[i]
		} else {
			ov = append(ov, override{r, d.prev[i]})
		}
	}
	t.sparse = overlay(cur.sparse, ov)
	return &t
}

// overlay returns the range list base with the single runes of ov (sorted,
// outside base's ranges or inside them) set to their entries.
func overlay(base []sparseRange, ov []override) []sparseRange {
	if len(ov) == 0 {
		return base
	}
	var out []sparseRange
	add := func(lo, hi rune, e uint32) {
		if lo > hi {
			return
		}
		if n := len(out); n > 0 && out[n-1].hi == lo-1 && out[n-1].e == e {
			out[n-1].hi = hi
			return
		}
		out = append(out, sparseRange{lo, hi, e})
	}
	j := 0
	for _, b := range base {
		for ; j < len(ov) && ov[j].r < b.lo; j++ {
			add(ov[j].r, ov[j].r, ov[j].e)
		}
		lo := b.lo
		for ; j < len(ov) && ov[j].r <= b.hi; j++ {
			add(lo, ov[j].r-1, b.e)
			add(ov[j].r, ov[j].r, ov[j].e)
			lo = ov[j].r + 1
		}
		add(lo, b.hi, b.e)
	}
	for ; j < len(ov); j++ {
		add(ov[j].r, ov[j].r, ov[j].e)
	}
	return out
}

func quote(s string) string {
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20 || r >= 0x7F && r < 0xA0 || isInvisible(r):
			b = append(b, []byte(`\u`)...)
			const hex = "0123456789abcdef"
			if r > 0xFFFF {
				b[len(b)-1] = 'U'
				b = append(b, hex[r>>28&15], hex[r>>24&15], hex[r>>20&15], hex[r>>16&15])
			}
			b = append(b, hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15])
		default:
			b = append(b, string(r)...)
		}
	}
	return string(append(b, '"'))
}
