package match

import (
	"fmt"
	"image"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/gharbal/gharbal/fingerprint/pdq"
)

// Index holds banned items and answers which of them a query copies.
//
// An *Index is safe for concurrent use by multiple goroutines: any number of
// Match calls may run while Add, AddBatch, Remove or Apply run. Queries
// never block and never wait for a write: each loads the current immutable
// state (a large base segment, a small delta of recent additions and a set
// of removed base items) through an atomic pointer, so it sees the index
// either before or after each write, never half of one. Writes are
// serialized with a mutex; each builds the next state and publishes it. The
// zero Index is not usable: call NewIndex or ReadIndex.
type Index struct {
	cfg config
	fp  *fingerprinter

	view    atomic.Pointer[view]
	writeMu sync.Mutex // serializes writers
}

// NewIndex returns an empty Index. It returns an error wrapping
// ErrInvalidOption when an option is out of range.
func NewIndex(opts ...Option) (*Index, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	return newIndex(cfg)
}

func newIndex(cfg config) (*Index, error) {
	cfg.bloom = geometryFor(perKeyRate(cfg.prefilterRate, keysPerQuery(&cfg)))
	fp, err := newFingerprinter(&cfg)
	if err != nil {
		return nil, err
	}
	ix := &Index{cfg: cfg, fp: fp}
	ix.view.Store(&view{base: buildSegment(&ix.cfg, nil, false)})
	return ix, nil
}

// prepare validates it and computes its fingerprints.
func (ix *Index) prepare(it *Item) (prepared, error) {
	switch {
	case it.ID == "":
		return prepared{}, fmt.Errorf("%w: empty id", ErrInvalidItem)
	case len(it.ID) > MaxIDBytes:
		return prepared{}, fmt.Errorf("%w: id longer than %d bytes", ErrInvalidItem, MaxIDBytes)
	case !utf8.ValidString(it.ID):
		return prepared{}, fmt.Errorf("%w: id is not valid UTF-8", ErrInvalidItem)
	case len(it.Label) > MaxLabelBytes:
		return prepared{}, fmt.Errorf("%w: item %q: label longer than %d bytes", ErrInvalidItem, it.ID, MaxLabelBytes)
	case it.MD5 != nil && len(it.MD5) != 16:
		return prepared{}, fmt.Errorf("%w: item %q: md5 of %d bytes, want 16", ErrInvalidItem, it.ID, len(it.MD5))
	case it.SHA256 != nil && len(it.SHA256) != 32:
		return prepared{}, fmt.Errorf("%w: item %q: sha256 of %d bytes, want 32", ErrInvalidItem, it.ID, len(it.SHA256))
	}
	p := prepared{id: it.ID, label: it.Label, md5: slices.Clone(it.MD5), sha: slices.Clone(it.SHA256)}
	if len(it.Meta) > 0 {
		p.meta = make(map[string]string, len(it.Meta))
		for k, v := range it.Meta {
			p.meta[k] = v
		}
	}
	for _, h := range it.PDQ {
		if h.IsZero() {
			return prepared{}, fmt.Errorf("%w: item %q: zero PDQ hash", ErrInvalidItem, it.ID)
		}
		p.pdq = append(p.pdq, pdqWords((*[32]byte)(&h)))
	}
	if it.Text != "" {
		sc := ix.fp.pool.Get().(*scratch)
		ix.fp.fingerprint(sc, it.Text)
		p.text = sc.fp.clone()
		ix.fp.put(sc)
	}
	if p.text.kind == textNone && len(p.pdq) == 0 && p.md5 == nil && p.sha == nil {
		return prepared{}, fmt.Errorf("%w: item %q has no signal (text with words, pdq, md5 or sha256)", ErrInvalidItem, it.ID)
	}
	return p, nil
}

// find returns where id lives in v: segment 0 (base, alive) or 1 (delta),
// and the item number; ok is false when absent.
func (v *view) find(id string) (seg uint8, item int, ok bool) {
	if i := v.base.find(id); i >= 0 && !v.isDead(uint32(i)) {
		return 0, i, true
	}
	if i := v.delta.find(id); i >= 0 {
		return 1, i, true
	}
	return 0, 0, false
}

// publish installs the state made of base, dead and delta, compacting
// when the delta or the removed set has grown.
func (ix *Index) publish(base *segment, dead []uint64, ndead int, deltaPreps []prepared, seq uint64) {
	c := &ix.cfg
	var delta *segment
	if len(deltaPreps) > 0 {
		delta = buildSegment(c, deltaPreps, true)
	}
	if len(deltaPreps) >= c.deltaLimit(base.n) || (ndead > 0 && ndead >= base.n/4) {
		base = mergeSegments(c, base, dead, delta)
		dead, ndead, delta = nil, 0, nil
	}
	ix.view.Store(&view{base: base, dead: dead, ndead: ndead, delta: delta, seq: seq})
}

func deltaPreps(v *view) []prepared {
	if v.delta == nil {
		return nil
	}
	return v.delta.preps
}

// deltaLimit is the size at which the delta is merged into a base of n
// items: about sqrt(n), balancing the delta rebuild on every Add against the
// merge of the whole base.
func (c *config) deltaLimit(n int) int {
	d := 64
	for d*d < n && d < c.maxDelta {
		d *= 2
	}
	return d
}

// Add adds one item. It returns an error wrapping ErrInvalidItem for an
// item without ID or signals or with malformed digests, and ErrDuplicateID
// when the ID is already present (Remove it first to replace it). On
// success Seq increases by one. Add costs a rebuild of the small delta
// segment; use AddBatch for many items.
func (ix *Index) Add(it Item) error {
	p, err := ix.prepare(&it)
	if err != nil {
		return err
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	v := ix.view.Load()
	if _, _, ok := v.find(p.id); ok {
		return fmt.Errorf("%w: %q", ErrDuplicateID, p.id)
	}
	preps := append(slices.Clip(deltaPreps(v)), p)
	ix.publish(v.base, v.dead, v.ndead, preps, v.seq+1)
	return nil
}

// BatchError is the error AddBatch and Builder return for an invalid or
// duplicate item: its position in the batch and the reason (wrapping
// ErrInvalidItem or ErrDuplicateID). It is not retained by the Index.
type BatchError struct {
	Index int
	Err   error
}

func (e *BatchError) Error() string { return fmt.Sprintf("item %d: %v", e.Index, e.Err) }
func (e *BatchError) Unwrap() error { return e.Err }

// AddBatch adds items as one write: either all are added or, on the first
// invalid or duplicate item, none; the error is then a *BatchError naming
// the item's position.
// Fingerprints are computed on all CPUs; it is the fast way to build a large
// index. On success Seq increases by len(items).
func (ix *Index) AddBatch(items []Item) error {
	preps, err := ix.prepareAll(items)
	if err != nil {
		return err
	}
	seen := make(map[string]int, len(items))
	for i := range preps {
		if j, ok := seen[preps[i].id]; ok {
			return &BatchError{i, fmt.Errorf("%w: %q (also item %d)", ErrDuplicateID, preps[i].id, j)}
		}
		seen[preps[i].id] = i
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	v := ix.view.Load()
	for i := range preps {
		if _, _, ok := v.find(preps[i].id); ok {
			return &BatchError{i, fmt.Errorf("%w: %q", ErrDuplicateID, preps[i].id)}
		}
	}
	all := append(slices.Clip(deltaPreps(v)), preps...)
	c := &ix.cfg
	if len(all) < c.deltaLimit(v.base.n) {
		ix.publish(v.base, v.dead, v.ndead, all, v.seq+uint64(len(items)))
		return nil
	}
	base := mergeSegments(c, v.base, v.dead, buildSegment(c, all, false))
	ix.view.Store(&view{base: base, seq: v.seq + uint64(len(items))})
	return nil
}

// Remove removes the item with the given ID, returning ErrNotFound if there
// is none. On success Seq increases by one.
func (ix *Index) Remove(id string) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	return ix.removeLocked(id)
}

func (ix *Index) removeLocked(id string) error {
	v := ix.view.Load()
	seg, i, ok := v.find(id)
	if !ok {
		return fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	if seg == 1 {
		preps := slices.Delete(slices.Clone(v.delta.preps), i, i+1)
		ix.publish(v.base, v.dead, v.ndead, preps, v.seq+1)
		return nil
	}
	dead := make([]uint64, (v.base.n+63)/64)
	copy(dead, v.dead)
	dead[i>>6] |= 1 << (i & 63)
	ix.publish(v.base, dead, v.ndead+1, deltaPreps(v), v.seq+1)
	return nil
}

// Match returns the items q matches, best first (highest Score, then
// signal, then insertion order), at most one Match per item and signal. It
// returns nil when nothing matches. Match never fails: malformed input
// (invalid UTF-8, zero hashes, wrong digest lengths) simply matches nothing
// through that signal.
func (ix *Index) Match(q Query) []Match { return ix.AppendMatches(nil, q) }

// MatchText is Match(Query{Text: text}).
func (ix *Index) MatchText(text string) []Match { return ix.Match(Query{Text: text}) }

// Contains reports whether an item with the given ID is in the index.
func (ix *Index) Contains(id string) bool {
	_, _, ok := ix.view.Load().find(id)
	return ok
}

// Len returns the number of items in the index.
func (ix *Index) Len() int {
	v := ix.view.Load()
	n := v.base.n - v.ndead
	if v.delta != nil {
		n += v.delta.n
	}
	return n
}

// Seq returns the sequence number of the last write: each item added and
// each item removed counts one. It is 0 for a new empty index. See LogEntry.
func (ix *Index) Seq() uint64 { return ix.view.Load().seq }

// Params returns the index's parameters.
func (ix *Index) Params() Params {
	c := &ix.cfg
	sp := ix.fp.sh.Params()
	return Params{
		FormatVersion:        SnapshotVersion,
		NormalizeVersion:     sp.NormalizeVersion,
		UnicodeVersion:       sp.UnicodeVersion,
		Level:                int(sp.Level),
		Language:             sp.Language,
		ShingleVersion:       sp.FormatVersion,
		ShingleN:             sp.N,
		MinHashVersion:       ix.fp.mh.Params().FormatVersion,
		Seed:                 c.seed,
		Bands:                c.bands,
		Rows:                 c.rows,
		Window:               c.window,
		TextThreshold:        c.textThreshold,
		ContainmentThreshold: c.containThreshold,
		MinContained:         c.minContained,
		PDQThreshold:         c.pdqThreshold,
		SimHashThreshold:     c.simhashThreshold,
		PrefilterRate:        c.prefilterRate,
	}
}

// Stats describes an index's contents and memory: a value, a snapshot of
// the moment Stats was called.
type Stats struct {
	Items         int     `json:"items"`          // items
	TextItems     int     `json:"text_items"`     // items with a text of at least MinTextTokens tokens
	ShortItems    int     `json:"short_items"`    // items with a shorter text
	PDQHashes     int     `json:"pdq_hashes"`     // PDQ hashes
	MD5s          int     `json:"md5s"`           // MD5 digests
	SHA256s       int     `json:"sha256s"`        // SHA-256 digests
	Bytes         int64   `json:"bytes"`          // memory held by the index's data (approximate)
	BytesPerItem  float64 `json:"bytes_per_item"` // Bytes / Items
	PrefilterBits int64   `json:"prefilter_bits"` // size of the Bloom prefilter(s)
	PrefilterK    int     `json:"prefilter_k"`    // bits set per key
	Pending       int     `json:"pending"`        // items in the delta segment, not yet compacted
	Removed       int     `json:"removed"`        // removed items not yet compacted away
}

// Stats returns the current statistics. It counts removed items until they
// are compacted away.
func (ix *Index) Stats() Stats {
	v := ix.view.Load()
	var st Stats
	for _, s := range []*segment{v.base, v.delta} {
		if s == nil {
			continue
		}
		st.Items += s.n
		for _, k := range s.kind {
			switch k {
			case textLong:
				st.TextItems++
			case textShort:
				st.ShortItems++
			}
		}
		if s.pdq != nil {
			st.PDQHashes += s.pdq.n
		}
		st.MD5s += len(s.md5.items)
		st.SHA256s += len(s.sha.items)
		st.Bytes += s.bytes()
		st.PrefilterBits += s.bloom.bytes() * 8
		st.PrefilterK = int(s.bloom.k)
	}
	st.Bytes += int64(len(v.dead)) * 8
	st.Removed = v.ndead
	if v.delta != nil {
		st.Pending = v.delta.n
	}
	st.Items -= v.ndead
	if st.Items > 0 {
		st.BytesPerItem = float64(st.Bytes) / float64(st.Items)
	}
	return st
}

// Items returns every item's ID, label, metadata, PDQ hashes and digests
// in insertion order (Text is not kept by the index and is empty). Meta
// maps are shared with the index: do not modify them.
func (ix *Index) Items() []Item {
	v := ix.view.Load()
	var out []Item
	for k := uint8(0); k < 2; k++ {
		s := v.seg(k)
		if s == nil {
			continue
		}
		start := len(out)
		for i := 0; i < s.n; i++ {
			out = append(out, Item{ID: s.id(uint32(i)), Label: s.labels[s.labelIdx[i]], Meta: s.meta[uint32(i)]})
		}
		for j, it := range s.md5.items {
			out[start+int(it)].MD5 = slices.Clone(s.md5.dig[j*16 : j*16+16])
		}
		for j, it := range s.sha.items {
			out[start+int(it)].SHA256 = slices.Clone(s.sha.dig[j*32 : j*32+32])
		}
		if s.pdq != nil {
			for j, o := range s.pdq.owner {
				out[start+int(o)].PDQ = append(out[start+int(o)].PDQ, pdq.Hash(wordsPDQ(s.pdq.hashes[j*4:j*4+4])))
			}
		}
		if k == 0 && v.dead != nil {
			keep := out[:start]
			for i := 0; i < s.n; i++ {
				if !v.isDead(uint32(i)) {
					keep = append(keep, out[start+i])
				}
			}
			out = keep
		}
	}
	return out
}

// PDQQuery hashes img with h and returns the eight dihedral variants of its
// PDQ hash (original first) for Query.PDQ, so that rotated and mirrored
// copies match. It returns an error wrapping ErrLowQuality when the image's
// quality is below minQuality (use pdq.MinQuality), or the hasher's error.
// h is used by this call only; it is not safe for concurrent use (see
// pdq.Hasher).
func PDQQuery(h *pdq.Hasher, img image.Image, minQuality int) ([]pdq.Hash, error) {
	hs, q, err := h.Dihedral(img)
	if err != nil {
		return nil, err
	}
	if q < minQuality {
		return nil, fmt.Errorf("%w: quality %d < %d", ErrLowQuality, q, minQuality)
	}
	return hs[:], nil
}
