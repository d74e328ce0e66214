package normalize

import (
	"bytes"
	"fmt"
	"testing"
	"unicode"
	"unicode/utf8"

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

// repeatTo repeats s to n bytes, cut at a rune boundary.
func repeatTo(s string, n int) []byte {
	var b bytes.Buffer
	for b.Len() < n {
		b.WriteString(s)
	}
	out := b.Bytes()[:n]
	for !utf8.Valid(out) {
		out = out[:len(out)-1]
	}
	return out
}

func naiveChain() transform.Transformer {
	return transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFKC, cases.Fold())
}

// BenchmarkNormalize measures Append per script (ur, ps, ar, English ASCII),
// size (a 280-byte post, a 16 KiB article), level, and input that changes
// (Change) or is already normal (NoChange), beside the naive x/text chain
// NFKD + remove Mn + NFKC + case fold on the same input:
//
//	go test -run XXX -bench Normalize -count 10 ./normalize | benchstat -
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

// BenchmarkTransformer measures the streaming path on a Urdu article.
func BenchmarkTransformer(b *testing.B) {
	p, err := New(Conservative, language.Und)
	if err != nil {
		b.Fatal(err)
	}
	src := repeatTo(benchTexts["ur"], 16<<10)
	dst := make([]byte, 2*len(src))
	t := p.NewTransformer()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		t.Reset()
		if _, _, err := t.Transform(dst, src, true); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendOffsets measures the offset-tracking path on a Urdu article.
func BenchmarkAppendOffsets(b *testing.B) {
	p, err := New(Conservative, language.Und)
	if err != nil {
		b.Fatal(err)
	}
	src := repeatTo(benchTexts["ur"], 16<<10)
	dst := make([]byte, 0, 2*len(src))
	offs := make([]int32, 0, 2*len(src))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		dst, offs = p.AppendOffsets(dst[:0], offs[:0], src)
	}
}
