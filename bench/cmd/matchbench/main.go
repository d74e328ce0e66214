// Command matchbench measures package match side by side with
// ekzhu/minhash-lsh on the synthetic corpus of research/neardup.md §4
// (internal/synthtext: 50-word Zipf posts, 10% edited copies, truth J >= 0.5
// on word 3-shingles), and PDQ lookups by multi-index hashing against a
// linear scan.
//
//	go run ./cmd/matchbench -n 10000,100000 -peer-max 100000
//	go run ./cmd/matchbench -n 1000000 -peer-max 0
//	go run ./cmd/matchbench -n '' -pdq 1000000,10000000
//
// Times are wall-clock per query (p50, p95) and process CPU time per query
// (getrusage), single goroutine; memory is the live heap after GC with the
// index pinned. The machine is shared: compare ratios from the same run.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	minhashlsh "github.com/ekzhu/minhash-lsh"

	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/internal/synthtext"
	"github.com/gharbal/gharbal/match"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

type quality struct {
	TP, FP, FN        int
	Precision, Recall float64
	RecallLow         float64 // recall for true J in [0.5, 0.6)
}

func (q *quality) finish(lowTP, lowAll int) {
	q.Precision = float64(q.TP) / float64(max(1, q.TP+q.FP))
	q.Recall = float64(q.TP) / float64(max(1, q.TP+q.FN))
	q.RecallLow = float64(lowTP) / float64(max(1, lowAll))
}

type latency struct {
	P50us, P95us, CPUus float64
}

func summarize(d []time.Duration, cpu time.Duration) latency {
	slices.Sort(d)
	if len(d) == 0 {
		return latency{}
	}
	return latency{
		P50us: float64(d[len(d)/2].Nanoseconds()) / 1e3,
		P95us: float64(d[len(d)*95/100].Nanoseconds()) / 1e3,
		CPUus: float64(cpu.Nanoseconds()) / 1e3 / float64(len(d)),
	}
}

type textResult struct {
	Method            string
	N                 int
	BuildWallS        float64
	BuildCPUS         float64
	HeapBytesItem     float64 // live heap growth per item
	IndexBytes        float64 // Stats().BytesPerItem (gharbal)
	Quality           quality
	Query             latency // edited-copy and original queries, end to end
	LookupOnly        latency // peer: LSH lookup + estimate, signature given
	Unrelated         latency // posts unrelated to the index, end to end
	UnrelatedHits     int
	Candidates        float64 // peer: LSH candidates per query
	SnapshotBytes     int     // gharbal: snapshot size
	PrefilterPassRate float64 // gharbal: unrelated posts passing the Bloom prefilter
	LoadWallS         float64 // gharbal: ReadIndex of the snapshot (from memory)
	LoadCPUS          float64
}

func main() {
	ns := flag.String("n", "10000,100000", "text index sizes, comma-separated ('' for none)")
	nq := flag.Int("queries", 1000, "queries per text run (half edited copies)")
	nu := flag.Int("unrelated", 2000, "unrelated posts per text run")
	peerMax := flag.Int("peer-max", 100000, "run ekzhu/minhash-lsh up to this size")
	pdqs := flag.String("pdq", "", "PDQ index sizes, comma-separated")
	pq := flag.Int("pdq-queries", 300, "PDQ queries per run")
	out := flag.String("json", "", "also write results as JSON to this file")
	bands := flag.Int("bands", 0, "LSH bands (0: match.DefaultBands)")
	rows := flag.Int("rows", 0, "LSH rows (0: match.DefaultRows)")
	window := flag.Int("window", 0, "winnowing window (0: match.DefaultWindow)")
	flag.BoolVar(&arabic, "arabic", false, "Arabic-script vocabulary instead of a-z")
	flag.Parse()
	if *bands > 0 || *rows > 0 {
		b, r := match.DefaultBands, match.DefaultRows
		if *bands > 0 {
			b = *bands
		}
		if *rows > 0 {
			r = *rows
		}
		textOpts = append(textOpts, match.WithBands(b, r))
	}
	if *window > 0 {
		textOpts = append(textOpts, match.WithWindow(*window))
	}
	var results []any
	for _, n := range sizes(*ns) {
		res := runText(n, *nq, *nu, n <= *peerMax)
		for _, r := range res {
			results = append(results, r)
			b, _ := json.Marshal(r)
			fmt.Println(string(b))
		}
	}
	for _, n := range sizes(*pdqs) {
		r := runPDQ(n, *pq)
		results = append(results, r)
		b, _ := json.Marshal(r)
		fmt.Println(string(b))
	}
	if *out != "" {
		b, _ := json.MarshalIndent(results, "", "  ")
		os.WriteFile(*out, b, 0o644)
	}
}

// textOpts are the options of the text index under test.
var textOpts []match.Option

// arabic selects the Arabic-script corpus.
var arabic bool

func corpusConfig(n int) synthtext.Config {
	c := synthtext.Default(n)
	c.Arabic = arabic
	return c
}

func sizes(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bad size", f)
			os.Exit(2)
		}
		out = append(out, n)
	}
	return out
}

func runText(n, nq, nu int, peer bool) []textResult {
	fmt.Fprintf(os.Stderr, "text n=%d: generating corpus and truth\n", n)
	c := synthtext.Generate(corpusConfig(n))
	qs := synthtext.Queries(c, nq, 7)
	truth := synthtext.Truth(c, qs, 0.5)
	ucfg := corpusConfig(nu)
	ucfg.Seed = 991
	unrel := synthtext.Generate(ucfg)
	var out []textResult

	// gharbal
	fmt.Fprintf(os.Stderr, "text n=%d: gharbal build\n", n)
	h0 := liveHeap()
	w0, c0 := time.Now(), cpuTime()
	bld, err := match.NewBuilder(textOpts...)
	if err != nil {
		panic(err)
	}
	for i := 0; i < n; i++ {
		if err := bld.Add(match.Item{ID: "d" + strconv.Itoa(i), Text: c.Text(i)}); err != nil {
			panic(err)
		}
	}
	ix, err := bld.Build()
	if err != nil {
		panic(err)
	}
	buildWall, buildCPU := time.Since(w0).Seconds(), (cpuTime() - c0).Seconds()
	// Loading the snapshot.
	var snap bytes.Buffer
	if _, err := ix.WriteTo(&snap); err != nil {
		panic(err)
	}
	snapBytes := snap.Len()
	lw, lc := time.Now(), cpuTime()
	if _, err := match.ReadIndex(bytes.NewReader(snap.Bytes()), int64(snapBytes)); err != nil {
		panic(err)
	}
	loadWall, loadCPU := time.Since(lw).Seconds(), (cpuTime() - lc).Seconds()
	snap = bytes.Buffer{}
	p0 := ix.Params()
	r := textResult{Method: fmt.Sprintf("gharbal b=%d r=%d w=%d%s", p0.Bands, p0.Rows, p0.Window, script()), N: n, BuildWallS: buildWall, BuildCPUS: buildCPU,
		SnapshotBytes: snapBytes, LoadWallS: loadWall, LoadCPUS: loadCPU}
	r.HeapBytesItem = float64(int64(liveHeap())-int64(h0)) / float64(n)
	r.IndexBytes = ix.Stats().BytesPerItem
	texts := make([]string, len(qs))
	for i, q := range qs {
		texts[i] = c.Text(q)
	}
	var lat []time.Duration
	var q quality
	lowTP, lowAll := 0, 0
	var ms []match.Match
	c0 = cpuTime()
	for qi, qd := range qs {
		t := time.Now()
		ms = ix.AppendMatches(ms[:0], match.Query{Text: texts[qi]})
		lat = append(lat, time.Since(t))
		got := map[int]bool{}
		for _, m := range ms {
			if m.Signal != match.SignalText {
				continue
			}
			d, _ := strconv.Atoi(m.ItemID[1:])
			if d != qd {
				got[d] = true
			}
		}
		score(&q, truth[qi], got, &lowTP, &lowAll)
	}
	r.Query = summarize(lat, cpuTime()-c0)
	q.finish(lowTP, lowAll)
	r.Quality = q
	utexts := make([]string, nu)
	for i := range utexts {
		utexts[i] = unrel.Text(i)
	}
	lat = lat[:0]
	c0 = cpuTime()
	for _, t := range utexts {
		s := time.Now()
		ms = ix.AppendMatches(ms[:0], match.Query{Text: t})
		lat = append(lat, time.Since(s))
		if len(ms) > 0 {
			r.UnrelatedHits++
		}
	}
	pass := 0
	for _, t := range utexts {
		if ix.PrefilterPasses(t) {
			pass++
		}
	}
	r.PrefilterPassRate = float64(pass) / float64(len(utexts))
	r.Unrelated = summarize(lat, cpuTime()-c0)
	out = append(out, r)
	runtime.KeepAlive(ix)
	ix = nil

	if !peer {
		return out
	}
	fmt.Fprintf(os.Stderr, "text n=%d: ekzhu/minhash-lsh build\n", n)
	h0 = liveHeap()
	w0, c0 = time.Now(), cpuTime()
	lsh := minhashlsh.NewMinhashLSH32(128, 0.5)
	sigs := make([][]uint64, n)
	for i := 0; i < n; i++ {
		sigs[i] = peerSig(c, c.Docs[i])
		lsh.Add(i, sigs[i])
	}
	lsh.Index()
	p := textResult{Method: "ekzhu/minhash-lsh (est. J >= 0.5)" + script(), N: n, BuildWallS: time.Since(w0).Seconds(), BuildCPUS: (cpuTime() - c0).Seconds()}
	p.HeapBytesItem = float64(int64(liveHeap())-int64(h0)) / float64(n)
	q = quality{}
	lowTP, lowAll = 0, 0
	lat = lat[:0]
	var look []time.Duration
	var lookCPU time.Duration
	cands := 0
	c0 = cpuTime()
	for qi, qd := range qs {
		t := time.Now()
		sig := peerSig(c, c.Docs[qd])
		lc := cpuTime()
		tl := time.Now()
		got := map[int]bool{}
		res := lsh.Query(sig)
		cands += len(res)
		for _, k := range res {
			d := k.(int)
			if d != qd && estJ(sig, sigs[d]) >= 0.5 {
				got[d] = true
			}
		}
		look = append(look, time.Since(tl))
		lookCPU += cpuTime() - lc
		lat = append(lat, time.Since(t))
		score(&q, truth[qi], got, &lowTP, &lowAll)
	}
	p.Query = summarize(lat, cpuTime()-c0)
	p.LookupOnly = summarize(look, lookCPU)
	p.Candidates = float64(cands) / float64(len(qs))
	q.finish(lowTP, lowAll)
	p.Quality = q
	lat = lat[:0]
	c0 = cpuTime()
	for i := 0; i < nu; i++ {
		s := time.Now()
		sig := peerSig(unrel, unrel.Docs[i])
		hit := false
		for _, k := range lsh.Query(sig) {
			if estJ(sig, sigs[k.(int)]) >= 0.5 {
				hit = true
			}
		}
		lat = append(lat, time.Since(s))
		if hit {
			p.UnrelatedHits++
		}
	}
	p.Unrelated = summarize(lat, cpuTime()-c0)
	runtime.KeepAlive(lsh)
	out = append(out, p)
	return out
}

func script() string {
	if arabic {
		return " arabic"
	}
	return ""
}

func score(q *quality, truth []synthtext.Pair, got map[int]bool, lowTP, lowAll *int) {
	want := map[int]float64{}
	for _, p := range truth {
		want[p.Doc] = p.J
	}
	for d := range got {
		if _, ok := want[d]; ok {
			q.TP++
		} else {
			q.FP++
		}
	}
	for d, j := range want {
		if j < 0.6 {
			*lowAll++
			if got[d] {
				*lowTP++
			}
		}
		if !got[d] {
			q.FN++
		}
	}
}

// peerSig is the peer's MinHash of a post's word 3-shingles, as in the
// research note's nd-bench.
func peerSig(c *synthtext.Corpus, d []int32) []uint64 {
	mh := minhashlsh.NewMinhash(42, 128)
	var b []byte
	for i := 0; i+2 < len(d); i++ {
		b = append(b[:0], c.Vocab[d[i]]...)
		b = append(b, ' ')
		b = append(b, c.Vocab[d[i+1]]...)
		b = append(b, ' ')
		b = append(b, c.Vocab[d[i+2]]...)
		mh.Push(b)
	}
	return slices.Clone(mh.Signature())
}

func estJ(a, b []uint64) float64 {
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}

type pdqResult struct {
	Method        string
	N             int
	BuildWallS    float64
	BytesPerHash  float64
	QPS           float64 // queries per CPU-second, one goroutine, one hash per query
	CPUusQuery    float64
	Found         int // near copies found (of Queries/2)
	Queries       int
	LinearQPS     float64
	LinearFound   int
	Identical     bool // MIH and linear scan returned the same matches
	LinearQueries int
	DihedralCPUus float64 // 8 dihedral hashes per query (MIH)
}

func runPDQ(n, nq int) pdqResult {
	fmt.Fprintf(os.Stderr, "pdq n=%d: generating\n", n)
	r := rand.New(rand.NewPCG(5, 6))
	hashes := make([]pdq.Hash, n)
	for i := range hashes {
		for k := 0; k < 32; k += 8 {
			x := r.Uint64()
			for j := 0; j < 8; j++ {
				hashes[i][k+j] = byte(x >> (8 * j))
			}
		}
	}
	build := func(opts ...match.Option) (*match.Index, float64, float64) {
		h0 := liveHeap()
		t := time.Now()
		bld, err := match.NewBuilder(opts...)
		if err != nil {
			panic(err)
		}
		for i := 0; i < n; i++ {
			if err := bld.Add(match.Item{ID: "p" + strconv.Itoa(i), PDQ: []pdq.Hash{hashes[i]}}); err != nil {
				panic(err)
			}
		}
		ix, err := bld.Build()
		if err != nil {
			panic(err)
		}
		s := time.Since(t).Seconds()
		return ix, s, float64(int64(liveHeap())-int64(h0)) / float64(n)
	}
	// Queries: half are stored hashes with 8-24 bits flipped, half random.
	queries := make([]pdq.Hash, nq)
	for i := range queries {
		if i%2 == 0 {
			h := hashes[r.IntN(n)]
			for f := 8 + r.IntN(17); f > 0; f-- {
				b := r.IntN(256)
				h[b/8] ^= 1 << (b % 8)
			}
			queries[i] = h
		} else {
			for k := range queries[i] {
				queries[i][k] = byte(r.Uint32())
			}
		}
	}
	ix, bs, bph := build()
	res := pdqResult{Method: "gharbal MIH (16x16-bit slots below 4M hashes, 11 slots of 23-24 bits above)", N: n, BuildWallS: bs, BytesPerHash: bph, Queries: nq}
	runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(0)
	mih := make([][]match.Match, nq)
	c0 := cpuTime()
	for i, q := range queries {
		mih[i] = ix.Match(match.Query{PDQ: []pdq.Hash{q}})
		if len(mih[i]) > 0 {
			res.Found++
		}
	}
	cpu := cpuTime() - c0
	res.CPUusQuery = float64(cpu.Nanoseconds()) / 1e3 / float64(nq)
	res.QPS = float64(nq) / cpu.Seconds()
	// Dihedral: 8 hashes per query.
	c0 = cpuTime()
	nd := min(nq, 50)
	for _, q := range queries[:nd] {
		var d [8]pdq.Hash
		for k := range d {
			d[k] = q
			d[k][k] ^= 0x55
		}
		ix.Match(match.Query{PDQ: d[:]})
	}
	res.DihedralCPUus = float64((cpuTime() - c0).Nanoseconds()) / 1e3 / float64(nd)
	runtime.GOMAXPROCS(0)
	ix = nil
	lin, _, _ := build(match.WithPDQLinearScan())
	runtime.GOMAXPROCS(1)
	nl := min(nq, max(20, 2_000_000_000/max(n, 1)/100))
	res.LinearQueries = nl
	res.Identical = true
	c0 = cpuTime()
	for i, q := range queries[:nl] {
		ms := lin.Match(match.Query{PDQ: []pdq.Hash{q}})
		if len(ms) > 0 {
			res.LinearFound++
		}
		if len(ms) != len(mih[i]) || (len(ms) > 0 && (ms[0].ItemID != mih[i][0].ItemID || ms[0].Distance != mih[i][0].Distance)) {
			res.Identical = false
		}
	}
	res.LinearQPS = float64(nl) / (cpuTime() - c0).Seconds()
	runtime.KeepAlive(lin)
	return res
}
