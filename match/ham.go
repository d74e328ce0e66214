package match

import (
	"math/bits"
)

// hamIndex finds stored bit strings (stride 64-bit words each: 4 for PDQ, 1
// for SimHash) within a Hamming radius of a query, by multi-index hashing
// (Norouzi et al. 2014; Meta's pdq/cpp/index/mih.h): the hash is cut into
// ns slots; if two hashes differ in at most d bits, some slot differs in at
// most d/ns bits, so probing every slot value within that radius and
// verifying the candidates finds every match. Below minMIH hashes, or when
// linear is set, it scans.
//
// The slot count balances the two costs of a query, probes (one per slot
// value within the radius) and candidates (n / 2^width per probe): 16 slots
// of 16 bits (radius 1 at d = 31, as Meta's reference and HMA use) up to 4
// million PDQ hashes, then 11 slots of 23-24 bits (radius 2, and 1 in the
// last slot: see search), which probe 8x fewer candidates at 10^7 hashes
// for 47 bytes more per hash of directories.
//
// Immutable once built; safe for concurrent readers.
type hamIndex struct {
	stride int
	n      int
	hashes []uint64 // n*stride
	owner  []uint32 // item number of each hash
	// MIH: slot s covers bits [off[s], off[s]+width[s]) of the hash; for
	// slot value v, post[s*n+dir[dirOff[s]+v] : s*n+dir[dirOff[s]+v+1]] are
	// the numbers of the hashes whose slot s has value v.
	off, width []uint8
	dirOff     []int
	dir        []uint32
	// occ (wide slots only): bit v of slot s's bitmap, at
	// occ[occOff[s]+v/64], is set when value v has hashes. Most probes of
	// wide slots find nothing; the bitmap (1/32 of the directory) answers
	// them from cache.
	occOff []int
	occ    []uint64
	post   []uint32
	linear bool
}

const minMIH = 2048

// wideMIH is the number of PDQ hashes from which 11 wide slots beat 16
// (a variable for tests).
var wideMIH = 4_000_000

func newHamIndex(stride int, hashes []uint64, owner []uint32, linear bool) *hamIndex {
	h := &hamIndex{stride: stride, n: len(owner), hashes: hashes, owner: owner, linear: linear}
	if !linear && h.n >= minMIH {
		ns := stride * 4
		if stride == 4 && h.n >= wideMIH {
			ns = 11
		}
		h.buildMIH(ns)
	}
	return h
}

// slotValue extracts w bits at bit offset off of the hash q (bit k is bit
// k%64 of word k/64).
func slotValue(q []uint64, off, w uint) uint32 {
	i, sh := off/64, off%64
	v := q[i] >> sh
	if sh+w > 64 {
		v |= q[i+1] << (64 - sh)
	}
	return uint32(v & (1<<w - 1))
}

func (h *hamIndex) buildMIH(ns int) {
	total := 64 * h.stride
	n := h.n
	h.off = make([]uint8, ns)
	h.width = make([]uint8, ns)
	h.dirOff = make([]int, ns+1)
	o := 0
	for s := 0; s < ns; s++ {
		w := total / ns
		if s < total%ns {
			w++
		}
		h.off[s], h.width[s] = uint8(o), uint8(w)
		o += w
		h.dirOff[s+1] = h.dirOff[s] + 1<<w + 1
	}
	h.dir = make([]uint32, h.dirOff[ns])
	h.post = make([]uint32, ns*n)
	vals := make([]uint32, n)
	for s := 0; s < ns; s++ {
		off, w := uint(h.off[s]), uint(h.width[s])
		dir := h.dir[h.dirOff[s]:h.dirOff[s+1]]
		for i := 0; i < n; i++ {
			vals[i] = slotValue(h.hashes[i*h.stride:], off, w)
			dir[vals[i]+1]++
		}
		for v := 1; v < len(dir); v++ {
			dir[v] += dir[v-1]
		}
		post := h.post[s*n : (s+1)*n]
		for i := n - 1; i >= 0; i-- { // stable: hash numbers ascend per value
			v := vals[i]
			dir[v+1]--
			post[dir[v+1]] = uint32(i)
		}
		// dir[v+1] now holds the start of value v; shift back.
		copy(dir[:len(dir)-1], dir[1:])
		dir[len(dir)-1] = uint32(n)
	}
	if ns < 16 {
		h.occOff = make([]int, ns+1)
		for s := 0; s < ns; s++ {
			h.occOff[s+1] = h.occOff[s] + (1<<h.width[s]+63)/64
		}
		h.occ = make([]uint64, h.occOff[ns])
		for s := 0; s < ns; s++ {
			dir := h.dir[h.dirOff[s]:h.dirOff[s+1]]
			occ := h.occ[h.occOff[s]:h.occOff[s+1]]
			for v := 0; v+1 < len(dir); v++ {
				if dir[v+1] > dir[v] {
					occ[v>>6] |= 1 << (v & 63)
				}
			}
		}
	}
}

func (h *hamIndex) dist(i int, q []uint64) int {
	d := 0
	w := h.hashes[i*h.stride : i*h.stride+h.stride]
	for j := range w {
		d += bits.OnesCount64(w[j] ^ q[j])
	}
	return d
}

// search calls fn(hash number, distance) for every stored hash within
// maxd of q (len(q) == stride); a hash may be reported more than once. buf
// is scratch space (returned, possibly grown) so that steady-state searches
// allocate nothing.
//
// The probes of a slot are enumerated first and their buckets read in one
// loop, and the candidates verified in another, so that the processor
// overlaps the cache misses instead of taking them one after another.
func (h *hamIndex) search(q []uint64, maxd int, buf []uint32, fn func(i, d int)) []uint32 {
	if h == nil || h.n == 0 {
		return buf
	}
	if h.dir == nil {
		for i := 0; i < h.n; i++ {
			if d := h.dist(i, q); d <= maxd {
				fn(i, d)
			}
		}
		return buf
	}
	ns := len(h.off)
	// Generalized pigeonhole (Qin et al. 2018): if slot s is probed within
	// radius r_s, a hash is missed only when every slot differs by more
	// than r_s, that is by at least sum(r_s+1) bits in all; so the radii
	// need only sum(r_s+1) > maxd. maxd/ns in every slot leaves
	// ns*(maxd/ns+1) - (maxd+1) to spare: that many slots are probed one
	// bit less, the last (narrowest, most candidates per probe) first. At
	// 11 slots and maxd 31 one 23-bit slot probes 24 values, not 277.
	r := maxd / ns
	spare := ns*(r+1) - (maxd + 1)
	for s := 0; s < ns; s++ {
		rs := r
		if s >= ns-spare {
			rs--
		}
		if rs < 0 {
			continue
		}
		v := slotValue(q, uint(h.off[s]), uint(h.width[s]))
		vals := appendNeighbors(buf[:0], v, int(h.width[s]), rs)
		dir := h.dir[h.dirOff[s]:h.dirOff[s+1]]
		post := h.post[s*h.n : (s+1)*h.n]
		nv := len(vals)
		if h.occ != nil {
			occ := h.occ[h.occOff[s]:h.occOff[s+1]]
			for k := 0; k < nv; k++ {
				if x := vals[k]; occ[x>>6]&(1<<(x&63)) != 0 {
					vals = append(vals, post[dir[x]:dir[x+1]]...)
				}
			}
		} else {
			for k := 0; k < nv; k++ {
				x := vals[k]
				vals = append(vals, post[dir[x]:dir[x+1]]...)
			}
		}
		for _, i := range vals[nv:] {
			if d := h.dist(int(i), q); d <= maxd {
				fn(int(i), d)
			}
		}
		buf = vals
	}
	return buf
}

// appendNeighbors appends every value within Hamming distance r of v in
// the low w bits (v itself first).
func appendNeighbors(dst []uint32, v uint32, w, r int) []uint32 {
	dst = append(dst, v)
	if r == 0 {
		return dst
	}
	for b := 0; b < w; b++ {
		dst = appendFlips(dst, v^1<<uint(b), w, r-1, b+1)
	}
	return dst
}

func appendFlips(dst []uint32, v uint32, w, r, from int) []uint32 {
	dst = append(dst, v)
	if r == 0 {
		return dst
	}
	for b := from; b < w; b++ {
		dst = appendFlips(dst, v^1<<uint(b), w, r-1, b+1)
	}
	return dst
}

func (h *hamIndex) bytes() int64 {
	if h == nil {
		return 0
	}
	return int64(len(h.hashes))*8 + int64(len(h.owner))*4 + int64(len(h.dir))*4 + int64(len(h.post))*4 + int64(len(h.occ))*8
}

// pdqWords converts a PDQ hash (bytes in hex order) to 4 words; any fixed
// bijection works for Hamming distance.
func pdqWords(b *[32]byte) [4]uint64 {
	var w [4]uint64
	for j := 0; j < 4; j++ {
		var x uint64
		for k := 0; k < 8; k++ {
			x = x<<8 | uint64(b[j*8+k])
		}
		w[j] = x
	}
	return w
}

func wordsPDQ(w []uint64) (b [32]byte) {
	for j := 0; j < 4; j++ {
		x := w[j]
		for k := 7; k >= 0; k-- {
			b[j*8+k] = byte(x)
			x >>= 8
		}
	}
	return b
}
