package simhash

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/bits"
	"sync"

	"github.com/zeebo/xxh3"

	"github.com/gharbal/gharbal/fingerprint/shingle"
)

// FormatVersion is the version of the hash values and of their encodings.
// It is bumped on any change of output for any input.
const FormatVersion = 1

// Errors.
var (
	// ErrIncompatible is returned when two hashes were computed with
	// different parameters or format versions, or one is the zero Hash.
	ErrIncompatible = errors.New("simhash: incompatible hashes")
	// ErrInvalidOption is returned (wrapped) by New for a bad option.
	ErrInvalidOption = errors.New("simhash: invalid option")
	// ErrCorrupt is returned (wrapped) by the decoders for malformed input.
	ErrCorrupt = errors.New("simhash: corrupt encoding")
	// ErrVersion is returned (wrapped) by the decoders for another format
	// version.
	ErrVersion = errors.New("simhash: unsupported format version")
)

// Hash is a 64-bit SimHash bound to its format version and to a 32-bit
// identifier of the parameters it was computed with (see Params.ID). It is a
// small comparable value, safe to copy and to use from any goroutine. The
// zero Hash is not a hash: it compares with nothing.
type Hash struct {
	bits    uint64
	params  uint32
	version uint8
}

// Bits returns the 64 fingerprint bits.
func (h Hash) Bits() uint64 { return h.bits }

// ParamsID returns the identifier of the parameters h was computed with.
func (h Hash) ParamsID() uint32 { return h.params }

// Version returns h's format version, 0 for the zero Hash.
func (h Hash) Version() int { return int(h.version) }

// IsZero reports whether h is the zero Hash.
func (h Hash) IsZero() bool { return h.version == 0 }

// Compatible reports whether h and g can be compared: both non-zero, same
// format version and parameters.
func (h Hash) Compatible(g Hash) bool {
	return h.version != 0 && h.version == g.version && h.params == g.params
}

// Distance returns the Hamming distance (0..64) between the fingerprints. It
// returns ErrIncompatible when the hashes are not Compatible. It allocates
// nothing and costs a couple of nanoseconds.
func (h Hash) Distance(g Hash) (int, error) {
	if h.version == 0 || h.version != g.version || h.params != g.params {
		return 0, ErrIncompatible
	}
	return bits.OnesCount64(h.bits ^ g.bits), nil
}

// FromBits returns the Hash with the given fingerprint bits computed with
// params p, for callers that store Bits apart from their (shared) params.
func FromBits(bits uint64, p Params) Hash {
	return Hash{bits: bits, params: p.ID(), version: FormatVersion}
}

// Hamming returns the Hamming distance between two raw fingerprints
// (Hash.Bits values), for scans over stored bits whose compatibility the
// caller has checked once.
func Hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// String returns "simhash/v1 p=<params id> <16 hex digits>".
func (h Hash) String() string {
	if h.IsZero() {
		return "simhash(zero)"
	}
	return fmt.Sprintf("simhash/v%d p=%08x %016x", h.version, h.params, h.bits)
}

// Binary layout (little-endian; see docs/FORMAT.md, "Text fingerprints"):
//
//	0  4  magic "GHSH"
//	4  1  format version (1)
//	5  4  params id
//	9  8  fingerprint bits
const (
	magic  = "GHSH"
	binLen = 17
)

// AppendBinary appends the 17-byte binary encoding of h to b. It returns an
// error for the zero Hash.
func (h Hash) AppendBinary(b []byte) ([]byte, error) {
	if h.IsZero() {
		return b, errors.New("simhash: cannot encode the zero Hash")
	}
	b = append(b, magic...)
	b = append(b, h.version)
	b = binary.LittleEndian.AppendUint32(b, h.params)
	return binary.LittleEndian.AppendUint64(b, h.bits), nil
}

// MarshalBinary returns the binary encoding of h.
func (h Hash) MarshalBinary() ([]byte, error) { return h.AppendBinary(make([]byte, 0, binLen)) }

// UnmarshalBinary decodes data into h. It returns an error wrapping
// ErrCorrupt or ErrVersion; on error h is unchanged.
func (h *Hash) UnmarshalBinary(data []byte) error {
	if len(data) != binLen {
		return fmt.Errorf("%w: %d bytes, want %d", ErrCorrupt, len(data), binLen)
	}
	if string(data[:4]) != magic {
		return fmt.Errorf("%w: bad magic %q", ErrCorrupt, data[:4])
	}
	if data[4] != FormatVersion {
		return fmt.Errorf("%w: version %d (this package reads %d)", ErrVersion, data[4], FormatVersion)
	}
	*h = Hash{version: data[4], params: binary.LittleEndian.Uint32(data[5:]), bits: binary.LittleEndian.Uint64(data[9:])}
	return nil
}

// Text encoding: "simhash" + version + ":" + 8 hex digits of params id + ":"
// + 16 hex digits of bits, e.g. "simhash1:0a1b2c3d:0123456789abcdef".
const textLen = len("simhash1:") + 8 + 1 + 16

// AppendText appends the text encoding of h to b.
func (h Hash) AppendText(b []byte) ([]byte, error) {
	if h.IsZero() {
		return b, errors.New("simhash: cannot encode the zero Hash")
	}
	b = fmt.Appendf(b, "simhash%d:%08x:%016x", h.version, h.params, h.bits)
	return b, nil
}

// MarshalText returns the text encoding of h.
func (h Hash) MarshalText() ([]byte, error) { return h.AppendText(make([]byte, 0, textLen)) }

// UnmarshalText decodes the text encoding. Errors are as for
// UnmarshalBinary; hex digits may be upper or lower case.
func (h *Hash) UnmarshalText(text []byte) error {
	if len(text) != textLen || string(text[:7]) != "simhash" || text[8] != ':' || text[17] != ':' {
		return fmt.Errorf("%w: %q is not simhashN:pppppppp:bbbbbbbbbbbbbbbb", ErrCorrupt, truncate(text))
	}
	if text[7] < '0' || text[7] > '9' {
		return fmt.Errorf("%w: bad version digit", ErrCorrupt)
	}
	if v := text[7] - '0'; v != FormatVersion {
		return fmt.Errorf("%w: version %d (this package reads %d)", ErrVersion, v, FormatVersion)
	}
	var raw [12]byte
	if _, err := hex.Decode(raw[:4], text[9:17]); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if _, err := hex.Decode(raw[4:], text[18:]); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	*h = Hash{version: FormatVersion, params: binary.BigEndian.Uint32(raw[:4]), bits: binary.BigEndian.Uint64(raw[4:])}
	return nil
}

func truncate(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}

// Params describes what a Hasher's hashes depend on.
type Params struct {
	Seed          uint64
	Shingle       shingle.Params // zero value: caller-supplied features
	FormatVersion int
}

// String returns e.g. "simhash/v1 seed=0x0 [shingle/v1 words n=3 …]".
func (p Params) String() string {
	sh := "features"
	if p.Shingle != (shingle.Params{}) {
		sh = p.Shingle.String()
	}
	return fmt.Sprintf("simhash/v%d seed=%#x [%s]", p.FormatVersion, p.Seed, sh)
}

// ID returns the 32-bit identifier stored in every Hash computed with p: the
// low 32 bits of XXH3-64 of p.String(). Equal Params give equal IDs in every
// process; different Params collide with probability 2^-32.
func (p Params) ID() uint32 { return uint32(xxh3.HashString(p.String())) }

// Option configures a Hasher; options are validated once, by New.
type Option func(*config) error

type config struct {
	seed     uint64
	shingler *shingle.Shingler
}

// WithSeed sets the seed that keys the feature mixer (default 0).
func WithSeed(seed uint64) Option {
	return func(c *config) error { c.seed = seed; return nil }
}

// WithShingler binds the Hasher to sh: SumText uses sh's shingles as
// features (a repeated shingle counts once per occurrence), and sh's Params
// become part of the hash's parameters.
func WithShingler(sh *shingle.Shingler) Option {
	return func(c *config) error {
		if sh == nil {
			return fmt.Errorf("%w: nil shingler", ErrInvalidOption)
		}
		c.shingler = sh
		return nil
	}
}

// Hasher computes SimHashes. It is immutable and safe for concurrent use by
// multiple goroutines. The zero value is not usable: call New.
type Hasher struct {
	params   Params
	id       uint32
	key      uint64
	shingler *shingle.Shingler
	pool     sync.Pool
}

// New returns a Hasher. It returns an error wrapping ErrInvalidOption for a
// bad option.
func New(opts ...Option) (*Hasher, error) {
	var c config
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&c); err != nil {
			return nil, err
		}
	}
	h := &Hasher{shingler: c.shingler}
	h.params = Params{Seed: c.seed, FormatVersion: FormatVersion}
	if c.shingler != nil {
		h.params.Shingle = c.shingler.Params()
	}
	h.id = h.params.ID()
	h.key = mix(c.seed ^ 0x73696d6861736831)
	h.pool.New = func() any { return new([]uint64) }
	return h, nil
}

var defaultHasher, _ = New()

// Sum returns the SimHash of weighted features with the default parameters
// (seed 0, caller-supplied features); see Hasher.Sum.
func Sum(features []uint64, weights []float32) Hash { return defaultHasher.Sum(features, weights) }

// Params returns the parameters of h.
func (h *Hasher) Params() Params { return h.params }

// Sum returns the SimHash of the features, feature i weighted by weights[i]
// (weight 1 when weights is shorter than features or nil). Each feature is
// passed through a keyed full-avalanche mixer first, so weak feature hashes
// still give balanced bits. Bit k of the result is set when the total
// weight of features whose mixed bit k is set exceeds half the total
// weight; ties and an empty feature set give 0 bits. Non-finite weights are
// treated as 0. Sum allocates nothing.
func (h *Hasher) Sum(features []uint64, weights []float32) Hash {
	if len(weights) == 0 {
		return h.sumUnit(features)
	}
	var acc [64]float32
	var total float32
	for i, f := range features {
		w := float32(1)
		if i < len(weights) {
			w = weights[i]
			if w != w || w > 3.4e38 || w < -3.4e38 { // NaN or ±Inf
				w = 0
			}
		}
		total += w
		y := mix(f ^ h.key)
		for k := range 64 {
			acc[k] += w * float32((y>>k)&1)
		}
	}
	var out uint64
	half := total / 2
	for k := range 64 {
		if acc[k] > half {
			out |= 1 << k
		}
	}
	return Hash{bits: out, params: h.id, version: FormatVersion}
}

// SumText returns the SimHash of text's shingles (unit weights). It panics
// if h was made without WithShingler (a programming error). It allocates
// nothing in the steady state.
func (h *Hasher) SumText(text []byte) Hash {
	if h.shingler == nil {
		panic("simhash: SumText on a Hasher made without WithShingler")
	}
	buf := h.pool.Get().(*[]uint64)
	*buf = h.shingler.AppendHashes((*buf)[:0], text)
	r := h.sumUnit(*buf)
	h.pool.Put(buf)
	return r
}

// SumString is SumText for a string.
func (h *Hasher) SumString(text string) Hash {
	if h.shingler == nil {
		panic("simhash: SumString on a Hasher made without WithShingler")
	}
	buf := h.pool.Get().(*[]uint64)
	*buf = h.shingler.AppendHashesString((*buf)[:0], text)
	r := h.sumUnit(*buf)
	h.pool.Put(buf)
	return r
}

// spread[b] has byte j equal to bit j of b.
var spread = func() (t [256]uint64) {
	for b := range t {
		for j := range 8 {
			t[b] |= uint64(b>>j&1) << (8 * j)
		}
	}
	return t
}()

// sumUnit is Sum with unit weights. It counts set bits eight lanes at a
// time: lanes[i] holds the counts of bits 8i..8i+7 in its bytes, flushed to
// cnt before any byte can overflow.
func (h *Hasher) sumUnit(features []uint64) Hash {
	var cnt [64]int32
	var lanes [8]uint64
	pending := 0
	flush := func() {
		for i, l := range lanes {
			for j := range 8 {
				cnt[8*i+j] += int32(l >> (8 * j) & 0xff)
			}
			lanes[i] = 0
		}
		pending = 0
	}
	for _, f := range features {
		y := mix(f ^ h.key)
		for i := range lanes {
			lanes[i] += spread[byte(y>>(8*i))]
		}
		if pending++; pending == 255 {
			flush()
		}
	}
	flush()
	var out uint64
	n := int32(len(features))
	for k := range 64 {
		if 2*cnt[k] > n {
			out |= 1 << k
		}
	}
	return Hash{bits: out, params: h.id, version: FormatVersion}
}

// mix is the SplitMix64 finalizer.
func mix(z uint64) uint64 {
	z += 0x9E3779B97F4A7C15
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}
