package normalize

// INTERIM SKELETON written by the lead so that other packages compile against the
// API below. The normalize owner replaces the implementation (and this comment);
// the exported signatures here are the contract other packages use.

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Version is the normalization table and behaviour version. Any change to any
// output at any level bumps it.
const Version = 0

// Level selects how much a Profile folds.
type Level uint8

const (
	Canonical Level = iota + 1
	Conservative
	Aggressive
)

// ErrUnsupported is returned by New for a language it has no tables for.
var ErrUnsupported = errors.New("normalize: unsupported language")

// Profile is an immutable normalizer. Safe for concurrent use.
type Profile struct {
	level Level
	tag   language.Tag
}

// Option configures a Profile.
type Option func(*Profile) error

// New returns a Profile for level and language; language.Und means auto.
func New(level Level, tag language.Tag, opts ...Option) (*Profile, error) {
	if level < Canonical || level > Aggressive {
		return nil, fmt.Errorf("normalize: invalid level %d", level)
	}
	p := &Profile{level: level, tag: tag}
	for _, o := range opts {
		if err := o(p); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Params describes a Profile's effective settings.
type Params struct {
	Level          Level
	Language       language.Tag
	Version        int
	UnicodeVersion string
}

// Params returns p's effective settings.
func (p *Profile) Params() Params {
	return Params{Level: p.level, Language: p.tag, Version: Version, UnicodeVersion: norm.Version}
}

// String returns the normalized form of s.
func (p *Profile) String(s string) string {
	out, _ := p.AppendOffsets(nil, nil, []byte(s))
	return string(out)
}

// Append appends the normalized form of src to dst.
func (p *Profile) Append(dst, src []byte) []byte {
	out, _ := p.AppendOffsets(dst, nil, src)
	return out
}

// AppendOffsets appends the normalized form of src to dst and, for every byte
// appended to dst, appends to offs the byte offset in src of the start of the
// input that produced it. A caller maps an output range [i, j) back to the
// input range [offs[i], offs[j]) (or len(src) when j is the end).
func (p *Profile) AppendOffsets(dst []byte, offs []int32, src []byte) ([]byte, []int32) {
	fold := cases.Fold()
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 || r == 0x0640 || unicode.Is(unicode.Cf, r) || (p.level >= Conservative && unicode.Is(unicode.Mn, r)) {
			i += n
			continue
		}
		s := norm.NFKC.String(string(r))
		if p.level >= Conservative {
			s = fold.String(s)
		}
		for k := 0; k < len(s); k++ {
			offs = append(offs, int32(i))
		}
		dst = append(dst, s...)
		i += n
	}
	return dst, offs
}
