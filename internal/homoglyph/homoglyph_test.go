package homoglyph

import "testing"

func TestFold(t *testing.T) {
	for _, c := range []struct {
		r    rune
		want string
		ok   bool
	}{
		{'а', "a", true}, {'Т', "t", true}, {'ο', "o", true}, {'ᴛ', "t", true}, {'æ', "ae", true},
		{'🇹', "t", true}, {'🅣', "t", true}, {'🆃', "t", true}, {'\U0001F143', "t", true},
		{'a', "", false}, {'ب', "", false}, {'😀', "", false},
	} {
		got, ok := Fold(c.r)
		if got != c.want || ok != c.ok {
			t.Errorf("Fold(%+q) = %q, %v, want %q, %v", c.r, got, ok, c.want, c.ok)
		}
		if Is(c.r) != c.ok {
			t.Errorf("Is(%+q) = %v, want %v", c.r, !c.ok, c.ok)
		}
	}
	// Every folded string is lower-case ASCII letters.
	for r, s := range table {
		for i := 0; i < len(s); i++ {
			if s[i] < 'a' || s[i] > 'z' {
				t.Errorf("table[%+q] = %q: not lower-case ASCII", r, s)
			}
		}
		if r < 0x80 {
			t.Errorf("table has ASCII key %+q", r)
		}
	}
}
