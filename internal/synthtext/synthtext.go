// Package synthtext generates the synthetic near-duplicate benchmark of
// research/neardup.md §4: posts of 40-60 words drawn Zipf(1.1) from a
// 50,000-word vocabulary, 10% of them edited copies of an earlier post
// (0-12 word edits: substitute 40%, insert 20%, delete 20%, swap 10%,
// prepend/append 10%; chains allowed), and the exact ground truth: Jaccard
// similarity of word 3-shingle sets (word ids packed injectively, so no hash
// collisions) for a sample of queries.
//
// Everything is a pure function of the Config (fixed seeds), so match's
// tests and the bench module measure the same corpus.
//
// # Concurrency
//
// Functions are safe for concurrent use; returned values are not modified
// afterwards.
package synthtext

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/gharbal/gharbal/internal/sortedset"
)

// Config describes a corpus.
type Config struct {
	Docs     int     // number of posts
	Vocab    int     // vocabulary size (50,000)
	Zipf     float64 // Zipf exponent (1.1)
	MinWords int     // 40
	MaxWords int     // 60
	CopyFrac float64 // fraction of posts that are edited copies (0.1)
	MaxEdits int     // 12
	Arabic   bool    // Arabic-script vocabulary instead of a-z
	Seed     uint64
}

// Default returns the research note's configuration for n posts.
func Default(n int) Config {
	return Config{Docs: n, Vocab: 50000, Zipf: 1.1, MinWords: 40, MaxWords: 60, CopyFrac: 0.1, MaxEdits: 12, Seed: 42}
}

// Corpus is a generated corpus.
type Corpus struct {
	Vocab  []string
	Docs   [][]int32 // word ids of each post
	Parent []int32   // post copied from, or -1
}

// Text returns post i as space-separated words.
func (c *Corpus) Text(i int) string {
	var sb strings.Builder
	for k, w := range c.Docs[i] {
		if k > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(c.Vocab[w])
	}
	return sb.String()
}

// Generate builds the corpus of cfg.
func Generate(cfg Config) *Corpus {
	r := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	c := &Corpus{Vocab: vocab(r, cfg)}
	// Zipf sampler by inverse CDF.
	cdf := make([]float64, cfg.Vocab)
	s := 0.0
	for k := range cdf {
		s += math.Pow(float64(k+1), -cfg.Zipf)
		cdf[k] = s
	}
	word := func() int32 {
		x := r.Float64() * s
		i, _ := slices.BinarySearch(cdf, x)
		return int32(min(i, cfg.Vocab-1))
	}
	c.Docs = make([][]int32, cfg.Docs)
	c.Parent = make([]int32, cfg.Docs)
	for i := range c.Docs {
		c.Parent[i] = -1
		if i > 0 && r.Float64() < cfg.CopyFrac {
			p := r.IntN(i)
			c.Parent[i] = int32(p)
			d := slices.Clone(c.Docs[p])
			edits := r.IntN(cfg.MaxEdits + 1)
			for e := 0; e < edits && len(d) > 1; e++ {
				x := r.Float64()
				pos := r.IntN(len(d))
				switch {
				case x < 0.4:
					d[pos] = word()
				case x < 0.6:
					d = slices.Insert(d, pos, word())
				case x < 0.8:
					d = slices.Delete(d, pos, pos+1)
				case x < 0.9:
					q := r.IntN(len(d))
					d[pos], d[q] = d[q], d[pos]
				default:
					if r.IntN(2) == 0 {
						d = slices.Insert(d, 0, word())
					} else {
						d = append(d, word())
					}
				}
			}
			c.Docs[i] = d
			continue
		}
		n := cfg.MinWords + r.IntN(cfg.MaxWords-cfg.MinWords+1)
		d := make([]int32, n)
		for k := range d {
			d[k] = word()
		}
		c.Docs[i] = d
	}
	return c
}

func vocab(r *rand.Rand, cfg Config) []string {
	letters := []rune("abcdefghijklmnopqrstuvwxyz")
	if cfg.Arabic {
		letters = []rune("ابتثجحخدذرزسشصضطظعغفقكلمنهويپچژکگیےٹڈڑںھ")
	}
	seen := map[string]bool{}
	out := make([]string, 0, cfg.Vocab)
	for len(out) < cfg.Vocab {
		n := 2 + r.IntN(8)
		b := make([]rune, n)
		for k := range b {
			b[k] = letters[r.IntN(len(letters))]
		}
		w := string(b)
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// Shingles returns the sorted distinct word 3-shingles of a post, packed
// injectively (3 x 21 bits); a post of fewer than 3 words has one shingle of
// all its words.
func Shingles(d []int32) []uint64 {
	var out []uint64
	if len(d) < 3 {
		var x uint64 = 1 << 63
		for _, w := range d {
			x = x<<21 | uint64(w)
		}
		return []uint64{x}
	}
	for i := 0; i+2 < len(d); i++ {
		out = append(out, uint64(d[i])<<42|uint64(d[i+1])<<21|uint64(d[i+2]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Pair is a true near-duplicate pair of the ground truth.
type Pair struct {
	Query, Doc int
	J          float64
}

// Truth returns, for each query post, every other post with exact Jaccard
// >= t, found exactly by prefix filtering: J(A,B) >= t implies
// |A ∩ B| >= t·|A ∪ B| >= t·|A|, so B holds at least one of any
// floor((1-t)·|A|)+1 shingles of A; only the postings of A's rarest ones are
// scanned.
func Truth(c *Corpus, queries []int, t float64) [][]Pair {
	sets := make([][]uint64, len(c.Docs))
	for i, d := range c.Docs {
		sets[i] = Shingles(d)
	}
	// Postings: packed (shingle, doc) sorted.
	type post struct {
		sh  uint64
		doc int32
	}
	var ps []post
	for i, s := range sets {
		for _, x := range s {
			ps = append(ps, post{x, int32(i)})
		}
	}
	slices.SortFunc(ps, func(a, b post) int {
		if a.sh != b.sh {
			if a.sh < b.sh {
				return -1
			}
			return 1
		}
		return int(a.doc - b.doc)
	})
	postings := func(x uint64) []post {
		lo, _ := slices.BinarySearchFunc(ps, x, func(p post, x uint64) int {
			if p.sh < x {
				return -1
			}
			if p.sh > x {
				return 1
			}
			return 0
		})
		hi := lo
		for hi < len(ps) && ps[hi].sh == x {
			hi++
		}
		return ps[lo:hi]
	}
	out := make([][]Pair, len(queries))
	for qi, q := range queries {
		a := sets[q]
		byFreq := slices.Clone(a)
		slices.SortFunc(byFreq, func(x, y uint64) int { return len(postings(x)) - len(postings(y)) })
		// J >= t implies |A∩B| >= t|A| (as |A∪B| >= |A|), so B misses at
		// most (1-t)|A| of A's shingles and holds one of any
		// floor((1-t)|A|)+1 of them.
		k := int(math.Floor((1-t)*float64(len(a)))) + 1
		k = min(k, len(byFreq))
		var cand []int32
		for _, x := range byFreq[:k] {
			for _, p := range postings(x) {
				cand = append(cand, p.doc)
			}
		}
		slices.Sort(cand)
		cand = slices.Compact(cand)
		for _, d := range cand {
			if int(d) == q {
				continue
			}
			if j := sortedset.Jaccard(a, sets[d]); j >= t {
				out[qi] = append(out[qi], Pair{Query: q, Doc: int(d), J: j})
			}
		}
	}
	return out
}

// Queries returns n query post numbers, half of them edited copies (when
// there are enough), chosen with the corpus seed.
func Queries(c *Corpus, n int, seed uint64) []int {
	r := rand.New(rand.NewPCG(seed, 0x9e77))
	var copies, orig []int
	for i, p := range c.Parent {
		if p >= 0 {
			copies = append(copies, i)
		} else {
			orig = append(orig, i)
		}
	}
	r.Shuffle(len(copies), func(i, j int) { copies[i], copies[j] = copies[j], copies[i] })
	r.Shuffle(len(orig), func(i, j int) { orig[i], orig[j] = orig[j], orig[i] })
	nc := min(n/2, len(copies))
	out := append(slices.Clone(copies[:nc]), orig[:min(n-nc, len(orig))]...)
	slices.Sort(out)
	return out
}
