package match

import (
	"math/bits"
)

// hamIndex finds stored bit strings (stride 64-bit words each: 4 for PDQ, 1
// for SimHash) within a Hamming radius of a query, by multi-index hashing
// (Norouzi et al. 2014; Meta's pdq/cpp/index/mih.h): the hash is cut into
// 16-bit slots; if two hashes differ in at most d bits, some slot differs in
// at most d/nslots bits, so probing every slot value within that radius and
// verifying the candidates finds every match. Below minMIH hashes, or when
// linear is set, it scans.
//
// Immutable once built; safe for concurrent readers.
type hamIndex struct {
	stride int
	n      int
	hashes []uint64 // n*stride
	owner  []uint32 // item number of each hash
	// MIH: for slot s, post[s*n+dir[s*65537+v] : s*n+dir[s*65537+v+1]] are
	// the numbers of the hashes whose slot s has value v.
	dir    []uint32
	post   []uint32
	linear bool
}

const minMIH = 2048

func newHamIndex(stride int, hashes []uint64, owner []uint32, linear bool) *hamIndex {
	h := &hamIndex{stride: stride, n: len(owner), hashes: hashes, owner: owner, linear: linear}
	if !linear && h.n >= minMIH {
		h.buildMIH()
	}
	return h
}

func (h *hamIndex) nslots() int { return h.stride * 4 }

func (h *hamIndex) slot(i, s int) uint32 {
	return uint32(h.hashes[i*h.stride+s/4] >> (16 * uint(s%4)) & 0xffff)
}

func (h *hamIndex) buildMIH() {
	ns, n := h.nslots(), h.n
	h.dir = make([]uint32, ns*65537)
	h.post = make([]uint32, ns*n)
	for s := 0; s < ns; s++ {
		dir := h.dir[s*65537 : (s+1)*65537]
		for i := 0; i < n; i++ {
			dir[h.slot(i, s)+1]++
		}
		for v := 1; v <= 65536; v++ {
			dir[v] += dir[v-1]
		}
		post := h.post[s*n : (s+1)*n]
		fill := make([]uint32, 65536)
		copy(fill, dir[:65536])
		for i := 0; i < n; i++ {
			v := h.slot(i, s)
			post[fill[v]] = uint32(i)
			fill[v]++
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
// maxd of q (len(q) == stride); a hash may be reported more than once.
func (h *hamIndex) search(q []uint64, maxd int, fn func(i, d int)) {
	if h == nil || h.n == 0 {
		return
	}
	if h.dir == nil {
		for i := 0; i < h.n; i++ {
			if d := h.dist(i, q); d <= maxd {
				fn(i, d)
			}
		}
		return
	}
	ns := h.nslots()
	r := maxd / ns
	for s := 0; s < ns; s++ {
		v := uint32(q[s/4] >> (16 * uint(s%4)) & 0xffff)
		h.probe(s, v, r, 0, q, maxd, fn)
	}
}

// probe visits every slot value within radius r of v, flipping bits at
// positions >= from (each value once).
func (h *hamIndex) probe(s int, v uint32, r, from int, q []uint64, maxd int, fn func(i, d int)) {
	dir := h.dir[s*65537:]
	post := h.post[s*h.n:]
	for _, i := range post[dir[v]:dir[v+1]] {
		if d := h.dist(int(i), q); d <= maxd {
			fn(int(i), d)
		}
	}
	if r == 0 {
		return
	}
	for b := from; b < 16; b++ {
		h.probe(s, v^(1<<uint(b)), r-1, b+1, q, maxd, fn)
	}
}

func (h *hamIndex) bytes() int64 {
	if h == nil {
		return 0
	}
	return int64(len(h.hashes))*8 + int64(len(h.owner))*4 + int64(len(h.dir))*4 + int64(len(h.post))*4
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
