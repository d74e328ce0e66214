package match

import (
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/gharbal/gharbal/fingerprint/minhash"
	"github.com/gharbal/gharbal/fingerprint/shingle"
	"github.com/gharbal/gharbal/fingerprint/simhash"
	"github.com/gharbal/gharbal/normalize"
)

// shingleN is the number of words per shingle. The truth of the synthetic
// benchmark (research/neardup.md §4) and the default thresholds are defined
// on word 3-shingles.
const shingleN = 3

// minShingles is the number of shingles of a text of MinTextTokens tokens.
const minShingles = MinTextTokens - shingleN + 1

// keyGap is the distance in shingles between the two shingles a
// containment key combines: 2 gives 5-word windows.
const keyGap = 2

// fingerprinter turns texts into the keys and sets the index stores. It is
// immutable and safe for concurrent use; per-call buffers come from a pool.
type fingerprinter struct {
	sh     *shingle.Shingler
	mh     *minhash.Hasher
	sim    *simhash.Hasher // nil unless the SimHash signal is enabled
	bands  int
	rows   int
	window int
	seed   uint64
	// containment thresholds, for the solo bit of containment keys
	contain      float64
	minContained int
	pool         sync.Pool // *scratch
}

// soloSlack is how many keys beyond its neighbours' span a passage around a
// selected containment key is assumed to reach when deciding whether that
// key alone may have to find the item (see textFP.win).
const soloSlack = 4

// bandSoloKeys: the band keys of an item with a solo containment key are
// solo too when it has at most this many containment keys (a short item,
// whose quotes may share one band key and no containment key). More would
// let more unrelated posts through (in 50-word posts, 1.3% of band keys are
// solo at 3, 12% at 4).
const bandSoloKeys = 3

func newFingerprinter(c *config) (*fingerprinter, error) {
	p, err := normalize.New(c.level, c.lang)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidOption, err)
	}
	sh, err := shingle.New(p, shingle.WithKind(shingle.Words), shingle.WithN(shingleN), shingle.WithSeed(c.seed))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidOption, err)
	}
	mh, err := minhash.New(minhash.WithSize(c.bands*c.rows), minhash.WithSeed(c.seed), minhash.WithShingler(sh))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidOption, err)
	}
	f := &fingerprinter{sh: sh, mh: mh, bands: c.bands, rows: c.rows, window: c.window, seed: c.seed,
		contain: c.containThreshold, minContained: c.minContained}
	if c.simhashThreshold >= 0 {
		f.sim, err = simhash.New(simhash.WithSeed(c.seed), simhash.WithShingler(sh))
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidOption, err)
		}
	}
	f.pool.New = func() any { return new(scratch) }
	return f, nil
}

// scratch holds the per-text buffers of one fingerprinting or query call.
type scratch struct {
	shs    []shingle.Shingle
	hashes []uint64
	sig    minhash.Signature
	bkeys  []uint64
	ck     []shingle.Shingle
	win    []shingle.Shingle
	set    []uint32
	cands  []uint64 // seg<<32 | item
	hits   []hit
	hbuf   []uint32 // Hamming search scratch
	fp     textFP
}

// maxPooled bounds the shingles a pooled scratch keeps between calls, so
// one huge post does not pin its buffers for the life of the process.
const maxPooled = 1 << 14

// put returns sc to the pool, dropping buffers grown by a huge text.
func (f *fingerprinter) put(sc *scratch) {
	if cap(sc.shs) > maxPooled || cap(sc.cands) > 4*maxPooled || cap(sc.hits) > maxPooled || cap(sc.hbuf) > 16*maxPooled {
		*sc = scratch{}
	}
	f.pool.Put(sc)
}

// textFP is a text's fingerprint. Slices alias the scratch they were made
// in unless copied (see textFP.clone).
type textFP struct {
	kind     uint8 // 0 no text, 1 short, 2 long
	shortKey uint32
	set      []uint32 // sorted distinct 24-bit shingle values (long), see fold24
	bands    []uint32 // one key per band (long)
	// win holds the winnowed containment keys (long), sorted distinct;
	// bit 0 of each is its solo bit: set when a passage the item shares
	// with a query through this key alone can be long enough to match
	// (see minEvidence), so the key alone gets a query past the prefilter.
	win []uint32
	sim uint64
}

const (
	textNone  = 0
	textShort = 1
	textLong  = 2
)

func (t *textFP) clone() textFP {
	c := *t
	c.set = slices.Clone(t.set)
	c.bands = slices.Clone(t.bands)
	c.win = slices.Clone(t.win)
	return c
}

func fold32(x uint64) uint32 { return uint32(x ^ x>>32) }

// fold24 is the 24-bit value of a shingle hash kept for verification: two
// distinct shingles of an item and a query agree with probability 2^-24, so
// a 50-word post compared with a 50-word item gains a spurious common
// shingle with probability 1.4e-4 (Jaccard then off by about 1/96).
func fold24(x uint64) uint32 { return uint32(x >> 40) }

// fingerprint computes text's fingerprint into sc.fp (and sc.shs: the
// shingles with their spans in text).
func (f *fingerprinter) fingerprint(sc *scratch, text string) {
	sc.shs = f.sh.AppendShinglesString(sc.shs[:0], text)
	fp := &sc.fp
	*fp = textFP{set: sc.set[:0], bands: fp.bands[:0], win: fp.win[:0]}
	n := len(sc.shs)
	switch {
	case n == 0:
		return
	case n < minShingles:
		fp.kind = textShort
		acc := uint64(n) ^ f.seed ^ 0x5348_4f52_5400_0000
		for _, s := range sc.shs {
			acc = mix64(acc ^ s.Hash)
		}
		fp.shortKey = fold32(acc)
		return
	}
	fp.kind = textLong
	sc.hashes = sc.hashes[:0]
	for _, s := range sc.shs {
		sc.hashes = append(sc.hashes, s.Hash)
		fp.set = append(fp.set, fold24(s.Hash))
	}
	slices.Sort(fp.set)
	fp.set = slices.Compact(fp.set)
	sc.set = fp.set
	f.mh.SumInto(&sc.sig, sc.hashes)
	sc.bkeys = sc.sig.BandKeys(sc.bkeys[:0], f.bands, f.rows)
	// Containment keys: one per 5-word window (shingles i and i+2), then
	// winnowed.
	sc.ck = sc.ck[:0]
	for i := 0; i+keyGap < n; i++ {
		k := mix64(sc.shs[i].Hash*0x9e3779b185ebca87 ^ (sc.shs[i+keyGap].Hash<<29 | sc.shs[i+keyGap].Hash>>35) ^ f.seed)
		sc.ck = append(sc.ck, shingle.Shingle{Hash: k, Start: sc.shs[i].Start, End: sc.shs[i+keyGap].End})
	}
	sc.win = shingle.Winnow(sc.win[:0], sc.ck, f.window)
	ni := len(fp.set)
	need := max(min(f.minContained, ni), int(math.Ceil(f.contain*float64(ni))))
	pos, prev, anySolo := 0, -1, uint32(0)
	for j, s := range sc.win {
		for pos < len(sc.ck) && sc.ck[pos].Start < s.Start {
			pos++
		}
		next := len(sc.ck)
		if j+1 < len(sc.win) {
			next = pos + 1
			for next < len(sc.ck) && sc.ck[next].Start < sc.win[j+1].Start {
				next++
			}
		}
		// A passage that shares no other selected key with the item spans
		// at most the containment keys strictly between the neighbouring
		// selected keys, next-prev-1 of them (+2 shingles), and a query's
		// own selection may miss a neighbour near the passage's edge
		// (soloSlack keys).
		solo := uint32(0)
		if next-prev-1+shingleN-1+soloSlack >= need {
			solo = 1
		}
		fp.win = append(fp.win, fold32(s.Hash)&^1|solo)
		anySolo |= solo
		prev = pos
	}
	// An item with a solo containment key and few keys is short enough that
	// a passage of it may share a single band key and no containment key.
	if len(sc.win) > bandSoloKeys {
		anySolo = 0
	}
	for _, k := range sc.bkeys {
		fp.bands = append(fp.bands, fold32(k)&^1|anySolo)
	}
	slices.Sort(fp.win)
	fp.win = slices.Compact(fp.win)
	if f.sim != nil {
		fp.sim = f.sim.Sum(sc.hashes, nil).Bits()
	}
}

// intersect returns |a ∩ b| of a sorted distinct slice and a packed
// 24-bit set (3 bytes per value, big-endian, sorted distinct).
func intersect(a []uint32, b []byte) int {
	i, j, n := 0, 0, 0
	for i < len(a) && j+3 <= len(b) {
		y := uint32(b[j])<<16 | uint32(b[j+1])<<8 | uint32(b[j+2])
		switch {
		case a[i] < y:
			i++
		case a[i] > y:
			j += 3
		default:
			n++
			i++
			j += 3
		}
	}
	return n
}

// has24 reports whether the packed set holds v.
func has24(set []byte, v uint32) bool {
	lo, hi := 0, len(set)/3
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		y := uint32(set[3*m])<<16 | uint32(set[3*m+1])<<8 | uint32(set[3*m+2])
		switch {
		case y < v:
			lo = m + 1
		case y > v:
			hi = m
		default:
			return true
		}
	}
	return false
}

// spansOf appends to dst the merged byte spans of the query shingles whose
// value is in set.
func spansOf(dst [][2]int, shs []shingle.Shingle, set []byte) [][2]int {
	for _, s := range shs {
		if !has24(set, fold24(s.Hash)) {
			continue
		}
		st, en := int(s.Start), int(s.End)
		if k := len(dst) - 1; k >= 0 && st <= dst[k][1] {
			if en > dst[k][1] {
				dst[k][1] = en
			}
			continue
		}
		dst = append(dst, [2]int{st, en})
	}
	return dst
}
