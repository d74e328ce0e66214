package normalize

import "unicode"

//go:generate go run ./internal/gen -confusables ../../shared/data/unicode/confusables.txt -o tables.go

// A table entry is a uint32: bits 0-2 the kind, bits 3-10 flags, bits 11-31
// the payload (a rune, a signed rune delta, an index into strs, or a deletion
// class). The layout is shared with internal/gen.
const (
	kKeep    = 0 // output the input rune
	kDel     = 1 // delete; payload is a del* class
	kRune    = 2 // output the payload rune
	kStr     = 3 // output strs[payload]
	kSpace   = 4 // whitespace or separator
	kSpecial = 5 // option-dependent (ZWNJ)
	kDelta   = 6 // output rune + signed payload (sparse ranges only)

	fLetter     = 1 << 3  // output is a letter (repeat collapse)
	fArabic     = 1 << 4  // output is an Arabic-script letter
	fLatin      = 1 << 5  // output is a Latin letter
	fCompBase   = 1 << 6  // output is the base of a visual mark sequence
	fSeg        = 1 << 7  // output may combine with the preceding rune (NFC segment)
	fPositional = 1 << 8  // aggressive: ن ي ق, resolved by position
	fLeet       = 1 << 9  // aggressive: leetspeak digit or symbol
	fPunct      = 1 << 10 // aggressive: a punctuation mark (kSpace), deleted between two letters of one script

	payloadShift = 11

	delPlain   = 0 // format character, control ...: closes a mark sequence
	delMark    = 1 // a deleted mark: a following composing mark still composes
	delCompose = 2 // a mark of table 2.3-B
	delBreak   = 3 // aggressive: deleted here, kept by Conservative (apostrophes): ends a run of letters and a mark sequence
)

type sparseRange struct {
	lo, hi rune
	e      uint32
}

type composeRule struct{ base, mark, out rune }

type override struct {
	r rune
	e uint32
}

// table is the generated per-rune map of one level.
type table struct {
	pageIndex [256]uint8 // BMP page -> 1 + index in pages, 0 = sparse
	pages     [][256]uint32
	sparse    []sparseRange
	compose   []composeRule
}

func (t *table) lookup(r rune) uint32 {
	if r < 0x10000 {
		if pi := t.pageIndex[r>>8]; pi != 0 {
			return t.pages[pi-1][r&0xFF]
		}
	}
	lo, hi := 0, len(t.sparse)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		s := &t.sparse[m]
		switch {
		case r < s.lo:
			hi = m
		case r > s.hi:
			lo = m + 1
		default:
			return s.e
		}
	}
	if unicode.IsLetter(r) {
		if unicode.Is(unicode.Latin, r) {
			return kKeep | fLetter | fLatin
		}
		return kKeep | fLetter
	}
	return kKeep
}

// out returns the single output rune of a kKeep, kRune or kDelta entry.
func entryRune(e uint32, r rune) rune {
	switch e & 7 {
	case kRune:
		return rune(e >> payloadShift)
	case kDelta:
		return r + rune(int32(e)>>payloadShift)
	}
	return r
}

func (t *table) composeWith(base, mark rune) (rune, bool) {
	for _, c := range t.compose {
		if c.base == base && c.mark == mark {
			return c.out, true
		}
	}
	return 0, false
}

// withOverrides returns a copy of t whose dense pages carry ov.
func (t *table) withOverrides(ov []override) *table {
	c := *t
	c.pages = append([][256]uint32(nil), t.pages...)
	for _, o := range ov {
		pi := c.pageIndex[o.r>>8]
		c.pages[pi-1][o.r&0xFF] = o.e
	}
	return &c
}

// A block entry (table lowBlockEntries) tells block's inner loop what one
// rune of U+0000-U+07FF becomes: its output rune in bits 0-10 when block
// maps it on its own (kKeep or kRune without fSeg, with a one- or
// two-byte output), else bNone; and the fLetter and fArabic flags of its
// entry, shifted to bLetter and bArabic.
const (
	bNone      = 1 << 11
	bOut       = bNone - 1
	bFlagShift = 12
	bLetter    = fLetter << bFlagShift
	bArabic    = fArabic << bFlagShift
)

// lowBlockEntries returns the block entries of the table entries low.
func lowBlockEntries(low *[0x800]uint32) *[0x800]uint32 {
	a := new([0x800]uint32)
	for r, e := range low {
		a[r] = bNone
		if k := e & (7 | fSeg); k == kKeep || k == kRune {
			if out := entryRune(e, rune(r)); out < 0x800 {
				a[r] = uint32(out) | (e&(fLetter|fArabic))<<bFlagShift
			}
		}
	}
	return a
}
