// Package namekey computes cross-script name keys: one short consonant
// skeleton shared by the Arabic, Urdu, Pashto and Persian spellings of a name,
// its English, French and Roman Urdu transliterations and its Arabizi form.
//
//	mujahideen, mujahidin, moudjahidine, muja7ideen, مجاهدين, مجاہدین  -> MJDN
//	Daesh, Da'esh, Daesch, Da3esh, داعش (Daech: DC {DS})               -> DS
//	Tehreek-e-Taliban, Tehrik-i-Taliban, تحریک طالبان                 -> TRK TLBN
//
// A key is made token by token. Each token is folded (NFKD, marks, tatweel,
// ZWNJ and apostrophes removed, Cyrillic/Greek look-alikes and letterlike
// symbols folded to Latin, Arabizi digits 2 3 5 6 7 8 9 read as ء ع خ ط ح غ ص),
// an article (al-, el-, ul-, ال) is removed (the reading that keeps it is an
// alternative: Alamgir, الیاس) and the letters are mapped to
// fourteen consonant classes (B T S C J K G D Z R L M N F); vowels, h, w, y,
// v and their Arabic-script letters (ا ع ء ه ح و ي ی ے ة ...) are dropped.
// Doubled letters collapse. A token that starts with a vowel (or ا, ع) gets
// a leading A; a token of one or two consonants that ends with a vowel gets a
// trailing A (these two marks halve the false merges of short keys).
// Izafat and article particles standing alone (e, i, ul, al ...) are left
// out. The key of a name is its token keys joined by one space.
//
// Letters whose reading is ambiguous give alternatives: ث (S or T), ذ and ض
// (Z or D), ځ (Z or J), څ (S or C), ښ (S or K), ږ (Z or G), Latin ch (C or
// S), th (T or S), dh (D or Z), ph (F or B), z (Z or S), a final nasal n or ں
// (kept or dropped), a final ng (NG or N), a final ة, -ات or Latin -at (T or
// dropped: Wilayat, Wilayah, ولاية, ولایت); and, with WithTruncation, a key
// of five or more consonants also reads as its first four followed by "+"
// (BKSTN, BKST+). The
// alternatives of one name are bounded (WithMaxAlternatives, default 4):
// the primary reading first, then readings that differ at one position, then
// at two. Two keys match (Key.Matches) when they share any reading.
//
// Use keys for watch-lists of names and handles and as a second, cross-script
// channel beside the text fingerprints; they are deliberately coarse and are
// not a normalization for full text.
//
// # Quality
//
// On the Roman Urdu lexical-variation gold standard (54,657 clean
// variant/standard pairs, Rafae et al. 2015) version 1 reaches 90.0 % recall
// (90.7 % WithTruncation) at 0.13-0.14 % false merges over all pairs of
// distinct standard words (the same on the odd half as on the even half the
// main rules were chosen on); the research prototype reached 85.4-88.8 % at
// 0.13-0.16 %, Soundex 85.9 % at 0.11 % (Latin only). On 1,922
// Roman Urdu / Urdu sentence pairs, 86 % of Latin tokens find their key among
// the Urdu tokens of the aligned sentence, 9 % in a shuffled one. The tests
// TestGoldVariants, TestBaselines and TestParallel regenerate these numbers
// (docs/EVAL.md, "Mirror accounts").
//
// # Concurrency
//
// A Keyer is immutable after New and safe for concurrent use. Key values are
// plain values; their slices are not shared between calls.
//
// # Stability
//
// Keys are versioned by Version (and Params, which adds the alternative bound
// and the Unicode version of the NFKD tables). Any change to any output bumps
// Version; testdata/golden_v1.txt pins the outputs of version 1. Do not store
// keys of one version beside keys of another.
//
// # Security considerations
//
// Key and Tokens are total and bounded: input past MaxInputBytes, tokens past
// MaxTokens and runes past 64 per token are ignored, and the number of
// alternatives is capped, so any input costs bounded time and memory. A key is
// a coarse, deliberately many-to-one code: a key match is a lead for review,
// not proof that two names are the same.
//
// # References
//
//   - research/normalize.md §4 (the consonant-skeleton design and the prototype figures).
//   - Rafae, Qayyum, Moeenuddin, Karim, Sajjad, Kamiran: An Unsupervised Method for
//     Discovering Lexical Variations in Roman Urdu Informal Text, EMNLP 2015 (UrduPhone,
//     the gold standard).
//   - Aqeel, Beitzel, Jensen, Frieder, Grossman: On the Development of Name Search
//     Techniques for Arabic, JASIST 57(6), 2006 (ASOUNDEX).
//   - Unicode Technical Standard #39, Unicode Security Mechanisms (confusables).
package namekey
