package namekey

import (
	"strings"
	"testing"
)

// Baselines for TestGoldVariants, written from their published
// descriptions: American Soundex, and UrduPhone as research/normalize.md §4.1
// describes it (Rafae et al. 2015). They key single Latin words.

// soundex is American Soundex: the first letter, then digits for the
// consonant groups, h/w transparent, padded or cut to four.
func soundex(w string) string {
	w = strings.ToLower(w)
	if w == "" {
		return ""
	}
	code := func(c byte) byte {
		switch c {
		case 'b', 'f', 'p', 'v':
			return '1'
		case 'c', 'g', 'j', 'k', 'q', 's', 'x', 'z':
			return '2'
		case 'd', 't':
			return '3'
		case 'l':
			return '4'
		case 'm', 'n':
			return '5'
		case 'r':
			return '6'
		}
		return 0
	}
	out := []byte{w[0] - 'a' + 'A'}
	last := code(w[0])
	for i := 1; i < len(w) && len(out) < 4; i++ {
		c := w[i]
		d := code(c)
		switch {
		case c == 'h' || c == 'w':
			continue
		case d == 0:
			last = 0
		case d != last:
			out = append(out, d)
			last = d
		}
	}
	for len(out) < 4 {
		out = append(out, '0')
	}
	return string(out)
}

// urduPhone follows the description of UrduPhone: keep the first letter,
// drop later vowels, collapse doubles, encode the aspirated digraphs and the
// consonant groups, pad to six.
func urduPhone(w string) string {
	w = strings.ToLower(w)
	if w == "" {
		return ""
	}
	digraphs := map[string]byte{"bh": 'B', "ph": 'P', "th": 'T', "jh": 'J', "dh": 'D', "rh": 'R', "gh": 'G', "zh": 'Z', "ch": 'C', "kh": 'K', "sh": 'S'}
	groups := map[byte]byte{'c': '1', 's': '1', 't': '2', 'z': '3', 'x': '3', 'j': '4', 'k': '5', 'q': '5', 'd': '6', 'b': '7',
		'p': '8', 'n': '9', 'm': 'm', 'g': 'g', 'r': 'r', 'f': 'f', 'l': 'l', 'w': 'w', 'h': 'h', 'y': 'y', 'v': 'w'}
	out := []byte{w[0]}
	var last byte
	for i := 1; i < len(w); i++ {
		var c byte
		if i+1 < len(w) {
			if d, ok := digraphs[w[i:i+2]]; ok {
				c = d
				i++
			}
		}
		if c == 0 {
			if strings.IndexByte("aeiou", w[i]) >= 0 {
				continue
			}
			c = groups[w[i]]
		}
		if c == 0 || c == last {
			continue
		}
		out = append(out, c)
		last = c
	}
	for len(out) < 6 {
		out = append(out, '0')
	}
	return string(out[:6])
}

// measureFunc is measureGold for a single-key function.
func measureFunc(f func(string) string, pairs []goldPair) goldResult {
	var r goldResult
	var stds []string
	seen := map[string]bool{}
	for _, p := range pairs {
		r.pairs++
		if f(p.variant) == f(p.standard) {
			r.hits++
		}
		if !seen[p.standard] {
			seen[p.standard] = true
			stds = append(stds, p.standard)
		}
	}
	count := map[string]int{}
	for _, s := range stds {
		count[f(s)]++
	}
	for _, c := range count {
		r.merges += c * (c - 1) / 2
	}
	r.nonPairs = len(stds) * (len(stds) - 1) / 2
	return r
}

func TestBaselines(t *testing.T) {
	if soundex("Robert") != "R163" || soundex("Tymczak") != "T522" || soundex("Ashcraft") != "A261" {
		t.Fatalf("soundex: Robert %s, Tymczak %s, Ashcraft %s", soundex("Robert"), soundex("Tymczak"), soundex("Ashcraft"))
	}
	pairs := readGold(t)
	k, err := New()
	if err != nil {
		t.Fatal(err)
	}
	v1 := measureGold(k, pairs, -1)
	for _, b := range []struct {
		name string
		f    func(string) string
	}{{"Soundex", soundex}, {"UrduPhone (as described)", urduPhone}} {
		r := measureFunc(b.f, pairs)
		t.Logf("baseline %-26s recall %.2f%%  false merges %.3f%%", b.name, 100*r.recall(), 100*r.falseRate())
		// namekey must beat a baseline on recall or on false merges
		// without losing on the other.
		if v1.recall() < r.recall() && v1.falseRate() > r.falseRate() {
			t.Errorf("namekey v1 (%.4f, %.5f) is worse than %s (%.4f, %.5f) on both", v1.recall(), v1.falseRate(), b.name, r.recall(), r.falseRate())
		}
	}
	t.Logf("namekey v1                          recall %.2f%%  false merges %.3f%%", 100*v1.recall(), 100*v1.falseRate())
}
