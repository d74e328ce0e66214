// Package homoglyph folds the non-Latin and letterlike characters that
// impersonate Latin letters in names and handles (Cyrillic and Greek look-alikes,
// small capitals, regional indicators, negative circled and squared letters,
// letters without a decomposition such as ø and ł) to the ASCII letter they
// imitate. It is a small, fixed table (the Latin-target subset of UTS #39
// confusables that occurs in account names), not a general confusables
// implementation; fullwidth and mathematical letters are left to NFKD/NFKC,
// which callers apply first.
//
// # Concurrency
//
// Fold and Is are pure functions, safe for concurrent use.
//
// # Stability
//
// The table is versioned through the version constants of the packages that
// use it (normalize/namekey, normalize/handle): changing a row changes their
// outputs, so those packages bump their Version when it changes.
package homoglyph

// Fold returns the ASCII string that r imitates (one letter, or two for æ, œ,
// þ) and true, or "", false when r is not in the table. ASCII runes are not in
// the table.
func Fold(r rune) (string, bool) {
	if r < 0x80 {
		return "", false
	}
	switch {
	case r >= 0x1F1E6 && r <= 0x1F1FF: // regional indicators 🇦..🇿
		return string(rune('a' + r - 0x1F1E6)), true
	case r >= 0x1F150 && r <= 0x1F169: // negative circled 🅐..🅩
		return string(rune('a' + r - 0x1F150)), true
	case r >= 0x1F170 && r <= 0x1F189: // negative squared 🅰..🆉
		return string(rune('a' + r - 0x1F170)), true
	case r >= 0x1F130 && r <= 0x1F149: // squared 🄰..🅉
		return string(rune('a' + r - 0x1F130)), true
	}
	s, ok := table[r]
	return s, ok
}

// Is reports whether r is in the table.
func Is(r rune) bool {
	_, ok := Fold(r)
	return ok
}

var table = map[rune]string{
	// Cyrillic lower case.
	'а': "a", 'в': "b", 'е': "e", 'ё': "e", 'о': "o", 'р': "p", 'с': "c", 'у': "y", 'х': "x",
	'і': "i", 'ї': "i", 'ј': "j", 'ѕ': "s", 'ԁ': "d", 'һ': "h", 'ԛ': "q", 'ԝ': "w", 'ӏ': "l",
	'к': "k", 'м': "m", 'т': "t", 'н': "h", 'п': "n", 'г': "r", 'ь': "b", 'ѵ': "v", 'ү': "y",
	'ɡ': "g", 'ո': "n", 'ս': "u", 'օ': "o",
	// Cyrillic upper case.
	'А': "a", 'В': "b", 'Е': "e", 'Ё': "e", 'О': "o", 'Р': "p", 'С': "c", 'У': "y", 'Х': "x",
	'І': "i", 'Ї': "i", 'Ј': "j", 'Ѕ': "s", 'Ԁ': "d", 'Һ': "h", 'Ԛ': "q", 'Ԝ': "w", 'Ӏ': "l",
	'К': "k", 'М': "m", 'Т': "t", 'Н': "h", 'Ѵ': "v", 'Ү': "y",
	// Greek.
	'α': "a", 'β': "b", 'ε': "e", 'η': "n", 'ι': "i", 'κ': "k", 'ν': "v", 'ο': "o", 'ρ': "p",
	'τ': "t", 'υ': "u", 'χ': "x", 'γ': "y", 'ω': "w",
	'Α': "a", 'Β': "b", 'Ε': "e", 'Ζ': "z", 'Η': "h", 'Ι': "i", 'Κ': "k", 'Μ': "m", 'Ν': "n",
	'Ο': "o", 'Ρ': "p", 'Τ': "t", 'Υ': "y", 'Χ': "x",
	// Small capitals and IPA look-alikes.
	'ᴀ': "a", 'ʙ': "b", 'ᴄ': "c", 'ᴅ': "d", 'ᴇ': "e", 'ꜰ': "f", 'ɢ': "g", 'ʜ': "h", 'ɪ': "i",
	'ᴊ': "j", 'ᴋ': "k", 'ʟ': "l", 'ᴍ': "m", 'ɴ': "n", 'ᴏ': "o", 'ᴘ': "p", 'ʀ': "r", 'ꜱ': "s",
	'ᴛ': "t", 'ᴜ': "u", 'ᴠ': "v", 'ᴡ': "w", 'ʏ': "y", 'ᴢ': "z",
	// Latin letters without a canonical decomposition.
	'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'ħ': "h", 'Ħ': "h", 'ı': "i",
	'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'þ': "th", 'Þ': "th", 'ð': "d", 'Ð': "d",
	'ŋ': "n", 'ß': "ss", 'ſ': "s", 'ƚ': "l", 'ɑ': "a", 'ɩ': "i", 'ǀ': "l",
}
