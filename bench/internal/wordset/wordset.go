package wordset

import (
	"slices"
	"strings"
	"unicode"

	"github.com/cespare/xxhash/v2"
	"github.com/gharbal/gharbal/internal/sortedset"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Tokens returns the words of s after NFKC and case folding.
func Tokens(s string) []string {
	s = norm.NFKC.String(s)
	s = cases.Fold().String(s)
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsMark(r) && !unicode.IsDigit(r)
	})
}

// Shingles returns the sorted, de-duplicated xxhash64 values of every run of
// n consecutive tokens joined by a space. Fewer than n tokens give one
// shingle of all of them; no tokens give none.
func Shingles(tokens []string, n int) []uint64 {
	if len(tokens) == 0 {
		return nil
	}
	if len(tokens) < n {
		return []uint64{xxhash.Sum64String(strings.Join(tokens, " "))}
	}
	out := make([]uint64, 0, len(tokens)-n+1)
	for i := 0; i+n <= len(tokens); i++ {
		out = append(out, xxhash.Sum64String(strings.Join(tokens[i:i+n], " ")))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ShingleStrings returns the distinct n-word shingles of tokens as strings,
// in first-occurrence order (the peer baseline hashes these bytes itself).
func ShingleStrings(tokens []string, n int) []string {
	if len(tokens) == 0 {
		return nil
	}
	if len(tokens) < n {
		return []string{strings.Join(tokens, " ")}
	}
	seen := make(map[string]bool, len(tokens))
	var out []string
	for i := 0; i+n <= len(tokens); i++ {
		s := strings.Join(tokens[i:i+n], " ")
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// TextJaccard is Jaccard of the word 3-shingles of a and b.
func TextJaccard(a, b string) float64 {
	return sortedset.Jaccard(Shingles(Tokens(a), 3), Shingles(Tokens(b), 3))
}

// letterVariants folds Arabic-script letters that the same text is written
// with on different keyboards and in different orthographies.
var letterVariants = map[rune]rune{
	'ك': 'ک', 'ي': 'ی', 'ى': 'ی', 'ې': 'ی', 'ۍ': 'ی', 'ے': 'ی', 'ئ': 'ی',
	'ة': 'ه', 'ۀ': 'ه', 'ہ': 'ه', 'ۃ': 'ه', 'ھ': 'ه',
	'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ؤ': 'و', 'ګ': 'گ',
}

// SkeletonTokens is Tokens after also deleting marks, format characters and
// tatweel, folding Arabic-script letter variants (ك/ک, ي/ى/ی/ې/ۍ/ے/ئ,
// ه/ة/ۀ/ہ/ۃ/ھ, hamza carriers, ګ/گ) and every decimal digit to ASCII. The
// evaluation uses it only to recognise the same text written in another
// orthography when it cleans its data; it is not any matcher's
// normalization.
func SkeletonTokens(s string) []string {
	s = norm.NFKD.String(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Cf, r), r == 0x0640:
			return -1
		case unicode.IsDigit(r):
			return '0' + r - zeroOf(r)
		}
		if f, ok := letterVariants[r]; ok {
			return f
		}
		return r
	}, s)
	return Tokens(s)
}

// zeroOf returns the zero of r's run of decimal digits. After NFKD the
// contiguous mathematical digit blocks are already ASCII, so every
// remaining run is one script's ten digits.
func zeroOf(r rune) rune {
	z := r
	for r-z < 9 && unicode.IsDigit(z-1) {
		z--
	}
	return z
}
