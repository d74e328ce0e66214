package normalize

import (
	"strings"
	"testing"
	"unicode"
)

// TestCoverageMatrix checks every row of the coverage matrix of
// research/normalize.md §1.1, on which each existing normalizer (CAMeL
// Tools, urduhack, hazm, pyarabic, bleve, Snowball, wildebeest, nisaba,
// Pashto_Normalizer, the UTS #39 skeleton, NFKC) has at least one ✘ or ◐:
// every row is handled here, at the level stated. A row is a set of spellings
// that must normalize to one text, or a range of code points that must not
// survive.
func TestCoverageMatrix(t *testing.T) {
	same := []struct {
		row   string
		level Level
		forms []string
	}{
		{"presentation forms", Canonical, []string{"طالبان", "ﻃﺎﻟﺒﺎﻥ", "ﻃ\u200cﺎﻟﺒﺎﻥ"}},
		{"lam-alef ligature", Canonical, []string{"لا", "ﻻ", "ﻼ"}},
		{"tatweel", Canonical, []string{"کتاب", "کتـــاب", "ـکـتـاـبـ"}},
		{"honorific ligatures without a decomposition", Canonical, []string{"\ufd47", "عليه السلام"}},
		{"harakat", Conservative, []string{"مجاهد", "مُجَاهِد", "مُجَاهِدٌ", "مّجْاهًدٍ"}},
		{"kaf", Conservative, []string{"كتاب", "کتاب", "ڪتاب"}},
		{"yeh", Conservative, []string{"علي", "علی", "على", "ﻋﻠﻲ", "ﻋﻠﻰ"}},
		{"heh and teh marbuta", Conservative, []string{"جماعه", "جماعہ", "جماعة", "جماعۃ", "جماعە"}},
		{"alef", Conservative, []string{"امير", "أمير", "إمير", "آمير", "ٱمير"}},
		{"Urdu and Pashto retroflex", Conservative, []string{"ٹوپی", "ټوپی"}},
		{"Urdu ڈ and Pashto ډ", Conservative, []string{"ڈاکو", "ډاکو"}},
		{"Urdu ڑ and Pashto ړ", Conservative, []string{"لڑائی", "لړائی"}},
		{"Urdu ے and Pashto ې", Conservative, []string{"میرے", "میرې"}},
		{"Pashto ځ typed as a mark sequence", Conservative, []string{"ځای", "ح\u0654ای"}},
		{"Pashto ګ and Persian گ", Conservative, []string{"ګوند", "گوند"}},
		{"noon variants", Conservative, []string{"نون", "ڼون", "ڻون", "ںون"}},
		{"hamza on yeh typed as a sequence", Conservative, []string{"ئ", "ی\u0654", "ي\u0654"}},
		{"digits", Conservative, []string{"313", "٣١٣", "۳۱۳", "３１３", "𝟑𝟏𝟑"}},
		{"Arabic punctuation", Conservative, []string{"کیا?", "کیا؟"}},
		{"fullwidth and mathematical letters", Conservative, []string{"ttp", "ＴＴＰ", "𝐓𝐓𝐏", "𝕋𝕋ℙ", "ttp"}},
		{"Latin diacritics", Conservative, []string{"jihad", "jihād", "jíhad", "JIHÂD"}},
		{"repeated letters", Conservative, []string{"jihad", "jihaaaad", "jiiihaaad"}},
		{"Cyrillic and Greek homoglyphs", Aggressive, []string{"ttp", "ТТР", "ΤΤΡ", "tтp"}},
		{"small capitals and enclosed letters", Aggressive, []string{"ttp", "ᴛᴛᴘ", "🅣🅣🅟", "🇹🇹🇵"}},
		{"leetspeak", Aggressive, []string{"jihad", "j1had", "jih4d", "j!h@d"}},
		{"spaced letters", Aggressive, []string{"jihad", "j i h a d", "j.i.h.a.d"}},
		{"rasm: dots dropped", Aggressive, []string{"بيت", "نبت", "تيب"}},
	}
	for _, c := range same {
		p := mustNew(t, c.level)
		want := p.String(c.forms[0])
		for _, f := range c.forms[1:] {
			if got := p.String(f); got != want {
				t.Errorf("%s: %v(%+q) = %+q, want %+q (as %+q)", c.row, c.level, f, got, want, c.forms[0])
			}
		}
	}

	// ranges whose every code point must be gone (or folded away) at a level
	gone := []struct {
		row    string
		level  Level
		ranges [][2]rune
		keep   func(r rune) bool // which code points the row is about
	}{
		{"presentation forms FB50–FDFF, FE70–FEFF", Conservative, [][2]rune{{0xFB50, 0xFDFF}, {0xFE70, 0xFEFF}}, unicode.IsPrint},
		{"harakat U+064B–0652", Conservative, [][2]rune{{0x064B, 0x0652}}, nil},
		{"other Arabic marks", Conservative, [][2]rune{{0x0610, 0x061A}, {0x0653, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06ED}, {0x08D3, 0x08FF}},
			func(r rune) bool { return unicode.Is(unicode.Mn, r) }},
		{"zero-width, bidi, soft hyphen, BOM", Canonical, [][2]rune{{0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064}, {0x2066, 0x2069}, {0xFEFF, 0xFEFF}, {0x00AD, 0x00AD}, {0x061C, 0x061C}}, nil},
	}
	for _, c := range gone {
		p := mustNew(t, c.level)
		n := 0
		for _, rg := range c.ranges {
			for r := rg[0]; r <= rg[1]; r++ {
				if c.keep != nil && !c.keep(r) || !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Cf) {
					continue
				}
				n++
				out := p.String("ب" + string(r) + "ت")
				for _, rg2 := range c.ranges {
					if i := strings.IndexFunc(out, func(o rune) bool { return o >= rg2[0] && o <= rg2[1] }); i >= 0 {
						t.Errorf("%s: %v keeps %U: %+q", c.row, c.level, r, out)
					}
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no code points checked", c.row)
		}
	}
}
