package match

import (
	"encoding/binary"
	"math"
	"slices"

	"github.com/zeebo/xxh3"
)

// prepared is an item with its fingerprints computed, ready to be indexed.
type prepared struct {
	id, label string
	meta      map[string]string
	text      textFP
	pdq       [][4]uint64
	md5       []byte // 16 bytes or nil
	sha       []byte // 32 bytes or nil
}

// segment is an immutable set of items with all their lookup structures.
// An index is a large base segment plus a small delta segment (see view).
// Item numbers are local to a segment, in insertion order.
type segment struct {
	n int

	idArena  []byte
	idOff    []uint32 // n+1
	labelIdx []uint32 // n, index into labels
	labels   []string
	meta     map[uint32]map[string]string

	kind     []uint8  // n, textNone/textShort/textLong
	setOff   []uint32 // n+1, in values, into setArena
	setArena []byte   // verification shingle sets (long texts): sorted distinct 24-bit values, 3 bytes each, big-endian

	bands []table // one per LSH band, key = band key
	win   table   // containment keys
	short table   // short-text keys
	ids   table   // key = hash of the ID

	md5   digests
	sha   digests
	pdq   *hamIndex
	sim   *hamIndex
	simOn bool

	bloom     *prefilter
	bloomKeys int  // keys set in bloom (including those of removed items)
	bloomCap  int  // keys bloom was sized for
	canonical bool // bloom holds exactly the keys of the live items, sized for them

	preps []prepared // kept by delta segments only, to rebuild them
}

// digests stores fixed-size digests of some items: a table keyed by their
// first 4 bytes, and the full digests in item order for verification.
type digests struct {
	size  int
	tab   table
	items []uint32 // sorted item numbers
	dig   []byte   // size bytes per entry of items
}

func (d *digests) get(item uint32) []byte {
	i, ok := slices.BinarySearch(d.items, item)
	if !ok {
		return nil
	}
	return d.dig[i*d.size : (i+1)*d.size]
}

func (d *digests) find(q []byte, fn func(item uint32)) {
	if len(q) != d.size || len(d.items) == 0 {
		return
	}
	for _, e := range d.tab.lookup(binary.LittleEndian.Uint32(q)) {
		if it := uint32(e); string(d.get(it)) == string(q) {
			fn(it)
		}
	}
}

func buildDigests(size int, items []uint32, dig []byte) digests {
	d := digests{size: size, items: items, dig: dig}
	ent := make([]uint64, len(items))
	for i, it := range items {
		ent[i] = uint64(binary.LittleEndian.Uint32(dig[i*size:]))<<32 | uint64(it)
	}
	d.tab = newTable(ent)
	return d
}

func idKey(id string) uint32 { return uint32(xxh3.HashString(id)) }

func (s *segment) id(i uint32) string {
	return string(s.idArena[s.idOff[i]:s.idOff[i+1]])
}

func (s *segment) idBytes(i uint32) []byte { return s.idArena[s.idOff[i]:s.idOff[i+1]] }

func (s *segment) set(i uint32) []byte { return s.setArena[3*s.setOff[i] : 3*s.setOff[i+1]] }

// find returns the item number of id, or -1.
func (s *segment) find(id string) int {
	if s == nil {
		return -1
	}
	for _, e := range s.ids.lookup(idKey(id)) {
		if string(s.idBytes(uint32(e))) == id {
			return int(uint32(e))
		}
	}
	return -1
}

// keysPerQuery is the number of prefilter tests a typical query (a 50-word
// post) makes: one per band plus its winnowed containment keys.
func keysPerQuery(c *config) float64 {
	return float64(c.bands) + 2*46/float64(c.window+1)
}

// perKeyRate is the per-key false-positive rate at which a query testing
// k keys passes the prefilter by false positives alone with probability
// about p/4 (the rest of p is left to keys unrelated posts genuinely share
// with the index). A long text passes on minEvidence (2) keys, so that
// takes two false positives: one of the k(k-1)/2 pairs of keys, or one of
// the k keys and its solo twin (tested only after the key), k(k+1)/2
// chances of r^2.
func perKeyRate(p, k float64) float64 {
	return math.Sqrt(p / 4 / (k * (k + 1) / 2))
}

// buildSegment indexes preps (in order) into a new segment.
func buildSegment(c *config, preps []prepared, keepPreps bool) *segment {
	s := &segment{n: len(preps), simOn: c.simhashThreshold >= 0}
	s.idOff = make([]uint32, 1, len(preps)+1)
	s.labelIdx = make([]uint32, len(preps))
	s.kind = make([]uint8, len(preps))
	s.setOff = make([]uint32, 1, len(preps)+1)
	labelOf := map[string]uint32{}
	s.bands = make([]table, c.bands)
	bandEnt := make([][]uint64, c.bands)
	var winEnt, shortEnt, idEnt []uint64
	var md5Items, shaItems []uint32
	var md5Dig, shaDig []byte
	var pdqW []uint64
	var pdqOwner []uint32
	var simW []uint64
	var simOwner []uint32
	nLong := 0
	for _, p := range preps {
		if p.text.kind == textLong {
			nLong++
		}
	}
	for b := range bandEnt {
		bandEnt[b] = make([]uint64, 0, nLong)
	}
	for i, p := range preps {
		it := uint64(i)
		s.idArena = append(s.idArena, p.id...)
		s.idOff = append(s.idOff, uint32(len(s.idArena)))
		idEnt = append(idEnt, uint64(idKey(p.id))<<32|it)
		l, ok := labelOf[p.label]
		if !ok {
			l = uint32(len(s.labels))
			labelOf[p.label] = l
			s.labels = append(s.labels, p.label)
		}
		s.labelIdx[i] = l
		if len(p.meta) > 0 {
			if s.meta == nil {
				s.meta = map[uint32]map[string]string{}
			}
			s.meta[uint32(i)] = p.meta
		}
		t := &p.text
		s.kind[i] = t.kind
		switch t.kind {
		case textShort:
			shortEnt = append(shortEnt, uint64(t.shortKey)<<32|it)
		case textLong:
			for _, v := range t.set {
				s.setArena = append(s.setArena, byte(v>>16), byte(v>>8), byte(v))
			}
			for b, k := range t.bands {
				bandEnt[b] = append(bandEnt[b], uint64(k)<<32|it)
			}
			for _, k := range t.win {
				winEnt = append(winEnt, uint64(k)<<32|it)
			}
			if s.simOn {
				simW = append(simW, t.sim)
				simOwner = append(simOwner, uint32(i))
			}
		}
		s.setOff = append(s.setOff, uint32(len(s.setArena)/3))
		if p.md5 != nil {
			md5Items = append(md5Items, uint32(i))
			md5Dig = append(md5Dig, p.md5...)
		}
		if p.sha != nil {
			shaItems = append(shaItems, uint32(i))
			shaDig = append(shaDig, p.sha...)
		}
		for _, h := range p.pdq {
			pdqW = append(pdqW, h[:]...)
			pdqOwner = append(pdqOwner, uint32(i))
		}
	}
	for b := range bandEnt {
		s.bands[b] = newTable(bandEnt[b])
	}
	s.win = newTable(winEnt)
	s.short = newTable(shortEnt)
	s.ids = newTable(idEnt)
	s.md5 = buildDigests(16, md5Items, md5Dig)
	s.sha = buildDigests(32, shaItems, shaDig)
	s.pdq = newHamIndex(4, pdqW, pdqOwner, c.pdqLinear)
	if s.simOn {
		s.sim = newHamIndex(1, simW, simOwner, false)
	}
	s.rebuildBloom(c, nil)
	if keepPreps {
		s.preps = preps
	}
	return s
}

// eachKey calls fn with the prefilter hash of every text key of s's items
// that are alive (dead == nil or bit clear).
func (s *segment) eachKey(seed uint64, dead []uint64, fn func(h uint64)) {
	alive := func(e uint64) bool {
		i := uint32(e)
		return dead == nil || dead[i>>6]&(1<<(i&63)) == 0
	}
	for b := range s.bands {
		for _, e := range s.bands[b].ent {
			if alive(e) {
				k := uint32(e>>32) &^ 1
				fn(keyHash(uint32(b), k, seed))
				if e&(1<<32) != 0 {
					fn(keyHash(tagSolo+1+uint32(b), k, seed))
				}
			}
		}
	}
	// Containment keys shared by more than maxPostings items propose no
	// candidates (see candidates), so they stay out of the prefilter.
	ent := s.win.ent
	for i := 0; i < len(ent); {
		j := i + 1
		for j < len(ent) && ent[j]>>32 == ent[i]>>32 {
			j++
		}
		if j-i <= maxPostings {
			for _, e := range ent[i:j] {
				if alive(e) {
					k := uint32(e>>32) &^ 1
					fn(keyHash(tagWinnow, k, seed))
					if e&(1<<32) != 0 {
						fn(keyHash(tagSolo, k, seed))
					}
				}
			}
		}
		i = j
	}
	for _, e := range s.short.ent {
		if alive(e) {
			fn(keyHash(tagShort, uint32(e>>32), seed))
		}
	}
}

func (s *segment) numKeys() int {
	n := len(s.win.ent) + len(s.short.ent)
	for _, e := range s.win.ent {
		n += int(e >> 32 & 1) // solo keys are set twice
	}
	for b := range s.bands {
		n += len(s.bands[b].ent)
		for _, e := range s.bands[b].ent {
			n += int(e >> 32 & 1)
		}
	}
	return n
}

// rebuildBloom sizes a fresh prefilter for s's live keys and fills it.
func (s *segment) rebuildBloom(c *config, dead []uint64) {
	n := s.numKeys()
	s.bloom = newPrefilter(n, c.bloom)
	cnt := 0
	s.eachKey(c.seed, dead, func(h uint64) { s.bloom.add(h); cnt++ })
	s.bloomKeys, s.bloomCap, s.canonical = cnt, n, dead == nil
}

// mergeSegments returns a new segment holding base's items whose dead bit is
// clear, in order, followed by extra's items, in order.
func mergeSegments(c *config, base *segment, dead []uint64, extra *segment) *segment {
	if base == nil || base.n == 0 {
		if extra == nil {
			return buildSegment(c, nil, false)
		}
		e := *extra
		e.preps = nil
		return &e
	}
	if extra == nil {
		extra = buildSegment(c, nil, false)
	}
	isDead := func(i int) bool { return dead != nil && dead[i>>6]&(1<<(i&63)) != 0 }
	var remap []uint32
	nAlive := base.n
	if dead != nil {
		remap = make([]uint32, base.n)
		nAlive = 0
		for i := 0; i < base.n; i++ {
			if isDead(i) {
				remap[i] = noItem
			} else {
				remap[i] = uint32(nAlive)
				nAlive++
			}
		}
	}
	off := uint64(nAlive)
	shift := func(ent []uint64) []uint64 {
		out := make([]uint64, len(ent))
		for i, e := range ent {
			out[i] = e + off
		}
		return out
	}
	s := &segment{n: nAlive + extra.n, simOn: base.simOn}
	// Items.
	s.idOff = make([]uint32, 1, s.n+1)
	s.labelIdx = make([]uint32, 0, s.n)
	s.kind = make([]uint8, 0, s.n)
	s.setOff = make([]uint32, 1, s.n+1)
	labelOf := map[string]uint32{}
	addLabel := func(l string) uint32 {
		x, ok := labelOf[l]
		if !ok {
			x = uint32(len(s.labels))
			labelOf[l] = x
			s.labels = append(s.labels, l)
		}
		return x
	}
	copyItem := func(src *segment, i uint32, to uint32) {
		s.idArena = append(s.idArena, src.idBytes(i)...)
		s.idOff = append(s.idOff, uint32(len(s.idArena)))
		s.labelIdx = append(s.labelIdx, addLabel(src.labels[src.labelIdx[i]]))
		s.kind = append(s.kind, src.kind[i])
		s.setArena = append(s.setArena, src.set(i)...)
		s.setOff = append(s.setOff, uint32(len(s.setArena)/3))
		if m := src.meta[i]; m != nil {
			if s.meta == nil {
				s.meta = map[uint32]map[string]string{}
			}
			s.meta[to] = m
		}
	}
	s.idArena = make([]byte, 0, len(base.idArena)+len(extra.idArena))
	s.setArena = make([]byte, 0, len(base.setArena)+len(extra.setArena))
	for i := 0; i < base.n; i++ {
		if !isDead(i) {
			copyItem(base, uint32(i), uint32(len(s.kind)))
		}
	}
	for i := 0; i < extra.n; i++ {
		copyItem(extra, uint32(i), uint32(len(s.kind)))
	}
	// Tables.
	s.bands = make([]table, len(base.bands))
	for b := range s.bands {
		s.bands[b] = tableFromSorted(mergeEntries(base.bands[b].ent, remap, shift(extra.bands[b].ent)))
	}
	s.win = tableFromSorted(mergeEntries(base.win.ent, remap, shift(extra.win.ent)))
	s.short = tableFromSorted(mergeEntries(base.short.ent, remap, shift(extra.short.ent)))
	s.ids = tableFromSorted(mergeEntries(base.ids.ent, remap, shift(extra.ids.ent)))
	s.md5 = mergeDigests(&base.md5, remap, &extra.md5, off)
	s.sha = mergeDigests(&base.sha, remap, &extra.sha, off)
	s.pdq = mergeHam(c, base.pdq, remap, extra.pdq, off, 4, c.pdqLinear)
	if s.simOn {
		s.sim = mergeHam(c, base.sim, remap, extra.sim, off, 1, false)
	}
	// Prefilter: extend a copy of base's when it has room, else rebuild.
	newKeys := extra.numKeys()
	if base.bloomKeys+newKeys <= base.bloomCap+base.bloomCap/8 && dead == nil {
		words := slices.Clone(base.bloom.words)
		s.bloom = prefilterFrom(words, base.bloom.k)
		extra.eachKey(c.seed, nil, s.bloom.add)
		s.bloomKeys, s.bloomCap, s.canonical = base.bloomKeys+newKeys, base.bloomCap, false
	} else {
		s.rebuildBloom(c, nil)
	}
	return s
}

func mergeDigests(a *digests, remap []uint32, b *digests, off uint64) digests {
	var items []uint32
	var dig []byte
	for i, it := range a.items {
		if remap != nil {
			if remap[it] == noItem {
				continue
			}
			it = remap[it]
		}
		items = append(items, it)
		dig = append(dig, a.dig[i*a.size:(i+1)*a.size]...)
	}
	for i, it := range b.items {
		items = append(items, it+uint32(off))
		dig = append(dig, b.dig[i*b.size:(i+1)*b.size]...)
	}
	return buildDigests(a.size, items, dig)
}

func mergeHam(c *config, a *hamIndex, remap []uint32, b *hamIndex, off uint64, stride int, linear bool) *hamIndex {
	var w []uint64
	var owner []uint32
	if a != nil {
		for i, o := range a.owner {
			if remap != nil {
				if remap[o] == noItem {
					continue
				}
				o = remap[o]
			}
			w = append(w, a.hashes[i*stride:(i+1)*stride]...)
			owner = append(owner, o)
		}
	}
	if b != nil {
		for i, o := range b.owner {
			w = append(w, b.hashes[i*stride:(i+1)*stride]...)
			owner = append(owner, o+uint32(off))
		}
	}
	if a != nil && remap == nil && (b == nil || b.n == 0) {
		return a
	}
	return newHamIndex(stride, w, owner, linear)
}

func (s *segment) bytes() int64 {
	if s == nil {
		return 0
	}
	n := int64(len(s.idArena)) + int64(len(s.idOff))*4 + int64(len(s.labelIdx))*4 + int64(len(s.kind)) +
		int64(len(s.setOff))*4 + int64(len(s.setArena))
	for b := range s.bands {
		n += s.bands[b].bytes()
	}
	n += s.win.bytes() + s.short.bytes() + s.ids.bytes()
	n += s.md5.tab.bytes() + int64(len(s.md5.items))*4 + int64(len(s.md5.dig))
	n += s.sha.tab.bytes() + int64(len(s.sha.items))*4 + int64(len(s.sha.dig))
	n += s.pdq.bytes() + s.sim.bytes()
	if s.bloom != nil {
		n += s.bloom.bytes()
	}
	for _, l := range s.labels {
		n += int64(len(l)) + 16
	}
	for _, m := range s.meta {
		n += 48
		for k, v := range m {
			n += int64(len(k)+len(v)) + 32
		}
	}
	return n
}
