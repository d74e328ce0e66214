package shingle

import (
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/normalize"
)

// benchPost is a 50-word post per script (written for these benchmarks).
var benchPosts = map[string]string{
	"latin": strings.Repeat("the quick brown fox jumps over a lazy dog and then ", 5),
	"arabic": strings.Repeat("ہم نے آج کتاب پڑھی اور پھر گھر گئے تو دیکھا ", 5) +
		"کہ دروازہ کھلا تھا",
}

// BenchmarkAppendHashes measures shingling alone (identity normalizer) and
// with the normalize profile, per script and kind.
func BenchmarkAppendHashes(b *testing.B) {
	p, err := normalize.New(normalize.Conservative, language.Und)
	if err != nil {
		b.Fatal(err)
	}
	for _, script := range []string{"latin", "arabic"} {
		post := []byte(benchPosts[script])
		for _, kind := range []Kind{Words, Chars} {
			for _, norm := range []string{"identity", "profile"} {
				s := newIdentity(b, WithKind(kind))
				if norm == "profile" {
					s, _ = New(p, WithKind(kind))
				}
				b.Run(script+"/"+kind.String()+"/"+norm, func(b *testing.B) {
					b.ReportAllocs()
					b.SetBytes(int64(len(post)))
					dst := s.AppendHashes(nil, post)
					for b.Loop() {
						dst = s.AppendHashes(dst[:0], post)
					}
				})
			}
		}
	}
}

func BenchmarkHasher(b *testing.B) {
	s := newIdentity(b)
	post := []byte(benchPosts["arabic"])
	h := s.NewHasher()
	var out []Shingle
	b.ReportAllocs()
	b.SetBytes(int64(len(post)))
	for b.Loop() {
		h.Reset()
		h.Write(post[:len(post)/2])
		h.Write(post[len(post)/2:])
		out = h.AppendShingles(out[:0])
	}
}

func BenchmarkWinnow(b *testing.B) {
	s := newIdentity(b)
	seq := s.AppendShingles(nil, []byte(strings.Repeat(benchPosts["latin"], 20)))
	var sel []Shingle
	b.ReportAllocs()
	b.SetBytes(int64(len(seq)) * 16)
	for b.Loop() {
		sel = Winnow(sel[:0], seq, 8)
	}
}
