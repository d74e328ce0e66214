package normalize

import "unicode"

// isInvisible reports whether r renders as nothing or only modifies its
// neighbour: format characters, marks, tatweel and the invisible fillers of
// table 2.2. Used by Step.String and the tests.
func isInvisible(r rune) bool {
	return unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me, unicode.Cc,
		unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) ||
		r == 0x0640 || r == 0x2800 || r == 0x3164 || r == 0xFFA0 || r == 0x115F || r == 0x1160
}
