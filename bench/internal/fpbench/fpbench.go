// Package fpbench holds the side-by-side fingerprint benchmarks of gharbal's
// fingerprint packages and the Go peers (ekzhu/minhash-lsh, mfonda/simhash,
// and the hash functions cespare/xxhash/v2 and hash/fnv), on one generated
// corpus of 50-word posts. The benchmark bodies are shared by
// bench/fingerprint_test.go (go test -bench) and cmd/fpratio (a table of
// ratios from one run).
package fpbench

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
	minhashlsh "github.com/ekzhu/minhash-lsh"
	mfonda "github.com/mfonda/simhash"
	"github.com/zeebo/xxh3"
	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/fingerprint/minhash"
	"github.com/gharbal/gharbal/fingerprint/shingle"
	"github.com/gharbal/gharbal/fingerprint/simhash"
	"github.com/gharbal/gharbal/normalize"
)

// Sink keeps results alive (it is only written).
var Sink int

// Alphabets of the generated corpora.
var (
	Latin  = []rune("abcdefghijklmnopqrstuvwxyz")
	Arabic = []rune("ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنوہھءیے")
)

// Corpus returns n posts of 40-60 words drawn Zipf-like from a 50,000-word
// synthetic vocabulary over abc (the setup of the research note's nd-bench).
func Corpus(abc []rune, n int) [][]byte {
	r := rand.New(rand.NewPCG(2026, uint64(len(abc))))
	out := make([][]byte, n)
	for i := range out {
		var sb strings.Builder
		words := 40 + r.IntN(21)
		for k := range words {
			if k > 0 {
				sb.WriteByte(' ')
			}
			id := uint64(50000 * r.Float64() * r.Float64() * r.Float64())
			wr := rand.New(rand.NewPCG(id, 7))
			for range 2 + wr.IntN(6) {
				sb.WriteRune(abc[wr.IntN(len(abc))])
			}
		}
		out[i] = []byte(sb.String())
	}
	return out
}

// Case is one measurement: ours against a peer on the same input. Ours and
// Peer perform one operation per call (cycling through the inputs); Bytes is
// the mean input size of one operation (0 when not meaningful).
type Case struct {
	Name       string
	Ours, Peer func()
	OursName   string
	PeerName   string
	Bytes      int
}

// Bench returns a benchmark function running op once per iteration.
func Bench(op func(), bytes int) func(b *testing.B) {
	return func(b *testing.B) {
		b.ReportAllocs()
		if bytes > 0 {
			b.SetBytes(int64(bytes))
		}
		for b.Loop() {
			op()
		}
	}
}

func totalBytes(posts [][]byte) int {
	n := 0
	for _, p := range posts {
		n += len(p)
	}
	return n
}

// cycle returns an operation applying f to the next post on each call.
func cycle(posts [][]byte, f func(p []byte)) func() {
	i := 0
	return func() {
		f(posts[i%len(posts)])
		i++
	}
}

// wordShingles3 returns the word 3-shingles of p as the peers consume them
// (space-split, no normalization: what the research note measured).
func wordShingles3(p []byte) [][]byte {
	w := bytes.Fields(p)
	if len(w) < 3 {
		return [][]byte{p}
	}
	out := make([][]byte, 0, len(w)-2)
	for i := 0; i+3 <= len(w); i++ {
		out = append(out, bytes.Join(w[i:i+3], []byte{' '}))
	}
	return out
}

// Cases returns every side-by-side case for one script.
func Cases(script string, posts [][]byte) []Case {
	prof, err := normalize.New(normalize.Conservative, language.Und)
	if err != nil {
		panic(err)
	}
	sh, err := shingle.New(prof)
	if err != nil {
		panic(err)
	}
	mh, err := minhash.New(minhash.WithShingler(sh))
	if err != nil {
		panic(err)
	}
	shh, err := simhash.New(simhash.WithShingler(sh))
	if err != nil {
		panic(err)
	}
	var sig minhash.Signature
	avg := totalBytes(posts) / len(posts)
	var cases []Case
	cases = append(cases, Case{
		Name:     "MinHash128/" + script,
		OursName: "gharbal normalize+shingle+OPH-128",
		PeerName: "ekzhu/minhash-lsh (no normalization)",
		Bytes:    avg,
		Ours:     cycle(posts, func(p []byte) { mh.SumTextInto(&sig, p) }),
		Peer: cycle(posts, func(p []byte) {
			m := minhashlsh.NewMinhash(42, 128)
			for _, s := range wordShingles3(p) {
				m.Push(s)
			}
			_ = m.Signature()
		}),
	})
	cases = append(cases, Case{
		Name:     "SimHash/" + script,
		OursName: "gharbal normalize+shingle3+SimHash-64",
		PeerName: "mfonda/simhash WordFeatureSet",
		Bytes:    avg,
		Ours:     cycle(posts, func(p []byte) { shh.SumText(p) }),
		Peer:     cycle(posts, func(p []byte) { mfonda.Simhash(mfonda.NewWordFeatureSet(p)) }),
	})
	cases = append(cases, Case{
		Name:     "SimHash3/" + script,
		OursName: "gharbal normalize+shingle3+SimHash-64",
		PeerName: "mfonda/simhash SimhashBytes(Shingle(3))",
		Bytes:    avg,
		Ours:     cycle(posts, func(p []byte) { shh.SumText(p) }),
		Peer:     cycle(posts, func(p []byte) { mfonda.SimhashBytes(mfonda.Shingle(3, bytes.Fields(p))) }),
	})
	return cases
}

// CompareCases returns the fingerprint comparison cases.
func CompareCases() []Case {
	r := rand.New(rand.NewPCG(9, 9))
	ours := make([]simhash.Hash, 1024)
	raw := make([]uint64, 1024)
	for i := range ours {
		ours[i] = simhash.Sum([]uint64{r.Uint64(), r.Uint64(), r.Uint64()}, nil)
		raw[i] = ours[i].Bits()
	}
	i := 0
	return []Case{{
		Name:     "SimHashDistance",
		OursName: "gharbal Hash.Distance (checked)",
		PeerName: "mfonda/simhash Compare",
		Ours: func() {
			d, _ := ours[i&1023].Distance(ours[(i+7)&1023])
			Sink += d
			i++
		},
		Peer: func() {
			Sink += int(mfonda.Compare(raw[i&1023], raw[(i+7)&1023]))
			i++
		},
	}}
}

// HashCases compares the shingle hash (seeded XXH3-64) with
// cespare/xxhash/v2 and hash/fnv 64a on a word token, a short phrase and a
// post-sized input.
func HashCases(post []byte) []Case {
	inputs := map[string][]byte{"token6B": []byte("كتابٌّ")[:6], "phrase32B": post[:32], "post": post}
	var cases []Case
	for _, name := range []string{"token6B", "phrase32B", "post"} {
		in := inputs[name]
		run := func(f func([]byte) uint64) func() {
			return func() { Sink += int(f(in)) }
		}
		ours := run(func(p []byte) uint64 { return xxh3.HashSeed(p, 42) })
		cases = append(cases,
			Case{Name: "Hash/" + name + "/xxhash", Bytes: len(in), OursName: "zeebo/xxh3 HashSeed", PeerName: "cespare/xxhash/v2 Sum64", Ours: ours,
				Peer: run(xxhash.Sum64)},
			Case{Name: "Hash/" + name + "/fnv", Bytes: len(in), OursName: "zeebo/xxh3 HashSeed", PeerName: "hash/fnv New64a", Ours: ours,
				Peer: run(func(p []byte) uint64 { h := fnv.New64a(); h.Write(p); return h.Sum64() })},
		)
	}
	return cases
}

// Stage is one stage of our text pipeline, measured alone.
type Stage struct {
	Name string
	Op   func()
}

// Stages returns the stages of normalize + shingle + MinHash-128 on posts:
// normalization alone, shingling (including normalization), one-permutation
// MinHash of pre-computed shingle hashes, and SimHash of the same hashes.
func Stages(script string, posts [][]byte) []Stage {
	prof, err := normalize.New(normalize.Conservative, language.Und)
	if err != nil {
		panic(err)
	}
	sh, _ := shingle.New(prof)
	mh, _ := minhash.New()
	shh, _ := simhash.New()
	hashes := make([][]uint64, len(posts))
	for i, p := range posts {
		hashes[i] = sh.AppendHashes(nil, p)
	}
	var buf []byte
	var offs []int32
	var hs []uint64
	var sig minhash.Signature
	i := 0
	next := func() int { i++; return i % len(posts) }
	return []Stage{
		{script + ": normalize.AppendOffsets", func() { k := next(); buf, offs = prof.AppendOffsets(buf[:0], offs[:0], posts[k]) }},
		{script + ": shingle.AppendHashes (incl. normalize)", func() { hs = sh.AppendHashes(hs[:0], posts[next()]) }},
		{script + ": minhash.SumInto (OPH-128, pre-hashed)", func() { mh.SumInto(&sig, hashes[next()]) }},
		{script + ": simhash.Sum (pre-hashed)", func() { shh.Sum(hashes[next()], nil) }},
	}
}

// Quality holds side-by-side quality figures on the generated corpora.
type Quality struct {
	Name       string
	Ours, Peer string
}

// QualityFigures measures, on n generated posts of each script: distinct
// SimHash values (ours vs mfonda WordFeatureSet), and the mean and maximum
// estimated Jaccard between a query and n unrelated posts that share one
// 3-word formula with it (true J about 0.01; ours vs ekzhu/minhash-lsh).
func QualityFigures(n int) []Quality {
	prof, _ := normalize.New(normalize.Conservative, language.Und)
	sh, _ := shingle.New(prof)
	mh, _ := minhash.New(minhash.WithShingler(sh))
	shh, _ := simhash.New(simhash.WithShingler(sh))
	var out []Quality
	for _, sc := range []struct {
		name string
		abc  []rune
	}{{"latin", Latin}, {"arabic", Arabic}} {
		posts := Corpus(sc.abc, n+1)
		ours, peer := map[uint64]bool{}, map[uint64]bool{}
		for _, p := range posts[:n] {
			ours[shh.SumText(p).Bits()] = true
			peer[mfonda.Simhash(mfonda.NewWordFeatureSet(p))] = true
		}
		out = append(out, Quality{fmt.Sprintf("distinct SimHash over %d %s posts", n, sc.name),
			fmt.Sprint(len(ours)), fmt.Sprint(len(peer))})
		// 1,000 formulas (3 random words), each shared by a query and 4
		// unrelated posts; count pairs estimated at >= 0.3.
		r := rand.New(rand.NewPCG(77, uint64(len(sc.abc))))
		word := func() string {
			w := make([]rune, 3+r.IntN(5))
			for i := range w {
				w[i] = sc.abc[r.IntN(len(sc.abc))]
			}
			return string(w)
		}
		var so, sp, mo, mp float64
		var ho, hp, pairs int
		for f := range 1000 {
			formula := []byte(" " + word() + " " + word() + " " + word())
			q := append(append([]byte(nil), posts[(f*5)%n]...), formula...)
			qo, qp := mh.SumText(q), peerSig(q)
			for k := 1; k <= 4; k++ {
				d := append(append([]byte(nil), posts[(f*5+k)%n]...), formula...)
				jo, _ := qo.Jaccard(mh.SumText(d))
				jp := sigJaccard(qp, peerSig(d))
				so, sp, pairs = so+jo, sp+jp, pairs+1
				mo, mp = max(mo, jo), max(mp, jp)
				if jo >= 0.3 {
					ho++
				}
				if jp >= 0.3 {
					hp++
				}
			}
		}
		out = append(out, Quality{fmt.Sprintf("%d %s pairs sharing one 3-word formula (true J ≈ 0.01): mean / max estimate, pairs ≥ 0.3", pairs, sc.name),
			fmt.Sprintf("%.3f / %.3f, %d", so/float64(pairs), mo, ho), fmt.Sprintf("%.3f / %.3f, %d", sp/float64(pairs), mp, hp)})
	}
	return out
}

func peerSig(p []byte) []uint64 {
	m := minhashlsh.NewMinhash(42, 128)
	for _, s := range wordShingles3(p) {
		m.Push(s)
	}
	return append([]uint64(nil), m.Signature()...)
}

func sigJaccard(a, b []uint64) float64 {
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}
