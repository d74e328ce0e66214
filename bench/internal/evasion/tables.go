package evasion

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// InvisibleChars is the documented set the "invisible" technique inserts:
// ZWSP, ZWNJ, ZWJ, LRM, RLM, WORD JOINER, SOFT HYPHEN, BOM/ZWNBSP, ARABIC
// LETTER MARK.
var InvisibleChars = []rune{0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0x00AD, 0xFEFF, 0x061C}

// Harakat is the set the "harakat" technique inserts after Arabic-script
// letters: tanwin, fatha, damma, kasra, shadda, sukun, superscript alef.
var Harakat = []rune{0x064B, 0x064C, 0x064D, 0x064E, 0x064F, 0x0650, 0x0651, 0x0652, 0x0670}

// LatinMarks is the set the "harakat" technique inserts after Latin letters:
// combining grave, acute, circumflex, tilde, macron, diaeresis, dot below,
// cedilla.
var LatinMarks = []rune{0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x0308, 0x0323, 0x0327}

// Tatweel is ARABIC TATWEEL (kashida), the only character "tatweel" inserts.
const Tatweel = '\u0640'

// Keyboard maps, per source language, letters to the letters a writer
// using another keyboard types for them (Arabic keyboard for ur, ps, fa;
// Urdu keyboard for ar).
var Keyboard = map[string]map[rune]rune{
	"ur": {'ی': 'ي', 'ک': 'ك', 'ہ': 'ه', 'ۃ': 'ة', 'ھ': 'ه', 'ۓ': 'ئ'},
	"ps": {'ی': 'ي', 'ک': 'ك', 'ګ': 'گ', 'ې': 'ي', 'ۍ': 'ى'},
	"fa": {'ی': 'ي', 'ک': 'ك', 'ۀ': 'ة'},
	"ar": {'ي': 'ی', 'ك': 'ک', 'ه': 'ہ', 'ة': 'ۃ', 'ى': 'ی'},
}

// DigitZeros are the zeros of the digit scripts "digits" converts between:
// ASCII, Arabic-Indic, Extended Arabic-Indic (Persian/Urdu), Devanagari,
// fullwidth, mathematical bold, mathematical double-struck.
var DigitZeros = []rune{'0', 0x0660, 0x06F0, 0x0966, 0xFF10, 0x1D7CE, 0x1D7D8}

// Homoglyphs maps Latin letters to Cyrillic and Greek look-alikes.
var Homoglyphs = map[rune][]rune{
	'a': {'а'}, 'c': {'с'}, 'e': {'е'}, 'i': {'і'}, 'j': {'ј'}, 'o': {'о', 'ο'}, 'p': {'р'},
	's': {'ѕ'}, 'x': {'х'}, 'y': {'у'}, 'v': {'ν'}, 'h': {'һ'},
	'A': {'А', 'Α'}, 'B': {'В', 'Β'}, 'C': {'С'}, 'E': {'Е', 'Ε'}, 'H': {'Н', 'Η'}, 'I': {'І', 'Ι'},
	'J': {'Ј'}, 'K': {'К', 'Κ'}, 'M': {'М', 'Μ'}, 'N': {'Ν'}, 'O': {'О', 'Ο'}, 'P': {'Р', 'Ρ'},
	'S': {'Ѕ'}, 'T': {'Т', 'Τ'}, 'X': {'Х', 'Χ'}, 'Y': {'Υ'}, 'Z': {'Ζ'},
}

// Leet maps Latin letters to leetspeak substitutes.
var Leet = map[rune][]string{
	'a': {"4", "@"}, 'e': {"3"}, 'i': {"1", "!"}, 'o': {"0"}, 's': {"5", "$"}, 't': {"7"},
	'l': {"1"}, 'g': {"9"}, 'b': {"8"}, 'z': {"2"},
}

// LatinLigatures are the Latin presentation forms (U+FB00-FB06) the
// "presentation" technique uses on Latin text, keyed by what they stand for.
var LatinLigatures = []struct {
	Seq string
	Lig rune
}{{"ffi", 0xFB03}, {"ffl", 0xFB04}, {"ff", 0xFB00}, {"fi", 0xFB01}, {"fl", 0xFB02}, {"st", 0xFB06}}

// MathStyles are the first capital letter of each Unicode mathematical
// alphabet "fullwidth" may use on Latin text (bold, bold italic, bold script,
// bold fraktur, sans-serif, sans-serif bold, monospace); lower case follows
// 26 code points later. 0xFF21 (fullwidth A) is handled separately.
var MathStyles = []rune{0x1D400, 0x1D468, 0x1D4D0, 0x1D56C, 0x1D5A0, 0x1D5D4, 0x1D670}

// Punctuation is what "casepunct" inserts.
var Punctuation = []string{".", ",", "!", "*", "-", "~", "|", "_", "،", "؛", "…"}

// Arabizi maps Arabic-script letters to the Latin letters and digits of
// chat transliteration.
var Arabizi = map[rune][]string{
	'ا': {"a"}, 'آ': {"a"}, 'أ': {"2a", "a"}, 'إ': {"2i", "e"}, 'ء': {"2"}, 'ئ': {"2", "e"}, 'ؤ': {"2o"},
	'ب': {"b"}, 'پ': {"p"}, 'ت': {"t"}, 'ٹ': {"t"}, 'ټ': {"t"}, 'ث': {"s", "th"}, 'ج': {"j"}, 'چ': {"ch"},
	'ح': {"7", "h"}, 'خ': {"5", "kh"}, 'څ': {"ts"}, 'ځ': {"dz"}, 'د': {"d"}, 'ڈ': {"d"}, 'ډ': {"d"},
	'ذ': {"z", "th"}, 'ر': {"r"}, 'ڑ': {"r"}, 'ړ': {"r"}, 'ز': {"z"}, 'ژ': {"zh"}, 'ږ': {"zh"},
	'س': {"s"}, 'ش': {"sh"}, 'ښ': {"sh", "kh"}, 'ص': {"9", "s"}, 'ض': {"d", "z"}, 'ط': {"6", "t"},
	'ظ': {"z"}, 'ع': {"3"}, 'غ': {"gh"}, 'ف': {"f"}, 'ق': {"q", "8"}, 'ک': {"k"}, 'ك': {"k"},
	'گ': {"g"}, 'ګ': {"g"}, 'ل': {"l"}, 'م': {"m"}, 'ن': {"n"}, 'ں': {"n"}, 'ڼ': {"n"}, 'و': {"w", "o"},
	'ه': {"h"}, 'ہ': {"h"}, 'ھ': {"h"}, 'ة': {"a"}, 'ۃ': {"a"}, 'ی': {"i", "y"}, 'ي': {"i", "y"},
	'ى': {"a"}, 'ے': {"e"}, 'ې': {"e"}, 'ۍ': {"ai"}, 'ۀ': {"e"},
}

// shapes holds, for every Arabic-script letter with presentation forms, its
// isolated, final, initial and medial forms (initial and medial are 0 for
// letters that join only to the right).
type shapes struct{ iso, fin, ini, med rune }

var (
	presentation map[rune]shapes // base letter -> forms
	arabicMath   map[rune][]rune // base letter -> mathematical forms
)

func init() {
	presentation = make(map[rune]shapes)
	collect := func(lo, hi rune) map[rune][]rune {
		m := make(map[rune][]rune)
		for r := lo; r <= hi; r++ {
			if b, ok := singleBase(r); ok {
				m[b] = append(m[b], r)
			}
		}
		return m
	}
	fe := collect(0xFE70, 0xFEFF)
	fb := collect(0xFB50, 0xFDFF)
	for _, m := range []map[rune][]rune{fb, fe} { // FE range wins where both exist
		for b, f := range m {
			switch len(f) {
			case 4:
				presentation[b] = shapes{iso: f[0], fin: f[1], ini: f[2], med: f[3]}
			case 2:
				presentation[b] = shapes{iso: f[0], fin: f[1]}
			}
		}
	}
	arabicMath = collect(0x1EE00, 0x1EEFF)
}

// singleBase reports the single Arabic-block letter that r decomposes to
// under NFKC, if any.
func singleBase(r rune) (rune, bool) {
	if !unicode.IsLetter(r) {
		return 0, false
	}
	s := norm.NFKC.String(string(r))
	b, n := utf8.DecodeRuneInString(s)
	if n != len(s) || b < 0x0600 || b > 0x06FF || !unicode.IsLetter(b) {
		return 0, false
	}
	return b, true
}

// dualJoining reports whether r joins to the following letter.
func dualJoining(r rune) bool { return presentation[r].ini != 0 }

// joins reports whether r takes contextual forms at all.
func joins(r rune) bool { return presentation[r].iso != 0 }

// PresentationFormOf reports whether r is an Arabic presentation form (or
// Arabic mathematical letter) of base, for tests.
func PresentationFormOf(r rune) (base rune, ok bool) { return singleBase(r) }
