package textmatch

import (
	"cmp"
	"slices"
	"sync"

	minhashlsh "github.com/ekzhu/minhash-lsh"

	"github.com/gharbal/gharbal/bench/internal/wordset"
)

// Hit is one banned item a query was compared with.
type Hit struct {
	Item  int     // index into the items given to Build
	Score float64 // the method's similarity score, higher is closer
	Match bool    // whether the method reports this hit as a match
}

// Method is one way of matching posts against a banned set.
type Method interface {
	// Name is the column label in the report.
	Name() string
	// Describe is one line on how the method decides.
	Describe() string
	// Build indexes items; it is called once.
	Build(items []string) error
	// Query appends the hits for text to dst: at least every match, and
	// every scored candidate below the threshold the method can see.
	Query(dst []Hit, text string) []Hit
}

// SortHits orders hits by descending score, then item.
func SortHits(h []Hit) {
	slices.SortFunc(h, func(a, b Hit) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Item, b.Item)
	})
}

// Naive is NFKC + case folding, word 3-shingles, and exact Jaccard over an
// inverted index; a match is J >= Threshold.
type Naive struct {
	Threshold float64
	sets      [][]uint64
	post      map[uint64][]int32
}

// NewNaive returns the naive baseline at threshold 0.5.
func NewNaive() *Naive { return &Naive{Threshold: 0.5} }

func (n *Naive) Name() string { return "naive" }

func (n *Naive) Describe() string {
	return "x/text NFKC + cases.Fold, word 3-shingles, exact Jaccard >= 0.5 over an inverted index"
}

func (n *Naive) Build(items []string) error {
	n.sets = make([][]uint64, len(items))
	n.post = make(map[uint64][]int32)
	for i, s := range items {
		n.sets[i] = wordset.Shingles(wordset.Tokens(s), 3)
		for _, h := range n.sets[i] {
			n.post[h] = append(n.post[h], int32(i))
		}
	}
	return nil
}

func (n *Naive) Query(dst []Hit, text string) []Hit {
	q := wordset.Shingles(wordset.Tokens(text), 3)
	counts := make(map[int32]int)
	for _, h := range q {
		for _, it := range n.post[h] {
			counts[it]++
		}
	}
	for it, c := range counts {
		j := float64(c) / float64(len(q)+len(n.sets[it])-c)
		dst = append(dst, Hit{Item: int(it), Score: j, Match: j >= n.Threshold})
	}
	return dst
}

// Peer is ekzhu/minhash-lsh as its README uses it: NewMinhash(seed 42, 128
// hashes) over the naive word 3-shingles, NewMinhashLSH32(128, 0.5), and
// every LSH candidate checked by the estimated Jaccard of the full
// signatures (match when >= Threshold).
//
// The peer's Minhash is not safe for concurrent use, so Query serialises
// signature computation behind a mutex.
type Peer struct {
	Threshold float64
	sigs      [][]uint64
	lsh       *minhashlsh.MinhashLSH
	mu        sync.Mutex
}

// NewPeer returns the peer baseline at threshold 0.5.
func NewPeer() *Peer { return &Peer{Threshold: 0.5} }

func (p *Peer) Name() string { return "minhash-lsh" }

func (p *Peer) Describe() string {
	return "ekzhu/minhash-lsh: 128 hashes, LSH threshold 0.5 (b=25, r=5), candidates kept when estimated Jaccard >= 0.5"
}

func (p *Peer) signature(text string) []uint64 {
	mh := minhashlsh.NewMinhash(42, 128)
	for _, s := range wordset.ShingleStrings(wordset.Tokens(text), 3) {
		mh.Push([]byte(s))
	}
	return mh.Signature()
}

func (p *Peer) Build(items []string) error {
	p.lsh = minhashlsh.NewMinhashLSH32(128, 0.5)
	p.sigs = make([][]uint64, len(items))
	for i, s := range items {
		p.sigs[i] = p.signature(s)
		p.lsh.Add(i, p.sigs[i])
	}
	p.lsh.Index()
	return nil
}

func (p *Peer) Query(dst []Hit, text string) []Hit {
	sig := p.signature(text)
	p.mu.Lock()
	cands := p.lsh.Query(sig)
	p.mu.Unlock()
	for _, c := range cands {
		it := c.(int)
		eq := 0
		for k, v := range p.sigs[it] {
			if sig[k] == v {
				eq++
			}
		}
		j := float64(eq) / float64(len(sig))
		dst = append(dst, Hit{Item: it, Score: j, Match: j >= p.Threshold})
	}
	return dst
}
