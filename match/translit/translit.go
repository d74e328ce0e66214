package translit

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/internal/atomicfile"
	"github.com/gharbal/gharbal/match"
	"github.com/gharbal/gharbal/normalize"
	"github.com/gharbal/gharbal/normalize/namekey"
)

// Version is the version of the phonetic rendering (Render) and of the
// decisions around it; a snapshot made with another Version, or with
// another namekey.Version, is refused. Any change of any output bumps it.
const Version = 1

const (
	// DefaultThreshold is the smallest Jaccard similarity of two texts'
	// key-bigram sets reported as a transliteration (and the smallest
	// containment of an item's set in a longer post's). On 640 three-sentence
	// Roman Urdu / Urdu pairs it recalls 80% of the pairs, and none of the
	// 408,960 unrelated pairs of the same sentences reaches it.
	DefaultThreshold = 0.3
	// DefaultBands and DefaultRows are the LSH band shape over the MinHash of
	// the key bigrams: a pair at Jaccard 0.3 becomes a candidate with
	// probability 0.90, at 0.4 with 0.985.
	DefaultBands = 24
	DefaultRows  = 2
	// MinTokens is the fewest keyed tokens (words with a consonant) a text
	// needs: shorter texts share too many keys by chance. Add refuses
	// shorter items with ErrTooShort; Match ignores shorter posts.
	MinTokens = 4
	// MaxTextBytes bounds the text looked at: input beyond it is ignored.
	MaxTextBytes = 64 << 10
)

// ErrTooShort is returned (wrapped, with match.ErrInvalidItem) for an item
// whose text has fewer than MinTokens keyed tokens or no Latin or
// Arabic-script letter.
var ErrTooShort = errors.New("translit: text too short for transliteration matching")

// ErrForeign and ErrIncompatible are wrapped by ReadIndex: the input is not
// a transliteration snapshot, or was written by another Version or
// namekey.Version. Errors of the inner index snapshot are match's.
var (
	ErrForeign      = errors.New("translit: not a transliteration snapshot")
	ErrIncompatible = errors.New("translit: incompatible snapshot")
)

// Option configures an Index.
type Option func(*config) error

type config struct {
	threshold   float64
	bands, rows int
}

// WithThreshold sets the smallest key-bigram Jaccard similarity (and
// containment) reported, in (0, 1]. Default DefaultThreshold. It is a
// query-time setting: ReadIndex accepts it too.
func WithThreshold(j float64) Option {
	return func(c *config) error {
		if !(j > 0 && j <= 1) || math.IsNaN(j) {
			return fmt.Errorf("%w: threshold %v not in (0, 1]", match.ErrInvalidOption, j)
		}
		c.threshold = j
		return nil
	}
}

// WithBands sets the LSH band shape (see match.WithBands). Default
// DefaultBands x DefaultRows. It changes the fingerprints: a snapshot keeps
// its own.
func WithBands(bands, rows int) Option {
	return func(c *config) error { c.bands, c.rows = bands, rows; return nil }
}

// Index matches posts against banned texts written in another script.
//
// It holds, for each item, the phonetic rendering of its text (Render) in
// a match.Index of its own, and reports only pairs of different scripts
// (an Arabic-script item and a Latin-script post, or the other way round):
// same-script copies are the main index's job, and its signals are far
// more precise for them.
//
// An *Index is safe for concurrent use by multiple goroutines, as a
// match.Index is: any number of Match calls may run while Add, AddBatch or
// Remove run. The zero Index is not usable: call NewIndex or ReadIndex.
type Index struct {
	cfg     config
	keyer   *namekey.Keyer
	inner   *match.Index
	writeMu sync.Mutex // one writer at a time: an ID is checked under both scripts, then added
}

// NewIndex returns an empty Index. It returns an error wrapping
// match.ErrInvalidOption when an option is out of range.
func NewIndex(opts ...Option) (*Index, error) {
	cfg := config{threshold: DefaultThreshold, bands: DefaultBands, rows: DefaultRows}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	inner, err := match.NewIndex(cfg.innerOptions(true)...)
	if err != nil {
		return nil, err
	}
	return newIndex(cfg, inner)
}

func newIndex(cfg config, inner *match.Index) (*Index, error) {
	// only the primary key of a token is rendered: no alternatives to make
	k, err := namekey.New(namekey.WithMaxAlternatives(1))
	if err != nil {
		return nil, err
	}
	return &Index{cfg: cfg, keyer: k, inner: inner}, nil
}

// Params describes an Index: the versions of its rendering and keys and the
// parameters of its inner match.Index (thresholds, bands, normalization).
type Params struct {
	Version        int          `json:"version"`         // Version
	NamekeyVersion int          `json:"namekey_version"` // namekey.Version
	Index          match.Params `json:"index"`           // the inner index
}

// Params returns the index's parameters.
func (x *Index) Params() Params {
	return Params{Version: Version, NamekeyVersion: namekey.Version, Index: x.inner.Params()}
}

// innerOptions are the options of the inner index: the rendering is plain
// lower-case ASCII, so Canonical normalization is enough.
func (c *config) innerOptions(fingerprints bool) []match.Option {
	opts := []match.Option{
		match.WithTextThreshold(c.threshold),
		match.WithContainmentThreshold(c.threshold, match.DefaultMinContainedShingles),
	}
	if fingerprints {
		opts = append(opts, match.WithBands(c.bands, c.rows), match.WithNormalization(normalize.Canonical, language.Und))
	}
	return opts
}

// script is the dominant script of a text.
type script byte

const (
	scriptNone   script = 0
	scriptArabic script = 'a'
	scriptLatin  script = 'l'
)

func scriptOf(text string) script {
	var ar, la int
	for _, r := range text {
		switch {
		case r < 0x80:
			if r|0x20 >= 'a' && r|0x20 <= 'z' {
				la++
			}
		case unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r):
			ar++
		case unicode.Is(unicode.Latin, r):
			la++
		}
	}
	switch {
	case ar > la:
		return scriptArabic
	case la > ar:
		return scriptLatin
	}
	return scriptNone
}

// rendering is the phonetic text of a post and, for each of its words, the
// byte range of the source token.
type rendering struct {
	text  string
	words [][2]int // per rendered word: its range in text
	src   [][2]int // per rendered word: the source token's range
}

// render writes each keyed token of text as a word "q" + its primary key
// in lower case, twice: the inner index's word 3-shingles of the doubled
// sequence (a a b, a b b, b b c ...) each depend on two consecutive
// tokens, so they are the key bigrams, which separate transliterated
// copies from unrelated texts far better than single keys do.
func (x *Index) render(text string) rendering {
	if len(text) > MaxTextBytes {
		text = text[:MaxTextBytes]
	}
	toks := x.keyer.TextTokens(text)
	var b strings.Builder
	r := rendering{words: make([][2]int, 0, 2*len(toks)), src: make([][2]int, 0, 2*len(toks))}
	for _, t := range toks {
		for range 2 {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			start := b.Len()
			b.WriteByte('q')
			b.WriteString(strings.ToLower(t.Key.Primary))
			r.words = append(r.words, [2]int{start, b.Len()})
			r.src = append(r.src, [2]int{t.Start, t.End})
		}
	}
	r.text = b.String()
	return r
}

// Render returns the phonetic rendering of text that the index compares:
// each word with a consonant as its namekey key, in order, each twice. For
// notebooks and for explaining a match.
func (x *Index) Render(text string) string { return x.render(text).text }

// Add adds the text of one item (ID, Label, Meta and Text are used; PDQ and
// digests are ignored). It returns an error wrapping match.ErrInvalidItem
// and ErrTooShort for a text with fewer than MinTokens keyed tokens,
// match.ErrInvalidItem for a bad ID or label, and match.ErrDuplicateID
// when the ID is present.
func (x *Index) Add(it match.Item) error {
	in, err := x.prepare(it)
	if err != nil {
		return err
	}
	x.writeMu.Lock()
	defer x.writeMu.Unlock()
	if _, ok := x.find(it.ID); ok {
		return fmt.Errorf("%w: %q", match.ErrDuplicateID, it.ID)
	}
	return x.inner.Add(in)
}

// AddBatch adds items as one write: all of them, or none and a
// *match.BatchError naming the first item refused (see Add).
func (x *Index) AddBatch(items []match.Item) error {
	_, err := x.addBatch(items, false)
	return err
}

// AddUsable adds, as one write, the items whose text is long enough for
// transliteration matching, and returns how many it left out (those Add
// refuses with ErrTooShort): the way to index the texts of a whole banned
// set. Any other refusal adds nothing and is a *match.BatchError, as in
// AddBatch.
func (x *Index) AddUsable(items []match.Item) (skipped int, err error) {
	return x.addBatch(items, true)
}

func (x *Index) addBatch(items []match.Item, skipShort bool) (int, error) {
	ins := make([]match.Item, 0, len(items))
	pos := make([]int, 0, len(items)) // index in items of each of ins
	x.writeMu.Lock()
	defer x.writeMu.Unlock()
	seen := make(map[string]bool, len(items))
	skipped := 0
	for i, it := range items {
		in, err := x.prepare(it)
		if skipShort && errors.Is(err, ErrTooShort) {
			skipped++
			continue
		}
		if err != nil {
			return 0, &match.BatchError{Index: i, Err: err}
		}
		if _, ok := x.find(it.ID); ok || seen[it.ID] {
			return 0, &match.BatchError{Index: i, Err: fmt.Errorf("%w: %q", match.ErrDuplicateID, it.ID)}
		}
		seen[it.ID] = true
		ins, pos = append(ins, in), append(pos, i)
	}
	if err := x.inner.AddBatch(ins); err != nil {
		var be *match.BatchError
		if errors.As(err, &be) && be.Index < len(pos) {
			return 0, &match.BatchError{Index: pos[be.Index], Err: be.Err}
		}
		return 0, err
	}
	return skipped, nil
}

// CheckText returns nil if an item with text can be added, else the
// error Add would return (wrapping ErrTooShort).
func (x *Index) CheckText(text string) error {
	_, err := x.prepare(match.Item{ID: "-", Text: text})
	return err
}

// prepare returns the inner item: the ID prefixed with the script of the
// text, the rendering as its text.
func (x *Index) prepare(it match.Item) (match.Item, error) {
	if it.ID == "" || len(it.ID) > match.MaxIDBytes-2 {
		return match.Item{}, fmt.Errorf("%w: id of %d bytes (1..%d)", match.ErrInvalidItem, len(it.ID), match.MaxIDBytes-2)
	}
	sc := scriptOf(it.Text)
	r := x.render(it.Text)
	if n := len(r.words) / 2; sc == scriptNone || n < MinTokens {
		return match.Item{}, fmt.Errorf("%w: %w: %q has %d keyed tokens (need %d) and script %q", match.ErrInvalidItem, ErrTooShort, it.ID, n, MinTokens, sc)
	}
	return match.Item{ID: string(sc) + ":" + it.ID, Label: it.Label, Meta: it.Meta, Text: r.text}, nil
}

// find returns the inner ID of id.
func (x *Index) find(id string) (string, bool) {
	for _, sc := range []script{scriptArabic, scriptLatin} {
		in := string(sc) + ":" + id
		if x.inner.Contains(in) {
			return in, true
		}
	}
	return "", false
}

// Remove removes the item with the given ID, returning an error wrapping
// match.ErrNotFound if there is none.
func (x *Index) Remove(id string) error {
	x.writeMu.Lock()
	defer x.writeMu.Unlock()
	in, ok := x.find(id)
	if !ok {
		return fmt.Errorf("%w: %q", match.ErrNotFound, id)
	}
	return x.inner.Remove(in)
}

// Contains reports whether an item with the given ID is in the index.
func (x *Index) Contains(id string) bool {
	_, ok := x.find(id)
	return ok
}

// Len returns the number of items.
func (x *Index) Len() int { return x.inner.Len() }

// Match returns the items whose text text transliterates (or that
// transliterate text), best first, with Signal SignalTransliteration and
// Spans in text: the source words of the matched key shingles. Posts with
// fewer than MinTokens keyed tokens, or in the same script as an item,
// match nothing. Match never fails.
func (x *Index) Match(text string) []match.Match {
	sc := scriptOf(text)
	if sc == scriptNone {
		return nil
	}
	r := x.render(text)
	if len(r.words)/2 < MinTokens {
		return nil
	}
	var out []match.Match
	seen := map[string]bool{}
	for _, m := range x.inner.MatchText(r.text) {
		if len(m.ItemID) < 2 || script(m.ItemID[0]) == sc {
			continue
		}
		id := m.ItemID[2:]
		if seen[id] {
			continue // text and containment of one item: the best is first
		}
		seen[id] = true
		m.ItemID = id
		m.Signal = match.SignalTransliteration
		m.Spans = r.sourceSpans(m.Spans)
		out = append(out, m)
	}
	return out
}

// sourceSpans maps byte ranges of the rendering to the passages of the
// post they come from: each range becomes the stretch of the post from its
// first source word to its last, and stretches that overlap or touch are
// merged.
func (r *rendering) sourceSpans(spans [][2]int) [][2]int {
	var out [][2]int
	w := 0
	for _, sp := range spans {
		for w < len(r.words) && r.words[w][1] <= sp[0] {
			w++
		}
		last := w
		for last < len(r.words) && r.words[last][0] < sp[1] {
			last++
		}
		if last == w {
			continue
		}
		s := [2]int{r.src[w][0], r.src[last-1][1]}
		for k := w; k < last; k++ { // a rune may expand to tokens out of order
			s[0], s[1] = min(s[0], r.src[k][0]), max(s[1], r.src[k][1])
		}
		if n := len(out); n > 0 && s[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], s[1])
		} else {
			out = append(out, s)
		}
	}
	return out
}

// WriteFile writes a snapshot to path atomically, as match.Index.WriteFile
// does: readers of path see the old snapshot or the new one, never a part.
func (x *Index) WriteFile(path string) error { return atomicfile.Write(path, x.WriteTo) }

// ReadFile is ReadIndex of the named file.
func ReadFile(path string, maxBytes int64, opts ...Option) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	x, err := ReadIndex(bufio.NewReaderSize(f, 1<<20), maxBytes, opts...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return x, nil
}

const magic = "GHTRLIT\x00"

// WriteTo writes a snapshot of the index to w: a header with Version and
// namekey.Version, then the inner match.Index snapshot. It may run while
// other goroutines use the index; it writes one consistent state.
func (x *Index) WriteTo(w io.Writer) (int64, error) {
	var hdr [16]byte
	copy(hdr[:], magic)
	binary.LittleEndian.PutUint32(hdr[8:], Version)
	binary.LittleEndian.PutUint32(hdr[12:], namekey.Version)
	n, err := w.Write(hdr[:])
	if err != nil {
		return int64(n), err
	}
	m, err := x.inner.WriteTo(w)
	return int64(n) + m, err
}

// ReadIndex reads a snapshot written by WriteTo, reading at most maxBytes
// bytes. Errors wrap ErrForeign, ErrIncompatible, or the inner snapshot's
// match errors (ErrTruncated, ErrCorrupt, ErrTooLarge ...). opts may set
// the threshold; WithBands must agree with the snapshot.
func ReadIndex(r io.Reader, maxBytes int64, opts ...Option) (*Index, error) {
	var hdr [16]byte
	if maxBytes < int64(len(hdr)) {
		return nil, fmt.Errorf("%w: limit of %d bytes", match.ErrTooLarge, maxBytes)
	}
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrForeign, err)
	}
	if string(hdr[:8]) != magic {
		return nil, fmt.Errorf("%w: magic %q", ErrForeign, hdr[:8])
	}
	if v, kv := binary.LittleEndian.Uint32(hdr[8:]), binary.LittleEndian.Uint32(hdr[12:]); v != Version || kv != namekey.Version {
		return nil, fmt.Errorf("%w: translit version %d, namekey version %d; this build has %d and %d", ErrIncompatible, v, kv, Version, namekey.Version)
	}
	cfg := config{threshold: DefaultThreshold, bands: -1}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	inner, err := match.ReadIndex(r, maxBytes-int64(len(hdr)), cfg.innerOptions(false)...)
	if err != nil {
		return nil, err
	}
	p := inner.Params()
	if cfg.bands >= 0 && (cfg.bands != p.Bands || cfg.rows != p.Rows) {
		return nil, fmt.Errorf("%w: bands %dx%d, snapshot has %dx%d", ErrIncompatible, cfg.bands, cfg.rows, p.Bands, p.Rows)
	}
	cfg.bands, cfg.rows = p.Bands, p.Rows
	return newIndex(cfg, inner)
}
