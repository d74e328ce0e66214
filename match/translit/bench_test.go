package translit

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gharbal/gharbal/match"
)

// pseudoText returns n random words of two or three syllables made from
// letters (Latin or Urdu), so that items share few keys, as real texts do.
func pseudoText(r *rand.Rand, n int, consonants, vowels []string) string {
	w := make([]string, n)
	for i := range w {
		var b strings.Builder
		for range 2 + r.IntN(2) {
			b.WriteString(consonants[r.IntN(len(consonants))])
			b.WriteString(vowels[r.IntN(len(vowels))])
		}
		w[i] = b.String()
	}
	return strings.Join(w, " ")
}

var (
	latinC = strings.Fields("b p t d k g q j ch s sh z f m n l r h")
	latinV = strings.Fields("a e i o u aa ee")
	urduC  = strings.Fields("ب پ ت د ک گ ق ج چ س ش ز ف م ن ل ر")
	urduV  = strings.Fields("ا ی و ے")
)

// BenchmarkMatch measures Match of a 50-word Roman Urdu post against 10,000
// indexed Urdu-script items of 50 words, and Render alone.
func BenchmarkMatch(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	x, err := NewIndex()
	if err != nil {
		b.Fatal(err)
	}
	items := make([]match.Item, 10000)
	for i := range items {
		items[i] = match.Item{ID: fmt.Sprint(i), Text: pseudoText(r, 50, urduC, urduV)}
	}
	if err := x.AddBatch(items); err != nil {
		b.Fatal(err)
	}
	post := pseudoText(r, 50, latinC, latinV)
	b.Run("Match", func(b *testing.B) {
		b.SetBytes(int64(len(post)))
		b.ReportAllocs()
		for b.Loop() {
			x.Match(post)
		}
	})
	b.Run("Render", func(b *testing.B) {
		b.SetBytes(int64(len(post)))
		b.ReportAllocs()
		for b.Loop() {
			x.Render(post)
		}
	})
}
