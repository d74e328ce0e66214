package bench

import (
	"slices"
	"strconv"
	"sync"
	"testing"

	minhashlsh "github.com/ekzhu/minhash-lsh"

	"github.com/gharbal/gharbal/internal/synthtext"
	"github.com/gharbal/gharbal/match"
)

// matchFixture is a 10^4-post synthetic corpus (research/neardup.md §4)
// indexed by match and by ekzhu/minhash-lsh. Larger sizes, quality and
// memory are measured by cmd/matchbench.
type matchFixture struct {
	c     *synthtext.Corpus
	ix    *match.Index
	lsh   *minhashlsh.MinhashLSH
	sigs  [][]uint64
	hits  []int    // edited copies
	unrel []string // unrelated posts
	uc    *synthtext.Corpus
}

var (
	matchOnce sync.Once
	matchFix  *matchFixture
)

func fixture(b *testing.B) *matchFixture {
	matchOnce.Do(func() {
		f := &matchFixture{c: synthtext.Generate(synthtext.Default(10000))}
		bld, err := match.NewBuilder()
		if err != nil {
			panic(err)
		}
		f.lsh = minhashlsh.NewMinhashLSH32(128, 0.5)
		for i := range f.c.Docs {
			if err := bld.Add(match.Item{ID: strconv.Itoa(i), Text: f.c.Text(i)}); err != nil {
				panic(err)
			}
			s := peerSignature(f.c, f.c.Docs[i])
			f.sigs = append(f.sigs, s)
			f.lsh.Add(i, s)
		}
		f.lsh.Index()
		if f.ix, err = bld.Build(); err != nil {
			panic(err)
		}
		for _, q := range synthtext.Queries(f.c, 400, 7) {
			if f.c.Parent[q] >= 0 {
				f.hits = append(f.hits, q)
			}
		}
		u := synthtext.Default(400)
		u.Seed = 991
		f.uc = synthtext.Generate(u)
		for i := range f.uc.Docs {
			f.unrel = append(f.unrel, f.uc.Text(i))
		}
		matchFix = f
	})
	return matchFix
}

func peerSignature(c *synthtext.Corpus, d []int32) []uint64 {
	mh := minhashlsh.NewMinhash(42, 128)
	var buf []byte
	for i := 0; i+2 < len(d); i++ {
		buf = append(buf[:0], c.Vocab[d[i]]...)
		buf = append(buf, ' ')
		buf = append(buf, c.Vocab[d[i+1]]...)
		buf = append(buf, ' ')
		buf = append(buf, c.Vocab[d[i+2]]...)
		mh.Push(buf)
	}
	return slices.Clone(mh.Signature())
}

// BenchmarkMatch queries match.Index and ekzhu/minhash-lsh (with estimated
// J >= 0.5 on the candidates) end to end, text in, matches out:
//
//	go test -run '^$' -bench Match -benchtime 2000x .
func BenchmarkMatch(b *testing.B) {
	for _, kind := range []string{"hit", "miss"} {
		b.Run(kind+"/ours", func(b *testing.B) {
			f := fixture(b)
			texts := f.unrel
			if kind == "hit" {
				texts = nil
				for _, q := range f.hits {
					texts = append(texts, f.c.Text(q))
				}
			}
			b.ReportAllocs()
			var ms []match.Match
			i := 0
			for b.Loop() {
				ms = f.ix.AppendMatches(ms[:0], match.Query{Text: texts[i%len(texts)]})
				i++
			}
		})
		b.Run(kind+"/peer", func(b *testing.B) {
			f := fixture(b)
			c, docs := f.uc, f.uc.Docs
			if kind == "hit" {
				c, docs = f.c, nil
				for _, q := range f.hits {
					docs = append(docs, f.c.Docs[q])
				}
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				sig := peerSignature(c, docs[i%len(docs)])
				for _, k := range f.lsh.Query(sig) {
					eq := 0
					for j, v := range f.sigs[k.(int)] {
						if v == sig[j] {
							eq++
						}
					}
					_ = eq*2 >= len(sig)
				}
				i++
			}
		})
	}
}
