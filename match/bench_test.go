package match

import (
	"bytes"
	"flag"
	"fmt"
	"sync"
	"testing"

	"github.com/gharbal/gharbal/internal/synthtext"
)

var bigBench = flag.Bool("match.big", false, "also run the 10^6-item benchmarks (minutes, ~1 GB)")

type benchCorpus struct {
	ix      *Index
	hits    []string // edited copies of indexed posts
	unrel   []string // posts unrelated to the index
	cold    []string // many more unrelated posts, so their filter blocks are not cached
	bytesPP float64
}

var (
	benchMu      sync.Mutex
	benchCorpora = map[int]*benchCorpus{}
)

// corpusFor builds (once per process) an index of n synthetic posts.
func corpusFor(b *testing.B, n int) *benchCorpus {
	benchMu.Lock()
	defer benchMu.Unlock()
	if bc := benchCorpora[n]; bc != nil {
		return bc
	}
	c := synthtext.Generate(synthtext.Default(n))
	ix, err := NewIndex()
	if err != nil {
		b.Fatal(err)
	}
	const chunk = 50000
	var items []Item
	for i := 0; i < n; i++ {
		items = append(items, Item{ID: fmt.Sprint(i), Text: c.Text(i)})
		if len(items) == chunk || i == n-1 {
			if err := ix.AddBatch(items); err != nil {
				b.Fatal(err)
			}
			items = items[:0]
		}
	}
	bc := &benchCorpus{ix: ix, bytesPP: ix.Stats().BytesPerItem}
	for _, q := range synthtext.Queries(c, 400, 7) {
		if c.Parent[q] >= 0 {
			bc.hits = append(bc.hits, c.Text(q))
		}
	}
	u := synthtext.Default(400)
	u.Seed = 991
	uc := synthtext.Generate(u)
	for i := range uc.Docs {
		bc.unrel = append(bc.unrel, uc.Text(i))
	}
	u = synthtext.Default(20000)
	u.Seed = 992
	uc = synthtext.Generate(u)
	for i := range uc.Docs {
		bc.cold = append(bc.cold, uc.Text(i))
	}
	benchCorpora[n] = bc
	return bc
}

func benchSizes() []int {
	s := []int{10_000, 100_000}
	if *bigBench {
		s = append(s, 1_000_000)
	}
	return s
}

// BenchmarkMatchText: end-to-end queries (normalize, shingle, MinHash,
// prefilter, lookups, verification) for edited copies ("hit") and unrelated
// posts ("miss").
func BenchmarkMatchText(b *testing.B) {
	for _, n := range benchSizes() {
		for _, kind := range []string{"hit", "miss"} {
			b.Run(fmt.Sprintf("n=%d/%s", n, kind), func(b *testing.B) {
				bc := corpusFor(b, n)
				qs := bc.hits
				if kind == "miss" {
					qs = bc.unrel
				}
				b.ReportAllocs()
				b.SetBytes(int64(len(qs[0])))
				var ms []Match
				i := 0
				for b.Loop() {
					ms = bc.ix.AppendMatches(ms[:0], Query{Text: qs[i%len(qs)]})
					i++
				}
				b.ReportMetric(bc.bytesPP, "B/item")
			})
		}
	}
}

// BenchmarkLookup: the index part only (prefilter, lookups, verification)
// for a fingerprinted query, separating it from fingerprinting cost.
func BenchmarkLookup(b *testing.B) {
	for _, n := range benchSizes() {
		for _, kind := range []string{"hit", "miss", "miss-cold"} {
			b.Run(fmt.Sprintf("n=%d/%s", n, kind), func(b *testing.B) {
				bc := corpusFor(b, n)
				qs := bc.hits
				switch kind {
				case "miss":
					qs = bc.unrel
				case "miss-cold":
					qs = bc.cold
				}
				ix := bc.ix
				fps := make([]*scratch, len(qs))
				for i, q := range qs {
					fps[i] = new(scratch)
					ix.fp.fingerprint(fps[i], q)
				}
				v := ix.view.Load()
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					sc := fps[i%len(fps)]
					sc.cands, sc.hits = sc.cands[:0], sc.hits[:0]
					if ix.candidates(sc, v, v.base, 0) >= minEvidence {
						ix.verify(sc, v)
					}
					i++
				}
			})
		}
	}
}

// BenchmarkFingerprint is the query-side text fingerprint alone.
func BenchmarkFingerprint(b *testing.B) {
	bc := corpusFor(b, 10_000)
	sc := new(scratch)
	b.ReportAllocs()
	b.SetBytes(int64(len(bc.unrel[0])))
	i := 0
	for b.Loop() {
		bc.ix.fp.fingerprint(sc, bc.unrel[i%len(bc.unrel)])
		i++
	}
}

// BenchmarkMatchTextParallel: end-to-end queries from all CPUs at once
// (lock-free readers; compare ns/op with BenchmarkMatchText).
func BenchmarkMatchTextParallel(b *testing.B) {
	bc := corpusFor(b, 100_000)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var ms []Match
		i := 0
		for pb.Next() {
			qs := bc.unrel
			if i%2 == 0 {
				qs = bc.hits
			}
			ms = bc.ix.AppendMatches(ms[:0], Query{Text: qs[i%len(qs)]})
			i++
		}
	})
}

// BenchmarkAddRemove: one Add and one Remove on a 10^5-item index (the delta
// rebuild and, amortized, the merges into the base).
func BenchmarkAddRemove(b *testing.B) {
	bc := corpusFor(b, 100_000)
	// A private copy, so the shared index stays as built.
	var snap bytes.Buffer
	if _, err := bc.ix.WriteTo(&snap); err != nil {
		b.Fatal(err)
	}
	ix, err := ReadIndex(&snap, 1<<30)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		id := fmt.Sprint("new-", i)
		if err := ix.Add(Item{ID: id, Text: bc.unrel[i%len(bc.unrel)]}); err != nil {
			b.Fatal(err)
		}
		if err := ix.Remove(id); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
