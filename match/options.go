package match

import (
	"errors"
	"fmt"
	"math"

	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/normalize"
)

// Defaults. Each is overridable with the Option of the same name; the doc
// comment of the package explains how they were chosen.
const (
	// DefaultTextThreshold is the smallest exact Jaccard similarity of word
	// 3-shingle sets reported as SignalText.
	DefaultTextThreshold = 0.5
	// DefaultContainmentThreshold is the smallest containment |I ∩ Q| / |I|
	// reported as SignalContainment.
	DefaultContainmentThreshold = 0.5
	// DefaultMinContainedShingles is the smallest number of the item's
	// shingles that must occur in the query for SignalContainment.
	DefaultMinContainedShingles = 8
	// DefaultPDQThreshold is the largest PDQ Hamming distance reported
	// (pdq.MatchThreshold, as Meta, HMA and ThreatExchange use).
	DefaultPDQThreshold = 31
	// DefaultPrefilterRate is the target fraction of unrelated posts that
	// pass the Bloom prefilter (per query, not per key).
	DefaultPrefilterRate = 0.005
	// DefaultBands and DefaultRows are the LSH band shape over MinHash
	// values: a pair at Jaccard J becomes a band candidate with probability
	// 1-(1-J^Rows)^Bands (0.90 at J = 0.5, 0.97 at J = 0.6); the
	// containment keys propose most of the rest (measured recall 0.997 at
	// 10^6 posts), at 8 bytes per band per item.
	DefaultBands = 8
	DefaultRows  = 2
	// DefaultWindow is the winnowing window over 5-word keys for
	// containment: any passage of at least DefaultWindow+4 words that the
	// query shares with an item is found.
	DefaultWindow = 12
	// MinTextTokens is the number of word tokens below which a text is
	// matched only by its exact normalized form (SignalTextExact): Jaccard
	// of so few shingles is noise.
	MinTextTokens = 8
	// MaxIDBytes and MaxLabelBytes bound an item's ID and Label.
	MaxIDBytes    = 1024
	MaxLabelBytes = 1024
)

// Errors. All errors returned by this package wrap one of these (or an I/O
// error from the reader or writer given to it).
var (
	// ErrInvalidOption: an Option value out of range (NewIndex).
	ErrInvalidOption = errors.New("match: invalid option")
	// ErrInvalidItem: an Item without ID or signal, or with a malformed
	// digest or hash (Add, AddBatch, Apply).
	ErrInvalidItem = errors.New("match: invalid item")
	// ErrDuplicateID: Add of an ID already in the index.
	ErrDuplicateID = errors.New("match: duplicate item id")
	// ErrNotFound: Remove of an ID not in the index.
	ErrNotFound = errors.New("match: item not found")
	// ErrLowQuality: a PDQ hash of quality below the minimum (PDQQuery).
	ErrLowQuality = errors.New("match: image quality too low")
	// ErrCorrupt: a snapshot or log whose bytes fail a checksum or a
	// structural check.
	ErrCorrupt = errors.New("match: corrupt data")
	// ErrTruncated: a snapshot or log that ends early.
	ErrTruncated = errors.New("match: truncated data")
	// ErrForeign: the bytes are not a gharbal snapshot or log (bad magic).
	ErrForeign = errors.New("match: not a gharbal index file")
	// ErrIncompatible: a snapshot or log written by another format version,
	// or with parameters (normalization version, Unicode version, shingle
	// or MinHash parameters) this build cannot reproduce.
	ErrIncompatible = errors.New("match: incompatible version or parameters")
	// ErrTooLarge: a snapshot, log entry or list larger than the caller's
	// limit.
	ErrTooLarge = errors.New("match: data larger than limit")
	// ErrOutOfOrder: a log entry whose sequence number is not the index's
	// next one.
	ErrOutOfOrder = errors.New("match: log entry out of order")
)

// Option configures an Index. Options are validated once, by NewIndex (or
// NewBuilder, ReadIndex); an Option is a pure function, safe to reuse.
type Option func(*config) error

type config struct {
	textThreshold    float64
	containThreshold float64
	minContained     int
	pdqThreshold     int
	pdqLinear        bool
	simhashThreshold int // -1: disabled
	prefilterRate    float64
	bands, rows      int
	window           int
	level            normalize.Level
	lang             language.Tag
	seed             uint64
	maxDelta         int

	bloom bloomGeometry // derived from prefilterRate by newIndex
}

func defaultConfig() config {
	return config{
		textThreshold:    DefaultTextThreshold,
		containThreshold: DefaultContainmentThreshold,
		minContained:     DefaultMinContainedShingles,
		pdqThreshold:     DefaultPDQThreshold,
		simhashThreshold: -1,
		prefilterRate:    DefaultPrefilterRate,
		bands:            DefaultBands,
		rows:             DefaultRows,
		window:           DefaultWindow,
		level:            normalize.Aggressive,
		lang:             language.Und,
		maxDelta:         2048,
	}
}

func unit(name string, v float64) error {
	if !(v > 0 && v <= 1) || math.IsNaN(v) {
		return fmt.Errorf("%w: %s %v not in (0, 1]", ErrInvalidOption, name, v)
	}
	return nil
}

// WithTextThreshold sets the smallest Jaccard similarity reported as
// SignalText, in (0, 1]. Default DefaultTextThreshold.
func WithTextThreshold(j float64) Option {
	return func(c *config) error {
		if err := unit("text threshold", j); err != nil {
			return err
		}
		c.textThreshold = j
		return nil
	}
}

// WithContainmentThreshold sets the smallest containment reported as
// SignalContainment, in (0, 1], and the smallest number of the item's
// shingles that must be found (>= 1). Default DefaultContainmentThreshold
// and DefaultMinContainedShingles.
func WithContainmentThreshold(c float64, minShingles int) Option {
	return func(cf *config) error {
		if err := unit("containment threshold", c); err != nil {
			return err
		}
		if minShingles < 1 || minShingles > 1<<20 {
			return fmt.Errorf("%w: min contained shingles %d", ErrInvalidOption, minShingles)
		}
		cf.containThreshold, cf.minContained = c, minShingles
		return nil
	}
}

// WithPDQThreshold sets the largest PDQ Hamming distance reported, 0..63
// (multi-index hashing answers exactly up to 63; beyond 47 it is slower than
// a scan). Default DefaultPDQThreshold.
func WithPDQThreshold(d int) Option {
	return func(c *config) error {
		if d < 0 || d > 63 {
			return fmt.Errorf("%w: pdq threshold %d not in [0, 63]", ErrInvalidOption, d)
		}
		c.pdqThreshold = d
		return nil
	}
}

// WithPDQLinearScan makes PDQ lookups scan every hash instead of using
// multi-index hashing. It is the baseline the benchmarks compare against;
// results are identical.
func WithPDQLinearScan() Option {
	return func(c *config) error { c.pdqLinear = true; return nil }
}

// WithSimHash enables the SimHash signal for text items, reporting items
// whose 64-bit SimHash is within d bits (0..15) of the query's. Disabled by
// default: on short posts SimHash is far less precise than MinHash with
// verification (see research note neardup.md §4.5).
func WithSimHash(d int) Option {
	return func(c *config) error {
		if d < 0 || d > 15 {
			return fmt.Errorf("%w: simhash threshold %d not in [0, 15]", ErrInvalidOption, d)
		}
		c.simhashThreshold = d
		return nil
	}
}

// WithPrefilterRate sets the target fraction of unrelated queries that pass
// the Bloom prefilter, in (0, 0.5]. The filter is sized per key for this
// per-query rate. Default DefaultPrefilterRate.
func WithPrefilterRate(p float64) Option {
	return func(c *config) error {
		if !(p > 0 && p <= 0.5) {
			return fmt.Errorf("%w: prefilter rate %v not in (0, 0.5]", ErrInvalidOption, p)
		}
		c.prefilterRate = p
		return nil
	}
}

// WithBands sets the LSH band shape: bands of rows MinHash values each
// (bands*rows <= 256, rows 1..8). More bands raise recall near the
// threshold and memory (8 bytes per band per item). Default DefaultBands x
// DefaultRows.
func WithBands(bands, rows int) Option {
	return func(c *config) error {
		if bands < 1 || rows < 1 || rows > 8 || bands*rows > 256 {
			return fmt.Errorf("%w: bands %d x rows %d", ErrInvalidOption, bands, rows)
		}
		c.bands, c.rows = bands, rows
		return nil
	}
}

// WithWindow sets the winnowing window for containment keys, 1..64.
// Smaller windows find shorter passages and cost more memory. Default
// DefaultWindow.
func WithWindow(w int) Option {
	return func(c *config) error {
		if w < 1 || w > 64 {
			return fmt.Errorf("%w: window %d not in [1, 64]", ErrInvalidOption, w)
		}
		c.window = w
		return nil
	}
}

// WithNormalization selects the normalize level and language used for text
// fingerprints. Default normalize.Aggressive, language.Und (automatic).
func WithNormalization(level normalize.Level, tag language.Tag) Option {
	return func(c *config) error {
		if _, err := normalize.New(level, tag); err != nil {
			return fmt.Errorf("%w: %v", ErrInvalidOption, err)
		}
		c.level, c.lang = level, tag
		return nil
	}
}

// WithSeed sets the seed of every text hash (shingles, MinHash, keys).
// Indexes with different seeds cannot share snapshots. Default 0. A secret
// seed makes band keys harder to forge, not impossible.
func WithSeed(seed uint64) Option {
	return func(c *config) error { c.seed = seed; return nil }
}

// Params describes everything that determines an Index's fingerprints and
// decisions; it is stored in snapshots and compared on load. It is a
// comparable value.
type Params struct {
	FormatVersion        int     `json:"format_version"`        // snapshot format version (SnapshotVersion)
	NormalizeVersion     int     `json:"normalize_version"`     // normalize.Version
	UnicodeVersion       string  `json:"unicode_version"`       // Unicode tables of the normalizer
	Level                int     `json:"normalize_level"`       // normalize level
	Language             string  `json:"language"`              // BCP 47 tag of the normalizer
	ShingleVersion       int     `json:"shingle_version"`       // shingle.FormatVersion
	ShingleN             int     `json:"shingle_n"`             // words per shingle (3)
	MinHashVersion       int     `json:"minhash_version"`       // minhash.FormatVersion
	Seed                 uint64  `json:"seed"`                  // text hash seed
	Bands                int     `json:"bands"`                 // LSH bands
	Rows                 int     `json:"rows"`                  // LSH rows per band
	Window               int     `json:"window"`                // winnowing window
	TextThreshold        float64 `json:"text_threshold"`        // SignalText threshold
	ContainmentThreshold float64 `json:"containment_threshold"` // SignalContainment threshold
	MinContained         int     `json:"min_contained"`         // SignalContainment minimum shingles
	PDQThreshold         int     `json:"pdq_threshold"`         // SignalPDQ threshold
	SimHashThreshold     int     `json:"simhash_threshold"`     // SignalSimHash threshold, -1 if disabled
	PrefilterRate        float64 `json:"prefilter_rate"`        // target per-query prefilter pass rate
}
