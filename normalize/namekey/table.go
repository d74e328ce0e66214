package namekey

// The class alphabet. A key is a string over these bytes: consonant classes
// (upper-case letters), the vowel mark 'A' (first, for a vowel-initial token;
// last, for a short vowel-final one), ASCII digits, '+' ending a truncated
// alternative and, between tokens, one space. The tables below are the whole definition of the key;
// any change to them changes outputs and bumps Version.
const (
	clsNone   byte = 0 // dropped letter (vowels, h, w, y, v, ʿ, ʾ and their Arabic-script letters)
	vowelMark byte = 'A'
	dropAlt   byte = '-' // an alternative that drops the letter
	truncMark      = "+" // ends the truncated alternative of a long key
)

// class is what one source letter contributes: a primary class and at most
// one alternative (0 when unambiguous). A primary of clsNone drops the
// letter; it still separates the consonants on either side (see collapse).
type class struct {
	primary, alt byte
	vowel        bool // an initial letter of this kind sets the vowel-initial mark
}

// arabic maps Arabic-script letters (after NFKD and mark removal) to classes.
// Letters of the Arabic, Persian, Urdu and Pashto orthographies are listed
// with their keyboard variants; anything else in the Arabic blocks is dropped.
var arabic = map[rune]class{
	// Dropped: alef, hamza, ain, heh, hah, waw and yeh families, teh marbuta.
	'ا': {vowel: true}, 'ٱ': {vowel: true}, 'ٲ': {vowel: true}, 'ٳ': {vowel: true}, 'ٵ': {vowel: true},
	'ء': {vowel: true}, 'ع': {vowel: true},
	'ه': {}, 'ح': {}, 'ة': {primary: dropAlt, alt: 'T'}, 'ۃ': {primary: dropAlt, alt: 'T'}, 'ہ': {}, 'ھ': {}, 'ە': {}, 'ۿ': {},
	'و': {}, 'ۄ': {}, 'ۅ': {}, 'ۆ': {}, 'ۇ': {}, 'ۈ': {}, 'ۉ': {}, 'ۊ': {}, 'ۋ': {}, 'ۏ': {}, 'ٶ': {}, 'ٷ': {},
	'ي': {}, 'ی': {}, 'ى': {}, 'ے': {}, 'ې': {}, 'ۍ': {}, 'ؠ': {}, 'ؽ': {}, 'ؾ': {}, 'ؿ': {}, 'ێ': {}, 'ۑ': {}, 'ٸ': {}, 'ئ': {},
	'ڤ': {}, // ve: Latin v is dropped like w
	// Labials.
	'ب': {primary: 'B'}, 'پ': {primary: 'B'}, 'ٻ': {primary: 'B'}, 'ڀ': {primary: 'B'}, 'ٮ': {primary: 'B'},
	'ف': {primary: 'F'}, 'ڡ': {primary: 'F'},
	'م': {primary: 'M'},
	// Dentals and retroflexes.
	'ت': {primary: 'T'}, 'ط': {primary: 'T'}, 'ٹ': {primary: 'T'}, 'ټ': {primary: 'T'}, 'ٺ': {primary: 'T'}, 'ٽ': {primary: 'T'}, 'ٿ': {primary: 'T'},
	'ث': {primary: 'S', alt: 'T'},
	'د': {primary: 'D'}, 'ڈ': {primary: 'D'}, 'ډ': {primary: 'D'}, 'ڊ': {primary: 'D'}, 'ڋ': {primary: 'D'}, 'ڌ': {primary: 'D'}, 'ڍ': {primary: 'D'}, 'ڎ': {primary: 'D'}, 'ڏ': {primary: 'D'}, 'ڐ': {primary: 'D'},
	'ذ': {primary: 'Z', alt: 'D'}, 'ض': {primary: 'Z', alt: 'D'},
	'ز': {primary: 'Z'}, 'ژ': {primary: 'Z'}, 'ظ': {primary: 'Z'}, 'ڙ': {primary: 'Z'},
	'ر': {primary: 'R'}, 'ڑ': {primary: 'R'}, 'ړ': {primary: 'R'}, 'ڒ': {primary: 'R'}, 'ڕ': {primary: 'R'},
	'ن': {primary: 'N'}, 'ں': {primary: 'N'}, 'ڼ': {primary: 'N'}, 'ڻ': {primary: 'N'}, 'ڹ': {primary: 'N'},
	'ل': {primary: 'L'}, 'ڵ': {primary: 'L'},
	// Sibilants.
	'س': {primary: 'S'}, 'ص': {primary: 'S'}, 'ش': {primary: 'S'}, 'ڛ': {primary: 'S'}, 'ڜ': {primary: 'S'},
	'ښ': {primary: 'S', alt: 'K'}, // Yusufzai kh
	'څ': {primary: 'S', alt: 'C'},
	'چ': {primary: 'C'}, 'ڇ': {primary: 'C'}, 'ڃ': {primary: 'C'},
	'ج': {primary: 'J'},
	'ځ': {primary: 'Z', alt: 'J'},
	// Velars and uvulars.
	'ك': {primary: 'K'}, 'ک': {primary: 'K'}, 'ڪ': {primary: 'K'}, 'ػ': {primary: 'K'}, 'ؼ': {primary: 'K'}, 'ق': {primary: 'K'}, 'ٯ': {primary: 'K'}, 'خ': {primary: 'K'},
	'گ': {primary: 'G'}, 'ګ': {primary: 'G'}, 'ڰ': {primary: 'G'}, 'ڲ': {primary: 'G'}, 'ڱ': {primary: 'G'}, 'ڳ': {primary: 'G'}, 'ڴ': {primary: 'G'}, 'ڭ': {primary: 'G'}, 'غ': {primary: 'G'},
	'ږ': {primary: 'Z', alt: 'G'},
}

// latinDigraphs are matched before single letters, longest first.
var latinDigraphs = []struct {
	s string
	c class
}{
	{"sch", class{primary: 'S'}},
	{"tch", class{primary: 'C'}},
	{"kh", class{primary: 'K'}},
	{"gh", class{primary: 'G'}},
	{"sh", class{primary: 'S'}},
	{"ch", class{primary: 'C', alt: 'S'}}, // French Daech
	{"th", class{primary: 'T', alt: 'S'}}, // Uthman / Usman
	{"dh", class{primary: 'D', alt: 'Z'}}, // Roman Urdu dh vs Arabic dh (ذ)
	{"ph", class{primary: 'F', alt: 'B'}}, // Roman Urdu ph (پھ)
	{"bh", class{primary: 'B'}},
	{"jh", class{primary: 'J'}},
	{"rh", class{primary: 'R'}},
	{"zh", class{primary: 'Z'}},
	{"dj", class{primary: 'J'}}, // French moudjahid
	{"dz", class{primary: 'Z'}},
	{"ck", class{primary: 'K'}},
}

// digraphSecond marks the second letters of latinDigraphs: a quick test
// that no digraph starts at a position.
var digraphSecond = func() (m [256]bool) {
	for _, d := range latinDigraphs {
		m[d.s[1]] = true
	}
	return m
}()

// latin maps single ASCII letters (and the Arabizi marks 'A' for 2/3 and 'H'
// for 7) to classes.
var latin = [128]class{
	'a': {vowel: true}, 'e': {vowel: true}, 'i': {vowel: true}, 'o': {vowel: true}, 'u': {vowel: true},
	'A': {vowel: true}, // Arabizi 2 (hamza) and 3 (ain)
	'H': {},            // Arabizi 7 (hah)
	'h': {}, 'w': {}, 'y': {}, 'v': {},
	'b': {primary: 'B'}, 'p': {primary: 'B'},
	't': {primary: 'T'},
	's': {primary: 'S'},
	'c': {primary: 'K'}, 'k': {primary: 'K'}, 'q': {primary: 'K'}, 'x': {primary: 'K'},
	'j': {primary: 'J'},
	'g': {primary: 'G'},
	'd': {primary: 'D'},
	'z': {primary: 'Z'},
	'r': {primary: 'R'},
	'l': {primary: 'L'},
	'm': {primary: 'M'},
	'n': {primary: 'N'},
	'f': {primary: 'F'},
}

// arabizi maps a digit written inside a Latin word to the letters it stands
// for (3 = ع, 7 = ح, 5 = خ, 6 = ط, 8 = غ, 9 = ص, 2 = ء).
var arabizi = [10]string{
	'2' - '0': "A", '3' - '0': "A", '7' - '0': "H", '5' - '0': "kh", '6' - '0': "t", '8' - '0': "gh", '9' - '0': "s",
}

// latinParticles are izafat, article and connective particles dropped as
// separate tokens when the name has another token (Tehreek-e-Taliban,
// Jamaat-ul-Ahrar, al-Qaeda).
var latinParticles = map[string]bool{
	"e": true, "i": true, "o": true, "ul": true, "al": true, "el": true, "ud": true, "ur": true, "us": true,
	"ut": true, "un": true, "ad": true, "ar": true, "as": true, "at": true, "an": true, "ash": true,
	"ush": true, "uz": true, "az": true, "wal": true, "il": true, "ed": true,
}
