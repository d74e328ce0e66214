package minhash

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"strings"

	"github.com/gharbal/gharbal/fingerprint/shingle"
	"github.com/gharbal/gharbal/normalize"
)

// Signature is a MinHash signature bound to the Params it was computed with.
// The zero Signature has no params and compares with nothing. A Signature is
// a value: copying it shares its values, which no method modifies, so copies
// may be read from any number of goroutines; SumInto and UnmarshalBinary
// overwrite the receiver in place.
type Signature struct {
	params Params
	vals   []uint32
	empty  bool
}

// Params returns the parameters s was computed with.
func (s Signature) Params() Params { return s.params }

// Len returns the number of values (Params().Size), 0 for the zero Signature.
func (s Signature) Len() int { return len(s.vals) }

// Empty reports whether s is the signature of an empty set (a text without
// tokens). Empty signatures have Jaccard 0 with everything and no band keys.
func (s Signature) Empty() bool { return s.empty }

// IsZero reports whether s is the zero Signature.
func (s Signature) IsZero() bool { return s.params.Size == 0 }

// Value returns the i-th value; it panics if i is out of range.
func (s Signature) Value(i int) uint32 { return s.vals[i] }

// AppendValues appends the values of s to dst and returns the extended slice.
func (s Signature) AppendValues(dst []uint32) []uint32 { return append(dst, s.vals...) }

// Compatible reports whether s and t can be compared: both non-zero and
// computed with equal Params.
func (s Signature) Compatible(t Signature) bool {
	return s.params.Size != 0 && s.params == t.params && len(s.vals) == len(t.vals)
}

// Jaccard returns the estimated Jaccard similarity of the two sets: the
// fraction of positions where the signatures agree. Its standard error is
// about sqrt(J(1-J)/Size). It returns ErrIncompatible when the signatures are
// not Compatible, and 0 when either is Empty.
func (s Signature) Jaccard(t Signature) (float64, error) {
	if !s.Compatible(t) {
		return 0, fmt.Errorf("%w: %v vs %v", ErrIncompatible, s.params, t.params)
	}
	if s.empty || t.empty {
		return 0, nil
	}
	a, b := s.vals, t.vals[:len(s.vals)]
	eq := 0
	for i, v := range a {
		if v == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a)), nil
}

// Equal reports whether s and t have equal params, emptiness and values.
func (s Signature) Equal(t Signature) bool {
	if s.params != t.params || s.empty != t.empty || len(s.vals) != len(t.vals) {
		return false
	}
	for i, v := range s.vals {
		if t.vals[i] != v {
			return false
		}
	}
	return true
}

// BandKeys appends one 64-bit key per band to dst and returns the extended
// slice: band b's key is a hash of values [b*rows, (b+1)*rows) and of b, so
// two signatures share band b's key exactly when (up to 2^-64 collisions)
// they agree on all rows of band b. An Empty or zero signature has no keys
// (dst is returned unchanged). BandKeys panics if bands < 1, rows < 1 or
// bands*rows > Len() — a configuration error; see BandsFor.
func (s Signature) BandKeys(dst []uint64, bands, rows int) []uint64 {
	if s.empty || len(s.vals) == 0 {
		return dst
	}
	if bands < 1 || rows < 1 || bands*rows > len(s.vals) {
		panic(fmt.Sprintf("minhash: BandKeys(%d bands, %d rows) on a signature of %d values", bands, rows, len(s.vals)))
	}
	for b := 0; b < bands; b++ {
		acc := uint64(b)*prime1 + uint64(rows)*prime3 + prime5
		for _, v := range s.vals[b*rows : (b+1)*rows] {
			acc = bits.RotateLeft64(acc+uint64(v)*prime2, 31) * prime1
		}
		dst = append(dst, mix(acc))
	}
	return dst
}

const (
	prime1 = 0x9E3779B185EBCA87
	prime2 = 0xC2B2AE3D27D4EB4F
	prime3 = 0x165667B19E3779F9
	prime5 = 0x27D4EB2F165667C5
)

// CandidateProbability returns the probability 1-(1-j^rows)^bands that two
// sets of Jaccard similarity j share at least one band key.
func CandidateProbability(j float64, bands, rows int) float64 {
	if bands < 1 || rows < 1 {
		return 0
	}
	return 1 - math.Pow(1-math.Pow(j, float64(rows)), float64(bands))
}

// BandsFor returns the LSH band shape for signatures of size values such that
// a pair of Jaccard similarity threshold becomes a candidate with
// probability at least recall: among the shapes with
// CandidateProbability(threshold, b, r) >= recall and b*r <= size, it takes
// the most rows (the steepest S-curve, so the fewest unrelated candidates)
// and, for that many rows, the fewest bands (the fewest keys to store and
// probe). For size 128, threshold 0.5 and recall 0.95 this is 23 bands of 3
// rows (P = 0.954 at J = 0.5, 0.47 at J = 0.3, 0.003 at J = 0.05).
//
// When no shape reaches recall it returns the shape with the highest
// probability at threshold (size bands of 1 row). It returns 0, 0 when size
// < 1 or threshold or recall is outside (0, 1).
func BandsFor(size int, threshold, recall float64) (bands, rows int) {
	if size < 1 || !(threshold > 0 && threshold < 1) || !(recall > 0 && recall < 1) {
		return 0, 0
	}
	for r := size; r >= 1; r-- {
		q := 1 - math.Pow(threshold, float64(r)) // P(a band misses)
		if q >= 1 {
			continue
		}
		// smallest b with 1 - q^b >= recall
		bf := math.Ceil(math.Log(1-recall) / math.Log(q))
		if !(bf*float64(r) <= float64(size)+float64(r)) {
			continue
		}
		b := max(int(bf), 1)
		// correct floating-point rounding at the boundary
		for b > 1 && CandidateProbability(threshold, b-1, r) >= recall {
			b--
		}
		for CandidateProbability(threshold, b, r) < recall && b*r <= size {
			b++
		}
		if b*r <= size {
			return b, r
		}
	}
	return size, 1
}

// String returns a one-line description for notebooks and logs, e.g.
// "minhash/v1 oph m=128 seed=0x0 [shingle/v1 words n=3 …] 1b2c3d4e 9a8b7c6d … (128 values)".
func (s Signature) String() string {
	if s.IsZero() {
		return "minhash(zero)"
	}
	var sb strings.Builder
	sb.WriteString(s.params.String())
	if s.empty {
		sb.WriteString(" empty")
		return sb.String()
	}
	for i, v := range s.vals {
		if i == 4 {
			sb.WriteString(" …")
			break
		}
		fmt.Fprintf(&sb, " %08x", v)
	}
	fmt.Fprintf(&sb, " (%d values)", len(s.vals))
	return sb.String()
}

// Binary layout (little-endian; see docs/FORMAT.md, "Text fingerprints"):
//
//	0   4  magic "GHMH"
//	4   1  format version (1)
//	5   1  scheme (1 oph, 2 kperm)
//	6   2  size m (1..4096)
//	8   8  seed
//	16  1  flags (bit 0: empty set; other bits 0)
//	17  1  shingle kind (0: caller-supplied hashes, 1 words, 2 chars)
//	18  1  shingle n
//	19  1  shingle format version
//	20  1  normalize level
//	21  1  reserved (0)
//	22  2  normalize version
//	24  8  shingle seed
//	32  1  language tag length L (0..35), then L bytes of ASCII
//	..  1  Unicode version length U (0..16), then U bytes of ASCII
//	..  4m values, uint32 each
const (
	magic      = "GHMH"
	fixedLen   = 32
	maxLangLen = 35
	maxUniLen  = 16
)

// AppendBinary appends the binary encoding of s to b. It returns an error
// for the zero Signature or params that cannot be encoded.
func (s Signature) AppendBinary(b []byte) ([]byte, error) {
	if s.IsZero() {
		return b, fmt.Errorf("minhash: cannot encode the zero Signature")
	}
	p := s.params
	sp := p.Shingle
	if len(sp.Language) > maxLangLen || len(sp.UnicodeVersion) > maxUniLen || sp.N > 255 ||
		sp.NormalizeVersion < 0 || sp.NormalizeVersion > math.MaxUint16 || sp.FormatVersion > 255 || sp.FormatVersion < 0 {
		return b, fmt.Errorf("minhash: shingle params %v cannot be encoded", sp)
	}
	b = append(b, magic...)
	b = append(b, byte(p.FormatVersion), byte(p.Scheme))
	b = binary.LittleEndian.AppendUint16(b, uint16(p.Size))
	b = binary.LittleEndian.AppendUint64(b, p.Seed)
	var flags byte
	if s.empty {
		flags |= 1
	}
	b = append(b, flags, byte(sp.Kind), byte(sp.N), byte(sp.FormatVersion), byte(sp.Level), 0)
	b = binary.LittleEndian.AppendUint16(b, uint16(sp.NormalizeVersion))
	b = binary.LittleEndian.AppendUint64(b, sp.Seed)
	b = append(b, byte(len(sp.Language)))
	b = append(b, sp.Language...)
	b = append(b, byte(len(sp.UnicodeVersion)))
	b = append(b, sp.UnicodeVersion...)
	for _, v := range s.vals {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return b, nil
}

// MarshalBinary returns the binary encoding of s (see AppendBinary).
func (s Signature) MarshalBinary() ([]byte, error) {
	return s.AppendBinary(nil)
}

// UnmarshalBinary decodes data into s. It returns an error wrapping
// ErrCorrupt for malformed input and ErrVersion for another format version;
// on error s is unchanged. It does not retain data.
func (s *Signature) UnmarshalBinary(data []byte) error {
	if len(data) < fixedLen+2 {
		return fmt.Errorf("%w: %d bytes is too short", ErrCorrupt, len(data))
	}
	if string(data[:4]) != magic {
		return fmt.Errorf("%w: bad magic %q", ErrCorrupt, data[:4])
	}
	if data[4] != FormatVersion {
		return fmt.Errorf("%w: version %d (this package reads %d)", ErrVersion, data[4], FormatVersion)
	}
	var p Params
	p.FormatVersion = int(data[4])
	p.Scheme = Scheme(data[5])
	if p.Scheme != OnePermutation && p.Scheme != Permutations {
		return fmt.Errorf("%w: unknown scheme %d", ErrCorrupt, data[5])
	}
	p.Size = int(binary.LittleEndian.Uint16(data[6:]))
	if p.Size < 1 || p.Size > MaxSize {
		return fmt.Errorf("%w: size %d", ErrCorrupt, p.Size)
	}
	p.Seed = binary.LittleEndian.Uint64(data[8:])
	flags := data[16]
	if flags&^1 != 0 || data[21] != 0 {
		return fmt.Errorf("%w: reserved bits set", ErrCorrupt)
	}
	var sp shingle.Params
	sp.Kind = shingle.Kind(data[17])
	sp.N = int(data[18])
	sp.FormatVersion = int(data[19])
	sp.Level = normalize.Level(data[20])
	sp.NormalizeVersion = int(binary.LittleEndian.Uint16(data[22:]))
	sp.Seed = binary.LittleEndian.Uint64(data[24:])
	rest := data[fixedLen:]
	str := func(max int) (string, error) {
		if len(rest) < 1 || int(rest[0]) > max || len(rest) < 1+int(rest[0]) {
			return "", fmt.Errorf("%w: bad string field", ErrCorrupt)
		}
		v := rest[1 : 1+int(rest[0])]
		for _, c := range v {
			if c < 0x20 || c > 0x7e {
				return "", fmt.Errorf("%w: non-ASCII string field", ErrCorrupt)
			}
		}
		rest = rest[1+int(rest[0]):]
		return string(v), nil
	}
	var err error
	if sp.Language, err = str(maxLangLen); err != nil {
		return err
	}
	if sp.UnicodeVersion, err = str(maxUniLen); err != nil {
		return err
	}
	if sp.Kind == 0 && sp != (shingle.Params{}) {
		return fmt.Errorf("%w: shingle fields set without a shingle kind", ErrCorrupt)
	}
	if sp.Kind > shingle.Chars || (sp.Kind != 0 && (sp.N < 1 || sp.N > shingle.MaxN)) {
		return fmt.Errorf("%w: shingle kind %d n %d", ErrCorrupt, sp.Kind, sp.N)
	}
	p.Shingle = sp
	if len(rest) != 4*p.Size {
		return fmt.Errorf("%w: %d value bytes for size %d", ErrCorrupt, len(rest), p.Size)
	}
	vals := s.vals[:0]
	if cap(vals) < p.Size {
		vals = make([]uint32, 0, p.Size)
	}
	for i := 0; i < p.Size; i++ {
		vals = append(vals, binary.LittleEndian.Uint32(rest[4*i:]))
	}
	empty := flags&1 != 0
	if empty {
		for _, v := range vals {
			if v != math.MaxUint32 {
				return fmt.Errorf("%w: empty signature with values", ErrCorrupt)
			}
		}
	}
	s.params, s.vals, s.empty = p, vals, empty
	return nil
}

// textPrefix starts the text encoding: the prefix, then the binary encoding
// in unpadded base64url.
const textPrefix = "minhash:"

// AppendText appends the text encoding of s ("minhash:" followed by the
// binary encoding in unpadded base64url) to b.
func (s Signature) AppendText(b []byte) ([]byte, error) {
	bin, err := s.MarshalBinary()
	if err != nil {
		return b, err
	}
	b = append(b, textPrefix...)
	return base64.RawURLEncoding.AppendEncode(b, bin), nil
}

// MarshalText returns the text encoding of s (see AppendText).
func (s Signature) MarshalText() ([]byte, error) { return s.AppendText(nil) }

// UnmarshalText decodes the text encoding. Errors are as for UnmarshalBinary.
func (s *Signature) UnmarshalText(text []byte) error {
	if !strings.HasPrefix(string(text), textPrefix) {
		return fmt.Errorf("%w: missing %q prefix", ErrCorrupt, textPrefix)
	}
	text = text[len(textPrefix):]
	if base64.RawURLEncoding.DecodedLen(len(text)) > fixedLen+2+maxLangLen+maxUniLen+4*MaxSize {
		return fmt.Errorf("%w: too long", ErrCorrupt)
	}
	bin, err := base64.RawURLEncoding.AppendDecode(nil, text)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return s.UnmarshalBinary(bin)
}

// FromValues returns a Signature with params p holding a copy of values, for
// callers that store values apart from their (shared) params, such as an
// index. The signature is Empty when every value is 0xFFFFFFFF (the values of
// an empty set; a non-empty set gives them with probability 2^-(32·Size)). It
// returns an error wrapping ErrCorrupt when len(values) != p.Size, or p has
// an unknown scheme, a size outside [1, MaxSize] or another format version.
func FromValues(p Params, values []uint32) (Signature, error) {
	if p.FormatVersion != FormatVersion || (p.Scheme != OnePermutation && p.Scheme != Permutations) ||
		p.Size < 1 || p.Size > MaxSize || len(values) != p.Size {
		return Signature{}, fmt.Errorf("%w: %d values for params %v", ErrCorrupt, len(values), p)
	}
	empty := true
	for _, v := range values {
		if v != math.MaxUint32 {
			empty = false
			break
		}
	}
	return Signature{params: p, vals: append([]uint32(nil), values...), empty: empty}, nil
}
