package pdq

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/bits"
)

// Version is the version of this package's output. Hashes are specified by
// Meta's reference implementation, so Version changes only if a bug fix
// changes some hash or quality this package computes; golden tests pin the
// outputs of each version.
const Version = 1

// MatchThreshold is the largest Hamming distance at which two PDQ hashes are
// considered a match, as documented by Meta (pdq/README.md) and used by HMA
// and python-threatexchange: match if a.Distance(b) <= MatchThreshold.
const MatchThreshold = 31

// MinQuality is the lowest quality at which a hash is worth matching: hashes
// of images with quality < MinQuality (flat or nearly flat images) are
// discarded by HMA and python-threatexchange, and should not be indexed or
// queried.
const MinQuality = 50

// HexLen is the length of a hash's hexadecimal form.
const HexLen = 64

// Hash is a 256-bit PDQ hash. It is comparable and usable as a map key.
// The zero Hash (all bits clear) is what the reference returns for images it
// cannot hash; this package never returns it for a hashed image in practice,
// and callers should treat it as invalid (see IsZero).
//
// The bytes are in the order of the reference's hexadecimal form: h[0] is
// the first two hex digits of String. Hash bit k (0..255, k = 16*i + j for
// DCT coefficient (i, j)) is bit k%8 of byte 31 - k/8, that is, the hex form
// read as a big-endian 256-bit integer has bit k set.
type Hash [32]byte

// ErrInvalidHex is returned (wrapped) by ParseHex and UnmarshalText for a
// string that is not exactly 64 hexadecimal digits.
var ErrInvalidHex = errors.New("pdq: invalid hash hex")

// ParseHex parses the 64-hex-digit form printed by the reference
// implementation and by String. Upper-case digits are accepted. Any other
// length or character is an error wrapping ErrInvalidHex.
//
//	ParseHex(h.String()) == h, nil
func ParseHex(s string) (Hash, error) {
	var h Hash
	if len(s) != HexLen {
		return h, fmt.Errorf("%w: length %d, want %d", ErrInvalidHex, len(s), HexLen)
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return Hash{}, fmt.Errorf("%w: %v", ErrInvalidHex, err)
	}
	return h, nil
}

// String returns the hash as 64 lower-case hexadecimal digits, in the
// reference implementation's order (its 16-bit word 15 first).
func (h Hash) String() string {
	return hex.EncodeToString(h[:])
}

// AppendText appends the String form to b (encoding.TextAppender).
func (h Hash) AppendText(b []byte) ([]byte, error) {
	return hex.AppendEncode(b, h[:]), nil
}

// MarshalText returns the String form (encoding.TextMarshaler), so a Hash
// encodes as a JSON string.
func (h Hash) MarshalText() ([]byte, error) {
	return h.AppendText(make([]byte, 0, HexLen))
}

// UnmarshalText parses the String form (encoding.TextUnmarshaler). On error
// h is left unchanged.
func (h *Hash) UnmarshalText(b []byte) error {
	v, err := ParseHex(string(b))
	if err != nil {
		return err
	}
	*h = v
	return nil
}

// Distance returns the Hamming distance between a and b: the number of bits
// that differ, 0..256. It is symmetric and allocates nothing.
func (a Hash) Distance(b Hash) int {
	d := 0
	for i := 0; i < len(a); i += 8 {
		d += bits.OnesCount64(binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:]))
	}
	return d
}

// IsZero reports whether every bit of h is clear. The reference returns the
// zero hash for images it cannot hash (too small, or a failed decode in its
// command), so a zero hash from another system should be treated as invalid.
func (h Hash) IsZero() bool {
	return h == Hash{}
}

// Bit reports whether hash bit k is set, for k in 0..255 (k = 16*i + j for
// DCT coefficient row i, column j). It panics if k is out of range.
func (h Hash) Bit(k int) bool {
	return h[31-k>>3]>>(k&7)&1 == 1
}

// setBit sets hash bit k.
func (h *Hash) setBit(k int) {
	h[31-k>>3] |= 1 << (k & 7)
}
