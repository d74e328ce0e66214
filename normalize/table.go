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

	fLetter     = 1 << 3 // output is a letter (repeat collapse)
	fArabic     = 1 << 4 // output is an Arabic-script letter
	fLatin      = 1 << 5 // output is a Latin letter
	fCompBase   = 1 << 6 // output is the base of a visual mark sequence
	fSeg        = 1 << 7 // output may combine with the preceding rune (NFC segment)
	fPositional = 1 << 8 // aggressive: ن ي ق, resolved by position
	fLeet       = 1 << 9 // aggressive: leetspeak digit or symbol

	payloadShift = 11

	delPlain   = 0 // format character, control ...: closes a mark sequence
	delMark    = 1 // a deleted mark: a following composing mark still composes
	delCompose = 2 // a mark of table 2.3-B
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

// noBlock in a lowOutputs table: the rune needs more than block's fast path.
const noBlock = 0xFFFF

// lowOutputs returns, for the entries of U+0000-U+07FF, the output rune of
// every rune that block maps on its own (kKeep or kRune without fSeg, with
// a one- or two-byte output), and noBlock for every other rune.
func lowOutputs(low *[0x800]uint32) *[0x800]uint16 {
	a := new([0x800]uint16)
	for r, e := range low {
		a[r] = noBlock
		if k := e & (7 | fSeg); k == kKeep || k == kRune {
			if out := entryRune(e, rune(r)); out < 0x800 {
				a[r] = uint16(out)
			}
		}
	}
	return a
}
