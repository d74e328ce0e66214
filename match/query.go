package match

import (
	"cmp"
	"slices"
)

// hit is one raw result before ordering and de-duplication.
type hit struct {
	seg   uint8 // 0 base, 1 delta
	item  uint32
	sig   Signal
	score float64
	dist  int
}

// maxPostings bounds the candidates one containment key may contribute: a
// 5-word window shared by more items than this is a stock phrase, not
// evidence (it is still counted in verification).
const maxPostings = 256

// view is one immutable state of an Index: readers load it atomically.
type view struct {
	base  *segment
	dead  []uint64 // removed base items (bitset); nil when none
	ndead int
	delta *segment // nil when empty
	seq   uint64
}

func (v *view) isDead(i uint32) bool {
	return v.dead != nil && v.dead[i>>6]&(1<<(i&63)) != 0
}

func (v *view) seg(k uint8) *segment {
	if k == 0 {
		return v.base
	}
	return v.delta
}

// candidates appends the items of s whose text keys the query shares
// (after the prefilter) to sc.cands, tagged with segment number k. It
// returns the evidence that passed the prefilter: the number of long-text
// keys that did, or minEvidence for a short text's key.
func (ix *Index) candidates(sc *scratch, v *view, s *segment, k uint8) int {
	if s == nil || s.n == 0 {
		return 0
	}
	fp := &sc.fp
	seed := ix.cfg.seed
	passed := 0
	tag := uint64(k) << 32
	switch fp.kind {
	case textShort:
		if s.bloom.test(keyHash(tagShort, fp.shortKey, seed)) {
			passed = minEvidence
			for _, e := range s.short.lookup(fp.shortKey) {
				if k == 0 && v.isDead(uint32(e)) {
					continue
				}
				sc.hits = append(sc.hits, hit{seg: k, item: uint32(e), sig: SignalTextExact, score: 1})
			}
		}
	case textLong:
		for b, key := range fp.bands {
			key &^= 1
			if !s.bloom.test(keyHash(uint32(b), key, seed)) {
				continue
			}
			passed++
			if s.bloom.test(keyHash(tagSolo+1+uint32(b), key, seed)) {
				passed += minEvidence
			}
			for solo := uint32(0); solo < 2; solo++ {
				for _, e := range s.bands[b].lookup(key | solo) {
					sc.cands = append(sc.cands, tag|uint64(uint32(e)))
				}
			}
		}
		prev := uint32(1) // no key with bit 0 cleared equals it
		for _, key := range fp.win {
			key &^= 1 // the query's solo bits mean nothing
			if key == prev {
				continue // a repeated window counts once
			}
			prev = key
			if !s.bloom.test(keyHash(tagWinnow, key, seed)) {
				continue
			}
			passed++
			if s.bloom.test(keyHash(tagSolo, key, seed)) {
				passed += minEvidence
			}
			for solo := uint32(0); solo < 2; solo++ {
				ent := s.win.lookup(key | solo)
				if len(ent) > maxPostings {
					continue
				}
				for _, e := range ent {
					sc.cands = append(sc.cands, tag|uint64(uint32(e)))
				}
			}
		}
	}
	return passed
}

// minEvidence is the number of keys of a long text that must pass the
// prefilter before its candidates are verified. What unrelated posts share
// with a large index by chance is one key: a common 5-word phrase, one band
// of two MinHash rows, or a Bloom false positive. Near-duplicates share
// several band and containment keys, and a quoted passage long enough to
// be contained shares two containment keys, except when the item's
// selected keys are so sparse (short items, long gaps) that a passage
// around one of them alone can reach the containment thresholds: such keys
// carry the solo bit (textFP.win) and are also in the prefilter under
// tagSolo, which counts as enough evidence by itself.
const minEvidence = 2

// verify checks every candidate against its stored shingle set.
func (ix *Index) verify(sc *scratch, v *view) {
	if len(sc.cands) == 0 {
		return
	}
	slices.Sort(sc.cands)
	sc.cands = slices.Compact(sc.cands)
	q := sc.fp.set
	for _, c := range sc.cands {
		k, it := uint8(c>>32), uint32(c)
		if k == 0 && v.isDead(it) {
			continue
		}
		set := v.seg(k).set(it)
		if len(set) == 0 {
			continue
		}
		inter := intersect(q, set)
		ni := len(set) / 3
		j := float64(inter) / float64(len(q)+ni-inter)
		if j >= ix.cfg.textThreshold {
			sc.hits = append(sc.hits, hit{seg: k, item: it, sig: SignalText, score: j})
			continue
		}
		cont := float64(inter) / float64(ni)
		if cont >= ix.cfg.containThreshold && inter >= min(ix.cfg.minContained, ni) {
			sc.hits = append(sc.hits, hit{seg: k, item: it, sig: SignalContainment, score: cont})
		}
	}
}

func (ix *Index) queryNonText(sc *scratch, v *view, q *Query) {
	for k := uint8(0); k < 2; k++ {
		s := v.seg(k)
		if s == nil || s.n == 0 {
			continue
		}
		alive := func(it uint32) bool { return k != 0 || !v.isDead(it) }
		if len(q.MD5) == 16 {
			s.md5.find(q.MD5, func(it uint32) {
				if alive(it) {
					sc.hits = append(sc.hits, hit{seg: k, item: it, sig: SignalMD5, score: 1})
				}
			})
		}
		if len(q.SHA256) == 32 {
			s.sha.find(q.SHA256, func(it uint32) {
				if alive(it) {
					sc.hits = append(sc.hits, hit{seg: k, item: it, sig: SignalSHA256, score: 1})
				}
			})
		}
		if s.pdq != nil && s.pdq.n > 0 {
			for i := range q.PDQ {
				if q.PDQ[i].IsZero() {
					continue
				}
				w := pdqWords((*[32]byte)(&q.PDQ[i]))
				sc.hbuf = s.pdq.search(w[:], ix.cfg.pdqThreshold, sc.hbuf, func(h, d int) {
					it := s.pdq.owner[h]
					if alive(it) {
						sc.hits = append(sc.hits, hit{seg: k, item: it, sig: SignalPDQ, score: 1 - float64(d)/256, dist: d})
					}
				})
			}
		}
		if s.sim != nil && s.sim.n > 0 && sc.fp.kind == textLong {
			w := [1]uint64{sc.fp.sim}
			sc.hbuf = s.sim.search(w[:], ix.cfg.simhashThreshold, sc.hbuf, func(h, d int) {
				it := s.sim.owner[h]
				if alive(it) {
					sc.hits = append(sc.hits, hit{seg: k, item: it, sig: SignalSimHash, score: 1 - float64(d)/64, dist: d})
				}
			})
		}
	}
}

// PrefilterPasses reports whether text gets past the Bloom prefilter, that
// is, whether any of its lookup keys may be in the index. It is a
// diagnostic (benchmarks measure the pass rate of unrelated posts with it);
// Match applies the prefilter itself.
func (ix *Index) PrefilterPasses(text string) bool {
	v := ix.view.Load()
	sc := ix.fp.pool.Get().(*scratch)
	defer ix.fp.put(sc)
	sc.cands, sc.hits = sc.cands[:0], sc.hits[:0]
	ix.fp.fingerprint(sc, text)
	a := ix.candidates(sc, v, v.base, 0)
	b := ix.candidates(sc, v, v.delta, 1)
	return a+b >= minEvidence
}

// AppendMatches appends the matches of q to dst and returns the extended
// slice. When nothing matches it returns dst unchanged and allocates
// nothing (beyond pooled scratch).
func (ix *Index) AppendMatches(dst []Match, q Query) []Match {
	v := ix.view.Load()
	sc := ix.fp.pool.Get().(*scratch)
	defer ix.fp.put(sc)
	sc.cands = sc.cands[:0]
	sc.hits = sc.hits[:0]
	sc.fp.kind = textNone
	if q.Text != "" {
		ix.fp.fingerprint(sc, q.Text)
		a := ix.candidates(sc, v, v.base, 0)
		b := ix.candidates(sc, v, v.delta, 1)
		if a+b >= minEvidence {
			ix.verify(sc, v)
		}
	}
	if len(q.MD5) > 0 || len(q.SHA256) > 0 || len(q.PDQ) > 0 || (sc.fp.kind == textLong && ix.cfg.simhashThreshold >= 0) {
		ix.queryNonText(sc, v, &q)
	}
	if len(sc.hits) == 0 {
		return dst
	}
	// One hit per (segment, item, signal): the best.
	h := sc.hits
	slices.SortFunc(h, func(a, b hit) int {
		if c := cmp.Compare(a.seg, b.seg); c != 0 {
			return c
		}
		if c := cmp.Compare(a.item, b.item); c != 0 {
			return c
		}
		if c := cmp.Compare(a.sig, b.sig); c != 0 {
			return c
		}
		return cmp.Compare(b.score, a.score)
	})
	h = slices.CompactFunc(h, func(a, b hit) bool { return a.seg == b.seg && a.item == b.item && a.sig == b.sig })
	slices.SortStableFunc(h, func(a, b hit) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.sig, b.sig)
	})
	for _, x := range h {
		s := v.seg(x.seg)
		m := Match{
			ItemID:   s.id(x.item),
			Label:    s.labels[s.labelIdx[x.item]],
			Meta:     s.meta[x.item],
			Signal:   x.sig,
			Score:    x.score,
			Distance: x.dist,
		}
		switch x.sig {
		case SignalText, SignalContainment:
			m.Spans = spansOf(nil, sc.shs, s.set(x.item))
		case SignalTextExact:
			if n := len(sc.shs); n > 0 {
				m.Spans = [][2]int{{int(sc.shs[0].Start), int(sc.shs[n-1].End)}}
			}
		}
		dst = append(dst, m)
	}
	return dst
}
