package match

import (
	"math"
	"math/bits"
	"sync"

	"github.com/bits-and-blooms/bloom/v3"
)

// prefilter is a cache-blocked Bloom filter over the index's lookup keys: all
// k bits of a key lie in one 512-bit block (one cache line), so a negative
// test costs one memory access. Storage and sizing come from
// bits-and-blooms/bloom/v3 (EstimateParameters, FromWithM); the bit
// positions are our own (the package's TestLocations divides per probe and
// spreads a key over k cache lines). Keys are 64-bit values that are already
// well mixed (see keyHash).
//
// A prefilter is immutable once built, except through add by its single
// owner before it is published; concurrent readers are safe.
type prefilter struct {
	f       *bloom.BloomFilter
	words   []uint64 // f's bit words, len = nblocks*8
	nblocks uint64
	k       uint32
}

const blockWords = 8 // 512 bits

// newPrefilter sizes a filter for n keys with the given geometry.
func newPrefilter(n int, g bloomGeometry) *prefilter {
	if n < 64 {
		n = 64
	}
	nb := (uint64(g.bitsPerKey*float64(n)) + 511) / 512
	words := make([]uint64, nb*blockWords)
	return prefilterFrom(words, uint32(g.k))
}

// bloomGeometry is the number of bits per key and of bits set per key.
type bloomGeometry struct {
	bitsPerKey float64
	k          int
}

// geometryFor returns the smallest blocked geometry whose per-key
// false-positive rate is p. A blocked filter needs more bits than a classic
// one for the same rate (block loads vary), so the search starts from
// bloom/v3's classic estimate and follows blockedRate; the model
// underestimates the measured rate of this layout by about 2x
// (TestPrefilterRate measures it), hence the margin.
func geometryFor(p float64) bloomGeometry {
	if g, ok := geometries.Load(p); ok {
		return g.(bloomGeometry)
	}
	g := computeGeometry(p)
	geometries.Store(p, g)
	return g
}

// geometries caches geometryFor, which NewIndex and ReadIndex call.
var geometries sync.Map // float64 -> bloomGeometry

func computeGeometry(p float64) bloomGeometry {
	p /= 2.5
	m, _ := bloom.EstimateParameters(1<<20, p)
	c := float64(m) / (1 << 20)
	for ; c < 64; c *= 1.02 {
		if k, r := bestK(c); r <= p {
			return bloomGeometry{c, k}
		}
	}
	k, _ := bestK(64)
	return bloomGeometry{64, k}
}

// bestK returns the number of bits per key (1..16) that minimizes the
// blocked filter's false-positive rate at c bits per key, and that rate.
func bestK(c float64) (int, float64) {
	bk, br := 1, 1.0
	for k := 1; k <= 16; k++ {
		if r := blockedRate(c, k); r < br {
			bk, br = k, r
		}
	}
	return bk, br
}

// blockedRate is the false-positive rate of a Bloom filter of 512-bit
// blocks at c bits per key with k bits per key: the classic rate of one
// block, averaged over the Poisson distribution of keys per block (Putze,
// Sanders, Singler 2007).
func blockedRate(c float64, k int) float64 {
	lambda := 512 / c
	pl := math.Exp(-lambda) // P(L = 0)
	sum := 0.0
	for l := 0; l < int(lambda*4)+64; l++ {
		if l > 0 {
			pl *= lambda / float64(l)
		}
		fill := 1 - math.Pow(1-1.0/512, float64(k*l))
		sum += pl * math.Pow(fill, float64(k))
	}
	return sum
}

// prefilterFrom wraps words (a multiple of 8 words) without copying.
func prefilterFrom(words []uint64, k uint32) *prefilter {
	if k < 1 {
		k = 1
	}
	return &prefilter{
		f:       bloom.FromWithM(words, uint(len(words))*64, uint(k)),
		words:   words,
		nblocks: uint64(len(words) / blockWords),
		k:       k,
	}
}

// mix64 is the SplitMix64 finalizer: a bijection with full avalanche.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// keyHash returns the prefilter hash of a table key: tag names the table
// (band number, or one of the tag constants), seed is the index seed.
func keyHash(tag uint32, key uint32, seed uint64) uint64 {
	return mix64(uint64(tag)<<32 | uint64(key) ^ seed ^ 0x9e3779b97f4a7c15)
}

// Table tags beyond the band numbers (bands < 256).
const (
	tagWinnow = 1000
	tagShort  = 1001
	tagSolo   = 1002 // containment keys with the solo bit, also under tagWinnow
	// band b's keys with the solo bit are also under tagSolo+1+b
)

func (p *prefilter) block(h uint64) []uint64 {
	b, _ := mulHi(h, p.nblocks)
	return p.words[b*blockWords : b*blockWords+blockWords : b*blockWords+blockWords]
}

func mulHi(a, b uint64) (uint64, uint64) {
	// high 64 bits of a*b: a uniform reduction of a into [0, b).
	hi, lo := bits.Mul64(a, b)
	return hi, lo
}

// add sets the key's bits. Not safe for concurrent use with test.
func (p *prefilter) add(h uint64) {
	blk := p.block(h)
	x := mix64(h)
	for i := uint32(0); i < p.k; i++ {
		if i == 7 {
			x = mix64(x)
		}
		pos := x & 511
		x >>= 9
		blk[pos>>6] |= 1 << (pos & 63)
	}
}

// test reports whether the key may be present. It allocates nothing.
func (p *prefilter) test(h uint64) bool {
	blk := p.block(h)
	x := mix64(h)
	for i := uint32(0); i < p.k; i++ {
		if i == 7 {
			x = mix64(x)
		}
		pos := x & 511
		x >>= 9
		if blk[pos>>6]&(1<<(pos&63)) == 0 {
			return false
		}
	}
	return true
}

func (p *prefilter) bytes() int64 { return int64(len(p.words)) * 8 }
