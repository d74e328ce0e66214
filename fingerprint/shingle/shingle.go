package shingle

import (
	"errors"
	"fmt"
	"sync"

	"github.com/gharbal/gharbal/normalize"
)

// FormatVersion is the version of the shingle output (tokenization, hashing
// and span mapping). It is part of [Params] and of every fingerprint built on
// shingles; it is bumped whenever any output for any input changes.
const FormatVersion = 1

// Errors returned by New.
var (
	// ErrInvalidOption is returned (wrapped) by New for an option value out
	// of range.
	ErrInvalidOption = errors.New("shingle: invalid option")
	// ErrNilProfile is returned by New when the profile is nil.
	ErrNilProfile = errors.New("shingle: nil normalize profile")
)

// Kind selects the shingle unit.
type Kind uint8

const (
	// Words shingles are n-grams of word tokens.
	Words Kind = iota + 1
	// Chars shingles are n-grams of code points of the de-spaced text.
	Chars
)

// String returns "words", "chars" or "kind(N)".
func (k Kind) String() string {
	switch k {
	case Words:
		return "words"
	case Chars:
		return "chars"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Limits and defaults of N.
const (
	DefaultWordN = 3  // default n for Words
	DefaultCharN = 5  // default n for Chars
	MaxN         = 16 // largest n accepted by WithN
)

// Option configures a Shingler; options are validated once, by New.
type Option func(*config) error

type config struct {
	kind Kind
	n    int
	seed uint64
}

// WithKind selects word (default) or character shingles.
func WithKind(k Kind) Option {
	return func(c *config) error {
		if k != Words && k != Chars {
			return fmt.Errorf("%w: kind %d", ErrInvalidOption, k)
		}
		c.kind = k
		return nil
	}
}

// WithN sets the number of tokens (Words) or code points (Chars) per
// shingle, 1 to MaxN. The default is DefaultWordN for Words and DefaultCharN
// for Chars.
func WithN(n int) Option {
	return func(c *config) error {
		if n < 1 || n > MaxN {
			return fmt.Errorf("%w: n=%d not in [1,%d]", ErrInvalidOption, n, MaxN)
		}
		c.n = n
		return nil
	}
}

// WithSeed sets the hash seed (default 0). Shingles with different seeds are
// unrelated.
func WithSeed(seed uint64) Option {
	return func(c *config) error { c.seed = seed; return nil }
}

// Params describes everything that determines a Shingler's output. Two
// Shinglers with equal Params produce equal output for every input. Params is
// comparable with ==.
type Params struct {
	Kind             Kind
	N                int
	Seed             uint64
	Level            normalize.Level // normalization level of the profile
	Language         string          // BCP 47 tag of the profile ("und" = automatic)
	NormalizeVersion int             // normalize.Version of the profile
	UnicodeVersion   string          // Unicode tables version of the profile
	FormatVersion    int             // shingle FormatVersion
}

// String returns a compact description such as
// "shingle/v1 words n=3 seed=0 norm=v1 level=2 lang=ur unicode=15.0.0".
func (p Params) String() string {
	return fmt.Sprintf("shingle/v%d %s n=%d seed=%#x norm=v%d level=%d lang=%s unicode=%s",
		p.FormatVersion, p.Kind, p.N, p.Seed, p.NormalizeVersion, p.Level, p.Language, p.UnicodeVersion)
}

// Shingle is one hashed n-gram. Start and End are the byte span [Start, End)
// of the ORIGINAL input (before normalization) that the n-gram came from.
type Shingle struct {
	Hash       uint64
	Start, End int32
}

// Shingler turns text into shingles. It is immutable and safe for concurrent
// use by multiple goroutines. The zero value is not usable: call New.
type Shingler struct {
	prof   *normalize.Profile
	norm   offsetNormalizer // prof, or an identity normalizer in tests
	params Params
	pool   sync.Pool // *scratch
}

type scratch struct {
	norm []byte
	offs []int32
	in   []byte
	tok  []byte
}

// New returns a Shingler over the output of p. It returns an error wrapping
// ErrInvalidOption for a bad option and ErrNilProfile for a nil p.
func New(p *normalize.Profile, opts ...Option) (*Shingler, error) {
	if p == nil {
		return nil, ErrNilProfile
	}
	c := config{kind: Words}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&c); err != nil {
			return nil, err
		}
	}
	if c.n == 0 {
		c.n = DefaultWordN
		if c.kind == Chars {
			c.n = DefaultCharN
		}
	}
	np := p.Params()
	s := &Shingler{prof: p, norm: p, params: Params{
		Kind:             c.kind,
		N:                c.n,
		Seed:             c.seed,
		Level:            np.Level,
		Language:         np.Language.String(),
		NormalizeVersion: int(np.Version),
		UnicodeVersion:   np.UnicodeVersion,
		FormatVersion:    FormatVersion,
	}}
	s.pool.New = func() any { return new(scratch) }
	return s, nil
}

// Params returns the parameters that determine s's output.
func (s *Shingler) Params() Params { return s.params }

// Profile returns the normalize profile s was built with.
func (s *Shingler) Profile() *normalize.Profile { return s.prof }

// AppendShingles appends the shingles of text to dst, in text order, and
// returns the extended slice. It does not retain text or dst. With enough
// capacity in dst it allocates nothing (scratch buffers are pooled).
func (s *Shingler) AppendShingles(dst []Shingle, text []byte) []Shingle {
	sc := s.pool.Get().(*scratch)
	s.run(sc, text, &dst, nil)
	s.pool.Put(sc)
	return dst
}

// AppendHashes appends the hashes of the shingles of text to dst (the same
// values, in the same order, as AppendShingles) and returns the extended
// slice. With enough capacity in dst it allocates nothing.
func (s *Shingler) AppendHashes(dst []uint64, text []byte) []uint64 {
	sc := s.pool.Get().(*scratch)
	s.run(sc, text, nil, &dst)
	s.pool.Put(sc)
	return dst
}

// AppendHashesString is AppendHashes for a string; it does not allocate a
// copy of text.
func (s *Shingler) AppendHashesString(dst []uint64, text string) []uint64 {
	sc := s.pool.Get().(*scratch)
	sc.in = append(sc.in[:0], text...)
	s.run(sc, sc.in, nil, &dst)
	s.pool.Put(sc)
	return dst
}

// AppendShinglesString is AppendShingles for a string; it does not allocate
// a copy of text.
func (s *Shingler) AppendShinglesString(dst []Shingle, text string) []Shingle {
	sc := s.pool.Get().(*scratch)
	sc.in = append(sc.in[:0], text...)
	s.run(sc, sc.in, &dst, nil)
	s.pool.Put(sc)
	return dst
}

func (s *Shingler) run(sc *scratch, text []byte, outS *[]Shingle, outH *[]uint64) {
	var st state
	st.init(s, sc.tok)
	for base := 0; base < len(text); {
		end := segmentEnd(text[base:], true)
		st.segment(s.norm, sc, text[base:base+end], int32(base), outS, outH)
		base += end
	}
	st.finish(outS, outH)
	sc.tok = st.tok[:0]
}
