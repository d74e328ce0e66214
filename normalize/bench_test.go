package normalize

import (
	"bytes"
	"fmt"
	"testing"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Sample texts per script, written for the benchmarks (not corpus data).
var benchTexts = map[string]string{
	"ur":    "تحریک طالبان پاکستان نے ایک بیان میں کہا ہے کہ مجاہدین نے حملے کی ذمہ داری قبول کر لی ہے اور یہ کارروائی جاری رہے گی۔ ",
	"ps":    "د تحریک طالبان پاکستان مجاهدینو وویل چې دوی به خپل جهاد ته دوام ورکړي او دښمن ته به ماتې ورکړي. ",
	"ar":    "أعلنت الدولة الإسلامية مسؤوليتها عن الهجوم وقالت في بيان إن المجاهدين سيواصلون القتال حتى النصر. ",
	"ascii": "the group claimed responsibility for the attack in a statement posted online and promised more operations soon. ",
}

func repeatTo(s string, n int) []byte {
	var b bytes.Buffer
	for b.Len() < n {
		b.WriteString(s)
	}
	out := b.Bytes()[:n]
	for !utf8ValidEnd(out) {
		out = out[:len(out)-1]
	}
	return out
}

func utf8ValidEnd(b []byte) bool {
	return len(b) == 0 || b[len(b)-1] < 0x80 || bytes.ContainsAny(b[len(b)-1:], "") || validTail(b)
}

func validTail(b []byte) bool {
	// valid if the last rune decodes fully
	for i := len(b) - 1; i >= 0 && i >= len(b)-4; i-- {
		if b[i]&0xC0 != 0x80 {
			r := []rune(string(b[i:]))
			return len(r) == 1 && r[0] != unicode.ReplacementChar
		}
	}
	return false
}

func naiveChain() transform.Transformer {
	return transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFKC, cases.Fold())
}

func BenchmarkNormalize(b *testing.B) {
	sizes := []struct {
		name string
		n    int
	}{{"post", 280}, {"article", 16 << 10}}
	for _, script := range []string{"ur", "ps", "ar", "ascii"} {
		for _, sz := range sizes {
			raw := repeatTo(benchTexts[script], sz.n)
			for _, lv := range []Level{Canonical, Conservative, Aggressive} {
				p, err := New(lv, language.Und)
				if err != nil {
					b.Fatal(err)
				}
				normal := p.Bytes(raw)
				for _, kind := range []struct {
					name string
					in   []byte
				}{{"Change", raw}, {"NoChange", normal}} {
					b.Run(fmt.Sprintf("%s/%s/%v/%s", script, sz.name, lv, kind.name), func(b *testing.B) {
						dst := make([]byte, 0, 2*len(kind.in)+64)
						b.SetBytes(int64(len(kind.in)))
						b.ReportAllocs()
						for b.Loop() {
							dst = p.Append(dst[:0], kind.in)
						}
					})
				}
			}
			b.Run(fmt.Sprintf("%s/%s/naive-x-text-chain", script, sz.name), func(b *testing.B) {
				t := naiveChain()
				dst := make([]byte, 4*len(raw)+64)
				b.SetBytes(int64(len(raw)))
				b.ReportAllocs()
				for b.Loop() {
					t.Reset()
					if _, _, err := t.Transform(dst, raw, true); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
