package minhash

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"sync"

	"github.com/gharbal/gharbal/fingerprint/shingle"
)

// FormatVersion is the version of the signature values and of the binary and
// text encodings. It is bumped on any change of output for any input.
const FormatVersion = 1

// Size limits.
const (
	DefaultSize = 128  // default number of values per signature
	MaxSize     = 4096 // largest size accepted by WithSize
)

// Errors.
var (
	// ErrIncompatible is returned when two signatures were computed with
	// different Params (size, seed, scheme, shingle or normalize parameters,
	// format version), or when one of them is the zero Signature.
	ErrIncompatible = errors.New("minhash: incompatible signatures")
	// ErrInvalidOption is returned (wrapped) by New for an option out of range.
	ErrInvalidOption = errors.New("minhash: invalid option")
	// ErrCorrupt is returned (wrapped) by the decoders for malformed input.
	ErrCorrupt = errors.New("minhash: corrupt encoding")
	// ErrVersion is returned (wrapped) by the decoders for an encoding of
	// another format version.
	ErrVersion = errors.New("minhash: unsupported format version")
)

// Scheme selects how the values of a signature are computed.
type Scheme uint8

const (
	// OnePermutation hashes every shingle once with a full-avalanche mixer,
	// splits the hash range into Size bins, keeps the minimum per bin, and
	// fills empty bins by optimal densification (Shrivastava 2017). It is
	// the default: O(shingles + Size) per signature.
	OnePermutation Scheme = iota + 1
	// Permutations computes every position with its own independently
	// seeded mixer (classic k-permutation MinHash, two 32-bit positions per
	// 64-bit mix). O(shingles × Size): slower, kept for cross-checks.
	Permutations
)

// String returns "oph", "kperm" or "scheme(N)".
func (s Scheme) String() string {
	switch s {
	case OnePermutation:
		return "oph"
	case Permutations:
		return "kperm"
	}
	return fmt.Sprintf("scheme(%d)", uint8(s))
}

// Option configures a Hasher; options are validated once, by New.
type Option func(*config) error

type config struct {
	size     int
	seed     uint64
	scheme   Scheme
	shingler *shingle.Shingler
}

// WithSize sets the number of values per signature, 1 to MaxSize (default
// DefaultSize).
func WithSize(m int) Option {
	return func(c *config) error {
		if m < 1 || m > MaxSize {
			return fmt.Errorf("%w: size %d not in [1,%d]", ErrInvalidOption, m, MaxSize)
		}
		c.size = m
		return nil
	}
}

// WithSeed sets the seed of the hash family (default 0).
func WithSeed(seed uint64) Option {
	return func(c *config) error { c.seed = seed; return nil }
}

// WithScheme selects OnePermutation (default) or Permutations.
func WithScheme(s Scheme) Option {
	return func(c *config) error {
		if s != OnePermutation && s != Permutations {
			return fmt.Errorf("%w: scheme %d", ErrInvalidOption, s)
		}
		c.scheme = s
		return nil
	}
}

// WithShingler binds the Hasher to sh: the SumText methods shingle text with
// it, and sh's Params become part of every signature's Params (so signatures
// of differently shingled or normalized text never compare). Without it,
// signatures describe caller-supplied hashes and their Shingle params are the
// zero value.
func WithShingler(sh *shingle.Shingler) Option {
	return func(c *config) error {
		if sh == nil {
			return fmt.Errorf("%w: nil shingler", ErrInvalidOption)
		}
		c.shingler = sh
		return nil
	}
}

// Params describes everything a signature's values depend on. Signatures
// compare only when their Params are equal (==).
type Params struct {
	Scheme        Scheme
	Size          int
	Seed          uint64
	Shingle       shingle.Params // zero value: hashes supplied by the caller
	FormatVersion int
}

// String returns e.g. "minhash/v1 oph m=128 seed=0x0 [shingle/v1 words n=3 …]".
func (p Params) String() string {
	sh := "hashes"
	if p.Shingle != (shingle.Params{}) {
		sh = p.Shingle.String()
	}
	return fmt.Sprintf("minhash/v%d %s m=%d seed=%#x [%s]", p.FormatVersion, p.Scheme, p.Size, p.Seed, sh)
}

// Hasher computes MinHash signatures. It is immutable and safe for
// concurrent use by multiple goroutines. The zero value is not usable: call
// New.
type Hasher struct {
	params   Params
	shingler *shingle.Shingler
	seedBin  uint64   // OnePermutation: mixer key
	seedDens uint64   // OnePermutation: densification key
	perm     []uint64 // Permutations: one key per pair of positions
	donors   []uint16 // OnePermutation: the first donorTable draws of every bin
	pool     sync.Pool
}

// New returns a Hasher. It returns an error wrapping ErrInvalidOption for a
// bad option.
func New(opts ...Option) (*Hasher, error) {
	c := config{size: DefaultSize, scheme: OnePermutation}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&c); err != nil {
			return nil, err
		}
	}
	h := &Hasher{shingler: c.shingler}
	h.params = Params{Scheme: c.scheme, Size: c.size, Seed: c.seed, FormatVersion: FormatVersion}
	if c.shingler != nil {
		h.params.Shingle = c.shingler.Params()
	}
	h.seedBin = mix(c.seed ^ 0x6d696e68617368b1)
	h.seedDens = mix(c.seed ^ 0x64656e7369667921)
	if c.scheme == OnePermutation {
		h.donors = make([]uint16, c.size*donorTable)
		for i := range c.size {
			for t := range donorTable {
				h.donors[i*donorTable+t] = uint16(h.donor(i, uint64(t+1)))
			}
		}
	}
	if c.scheme == Permutations {
		h.perm = make([]uint64, (c.size+1)/2)
		s := c.seed
		for i := range h.perm {
			s += golden
			h.perm[i] = mix(s)
		}
	}
	h.pool.New = func() any { return new([]uint64) }
	return h, nil
}

// Params returns the parameters of every signature h computes.
func (h *Hasher) Params() Params { return h.params }

// Shingler returns the shingler bound with WithShingler, or nil.
func (h *Hasher) Shingler() *shingle.Shingler { return h.shingler }

// Sum returns the signature of the set of hashes (duplicates are ignored;
// order does not matter). An empty set gives an empty signature (see
// Signature.Empty). Sum does not retain hashes.
func (h *Hasher) Sum(hashes []uint64) Signature {
	var s Signature
	h.SumInto(&s, hashes)
	return s
}

// SumInto computes the signature of hashes into dst, reusing dst's memory:
// with a dst from an earlier call it allocates nothing. dst must not be
// shared with other goroutines during the call.
func (h *Hasher) SumInto(dst *Signature, hashes []uint64) {
	m := h.params.Size
	if cap(dst.vals) < m {
		dst.vals = make([]uint32, m)
	}
	dst.vals = dst.vals[:m]
	dst.params = h.params
	if h.params.Scheme == Permutations {
		dst.empty = h.kperm(dst.vals, hashes)
	} else {
		dst.empty = h.oph(dst.vals, hashes)
	}
}

// SumText returns the signature of text's shingles. It panics if h was made
// without WithShingler (a programming error).
func (h *Hasher) SumText(text []byte) Signature {
	var s Signature
	h.SumTextInto(&s, text)
	return s
}

// SumString is SumText for a string.
func (h *Hasher) SumString(text string) Signature {
	var s Signature
	h.sumText(&s, nil, text)
	return s
}

// SumTextInto is SumText into dst, reusing dst's memory (see SumInto).
func (h *Hasher) SumTextInto(dst *Signature, text []byte) {
	h.sumText(dst, text, "")
}

func (h *Hasher) sumText(dst *Signature, b []byte, s string) {
	if h.shingler == nil {
		panic("minhash: SumText on a Hasher made without WithShingler")
	}
	buf := h.pool.Get().(*[]uint64)
	if b != nil || s == "" {
		*buf = h.shingler.AppendHashes((*buf)[:0], b)
	} else {
		*buf = h.shingler.AppendHashesString((*buf)[:0], s)
	}
	h.SumInto(dst, *buf)
	h.pool.Put(buf)
}

const golden = 0x9E3779B97F4A7C15

// mix is the SplitMix64 finalizer: a bijective full-avalanche mixer.
func mix(z uint64) uint64 {
	z += golden
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}

// fastrange maps the high 32 bits of x uniformly onto [0, n).
func fastrange(x uint64, n int) int {
	return int((x >> 32) * uint64(n) >> 32)
}

// oph computes the one-permutation values with optimal densification.
func (h *Hasher) oph(vals []uint32, hashes []uint64) (empty bool) {
	m := len(vals)
	words := (m + 63) / 64
	var occ [MaxSize / 64]uint64
	for i := range vals {
		vals[i] = math.MaxUint32
	}
	for _, x := range hashes {
		y := mix(x ^ h.seedBin)
		bin := fastrange(y, m)
		occ[bin>>6] |= 1 << (bin & 63)
		if v := uint32(y); v < vals[bin] {
			vals[bin] = v
		}
	}
	nonEmpty := 0
	for _, w := range occ[:words] {
		nonEmpty += bits.OnesCount64(w)
	}
	if nonEmpty == 0 {
		return true
	}
	if nonEmpty == m {
		return false
	}
	// Optimal densification: every empty bin i draws donor bins from its own
	// pseudo-random sequence until it finds one that was non-empty, and
	// copies that bin's value. The sequence depends only on (seed, i, draw),
	// so two sets collide in bin i with probability equal to their Jaccard
	// similarity. The first donorTable draws come from a table, tested eight
	// at a time without branches; after maxDraws misses (only for nearly
	// empty sets) the search continues linearly, which keeps that property
	// and bounds the work.
	for w := range words {
		empty := ^occ[w]
		if w == words-1 && m%64 != 0 {
			empty &= 1<<(m%64) - 1
		}
		for empty != 0 {
			i := w*64 + bits.TrailingZeros64(empty)
			empty &= empty - 1
			j := -1
			d := h.donors[i*donorTable : (i+1)*donorTable : (i+1)*donorTable]
			for k := 0; k < donorTable && j < 0; k += 8 {
				var mask uint
				for q := range 8 {
					b := d[k+q]
					mask |= uint(occ[b>>6]>>(b&63)&1) << q
				}
				if mask != 0 {
					j = int(d[k+bits.TrailingZeros(mask)])
				}
			}
			for t := uint64(donorTable + 1); j < 0 && t <= maxDraws; t++ {
				if c := h.donor(i, t); occ[c>>6]&(1<<(c&63)) != 0 {
					j = c
				}
			}
			if j < 0 {
				j = h.donor(i, maxDraws)
				for occ[j>>6]&(1<<(j&63)) == 0 {
					if j++; j == m {
						j = 0
					}
				}
			}
			vals[i] = vals[j]
		}
	}
	return false
}

const (
	donorTable = 16 // draws per bin precomputed by New
	maxDraws   = 64 // draws before the linear fallback
)

// donor returns the t-th (t >= 1) pseudo-random donor bin of bin i.
func (h *Hasher) donor(i int, t uint64) int {
	return fastrange(mix(h.seedDens^uint64(i)<<32^t), h.params.Size)
}

// kperm computes classic independent-permutation values.
func (h *Hasher) kperm(vals []uint32, hashes []uint64) (empty bool) {
	for i := range vals {
		vals[i] = math.MaxUint32
	}
	if len(hashes) == 0 {
		return true
	}
	m := len(vals)
	for _, x := range hashes {
		for p, key := range h.perm {
			y := mix(x ^ key)
			hi, lo := uint32(y>>32), uint32(y)
			i := 2 * p
			if hi < vals[i] {
				vals[i] = hi
			}
			if i+1 < m && lo < vals[i+1] {
				vals[i+1] = lo
			}
		}
	}
	return false
}
