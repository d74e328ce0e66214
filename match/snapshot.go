package match

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/internal/atomicfile"
	"github.com/gharbal/gharbal/normalize"
)

// SnapshotVersion is the version of the snapshot and log formats specified
// in docs/FORMAT.md. A reader accepts only its own version.
const SnapshotVersion = 2

const snapMagic = "GHBLINDX"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// canonical returns the state of v as one segment with no removed items and
// a prefilter built for exactly its keys: what a snapshot stores.
func (ix *Index) canonical(v *view) *segment {
	s := v.base
	if v.dead != nil || v.delta != nil {
		s = mergeSegments(&ix.cfg, v.base, v.dead, v.delta)
	}
	if !s.canonical {
		c := *s
		c.rebuildBloom(&ix.cfg, nil)
		s = &c
	}
	return s
}

// WriteTo writes a snapshot of the index to w (io.WriterTo) in the format
// of docs/FORMAT.md. The snapshot holds every parameter, every item's
// fingerprints, ID, label and metadata (not texts), and Seq. It is the
// same bytes for any two indexes that hold the same items in the same order
// with the same parameters, whatever their history. Safe to call while
// other goroutines query and write: it writes one consistent state.
func (ix *Index) WriteTo(w io.Writer) (int64, error) {
	v := ix.view.Load()
	s := ix.canonical(v)
	cw := &countWriter{w: bufio.NewWriterSize(w, 1<<20)}
	var hdr [12]byte
	copy(hdr[:], snapMagic)
	binary.LittleEndian.PutUint32(hdr[8:], SnapshotVersion)
	cw.Write(hdr[:])
	var buf []byte
	sec := func(tag string, b []byte) {
		var h [16]byte
		copy(h[:], tag)
		binary.LittleEndian.PutUint64(h[4:], uint64(len(b)))
		binary.LittleEndian.PutUint32(h[12:], crc32.Checksum(b, castagnoli))
		cw.Write(h[:])
		cw.Write(b)
	}
	buf = ix.appendParams(buf[:0], v.seq, s.n)
	sec("PARM", buf)
	buf = appendU32s(buf[:0], s.idOff)
	buf = append(buf, s.idArena...)
	sec("IDS ", buf)
	buf = binary.LittleEndian.AppendUint32(buf[:0], uint32(len(s.labels)))
	for _, l := range s.labels {
		buf = appendStr(buf, l)
	}
	buf = appendU32s(buf, s.labelIdx)
	sec("LABL", buf)
	keys := make([]uint32, 0, len(s.meta))
	for k := range s.meta {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	buf = binary.LittleEndian.AppendUint32(buf[:0], uint32(len(keys)))
	for _, it := range keys {
		m := s.meta[it]
		mk := make([]string, 0, len(m))
		for k := range m {
			mk = append(mk, k)
		}
		sort.Strings(mk)
		buf = binary.LittleEndian.AppendUint32(buf, it)
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(mk)))
		for _, k := range mk {
			buf = appendStr(buf, k)
			buf = appendStr(buf, m[k])
		}
	}
	sec("META", buf)
	sec("KIND", s.kind)
	buf = appendU32s(buf[:0], s.setOff)
	buf = append(buf, s.setArena...)
	sec("SETS", buf)
	for b := range s.bands {
		sec("BAND", appendU64s(buf[:0], s.bands[b].ent))
	}
	sec("WINN", appendU64s(buf[:0], s.win.ent))
	sec("SHRT", appendU64s(buf[:0], s.short.ent))
	for _, d := range []*digests{&s.md5, &s.sha} {
		buf = binary.LittleEndian.AppendUint32(buf[:0], uint32(len(d.items)))
		buf = appendU32s(buf, d.items)
		buf = append(buf, d.dig...)
		if d.size == 16 {
			sec("MD5 ", buf)
		} else {
			sec("SHA2", buf)
		}
	}
	for _, h := range []*hamIndex{s.pdq, s.sim} {
		buf = buf[:0]
		if h != nil {
			buf = binary.LittleEndian.AppendUint32(buf, uint32(h.n))
			buf = appendU32s(buf, h.owner)
			buf = appendU64s(buf, h.hashes)
		} else {
			buf = binary.LittleEndian.AppendUint32(buf, 0)
		}
		if h == s.pdq {
			sec("PDQ ", buf)
		} else {
			sec("SIMH", buf)
		}
	}
	buf = binary.LittleEndian.AppendUint32(buf[:0], s.bloom.k)
	buf = binary.LittleEndian.AppendUint64(buf, uint64(s.bloomKeys))
	buf = appendU64s(buf, s.bloom.words)
	sec("BLOM", buf)
	sec("END ", nil)
	if cw.err == nil {
		cw.err = cw.w.(*bufio.Writer).Flush()
	}
	return cw.n, cw.err
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(b []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(b)
	c.n += int64(n)
	c.err = err
	return n, err
}

func appendStr(b []byte, s string) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

func appendU32s(b []byte, v []uint32) []byte {
	b = slices.Grow(b, 4*len(v))
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, x)
	}
	return b
}

func appendU64s(b []byte, v []uint64) []byte {
	b = slices.Grow(b, 8*len(v))
	for _, x := range v {
		b = binary.LittleEndian.AppendUint64(b, x)
	}
	return b
}

func (ix *Index) appendParams(b []byte, seq uint64, n int) []byte {
	p := ix.Params()
	le := binary.LittleEndian
	b = le.AppendUint32(b, uint32(p.NormalizeVersion))
	b = appendStr(b, p.UnicodeVersion)
	b = append(b, byte(p.Level))
	b = appendStr(b, p.Language)
	b = le.AppendUint32(b, uint32(p.ShingleVersion))
	b = append(b, byte(p.ShingleN))
	b = le.AppendUint32(b, uint32(p.MinHashVersion))
	b = le.AppendUint64(b, p.Seed)
	b = le.AppendUint32(b, uint32(p.Bands))
	b = append(b, byte(p.Rows), byte(p.Window))
	b = le.AppendUint64(b, math.Float64bits(p.TextThreshold))
	b = le.AppendUint64(b, math.Float64bits(p.ContainmentThreshold))
	b = le.AppendUint32(b, uint32(p.MinContained))
	b = append(b, byte(p.PDQThreshold), byte(int8(p.SimHashThreshold)))
	b = le.AppendUint64(b, math.Float64bits(p.PrefilterRate))
	b = le.AppendUint64(b, seq)
	b = le.AppendUint32(b, uint32(n))
	return b
}

// WriteFile writes a snapshot to path atomically: to a temporary file in the
// same folder, fsync, rename over path, fsync of the folder. A crash leaves
// either the old file or the new one, never a mix. The file's mode is 0644.
func (ix *Index) WriteFile(path string) error {
	return atomicfile.Write(path, ix.WriteTo)
}

// ReadFile is ReadIndex of the named file.
func ReadFile(path string, maxBytes int64, opts ...Option) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ix, err := ReadIndex(f, maxBytes, opts...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ix, nil
}

// snapReader reads sections with a byte budget.
type snapReader struct {
	r      io.Reader
	budget int64
	buf    bytes.Buffer
}

func (sr *snapReader) readFull(b []byte) error {
	if int64(len(b)) > sr.budget {
		return ErrTooLarge
	}
	n, err := io.ReadFull(sr.r, b)
	sr.budget -= int64(n)
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return ErrTruncated
		}
		return err
	}
	return nil
}

// section reads the next section, which must have the given tag. The
// payload buffer grows with the bytes actually read, never with the length
// the file claims.
func (sr *snapReader) section(tag string) ([]byte, error) {
	var h [16]byte
	if err := sr.readFull(h[:]); err != nil {
		return nil, fmt.Errorf("section %q header: %w", tag, err)
	}
	if string(h[:4]) != tag {
		return nil, fmt.Errorf("%w: section %q where %q belongs", ErrCorrupt, h[:4], tag)
	}
	n := binary.LittleEndian.Uint64(h[4:])
	if n > uint64(sr.budget) {
		return nil, fmt.Errorf("%w: section %q of %d bytes", ErrTooLarge, tag, n)
	}
	sr.buf.Reset()
	got, err := io.CopyN(&sr.buf, sr.r, int64(n))
	sr.budget -= got
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: section %q", ErrTruncated, tag)
		}
		return nil, err
	}
	b := sr.buf.Bytes()
	if crc32.Checksum(b, castagnoli) != binary.LittleEndian.Uint32(h[12:]) {
		return nil, fmt.Errorf("%w: section %q checksum", ErrCorrupt, tag)
	}
	return b, nil
}

// dec decodes little-endian values from a section, recording the first
// error instead of panicking.
type dec struct {
	b   []byte
	err error
	tag string
}

func (d *dec) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: section %q: %s", ErrCorrupt, d.tag, what)
	}
}

func (d *dec) take(n int) []byte {
	if d.err != nil || n < 0 || n > len(d.b) {
		d.fail("too short")
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *dec) u8() uint8 {
	if v := d.take(1); v != nil {
		return v[0]
	}
	return 0
}

func (d *dec) u32() uint32 {
	if v := d.take(4); v != nil {
		return binary.LittleEndian.Uint32(v)
	}
	return 0
}

func (d *dec) u64() uint64 {
	if v := d.take(8); v != nil {
		return binary.LittleEndian.Uint64(v)
	}
	return 0
}

func (d *dec) str() string {
	n := d.u32()
	if int64(n) > int64(len(d.b)) {
		d.fail("string length")
		return ""
	}
	return string(d.take(int(n)))
}

// u32s decodes n values; n is checked against the bytes left first.
func (d *dec) u32s(n uint64) []uint32 {
	if d.err != nil || n > uint64(len(d.b)/4) {
		d.fail("array length")
		return nil
	}
	raw := d.take(int(4 * n))
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(raw[4*i:])
	}
	return out
}

func (d *dec) u64s(n uint64) []uint64 {
	if d.err != nil || n > uint64(len(d.b)/8) {
		d.fail("array length")
		return nil
	}
	raw := d.take(int(8 * n))
	out := make([]uint64, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint64(raw[8*i:])
	}
	return out
}

func (d *dec) end() {
	if d.err == nil && len(d.b) != 0 {
		d.fail("trailing bytes")
	}
}

// ReadIndex reads a snapshot written by WriteTo, reading at most maxBytes
// bytes. Errors wrap ErrForeign (not a snapshot), ErrIncompatible (another
// format version, or parameters this build cannot reproduce, such as another
// normalize.Version or Unicode version), ErrTooLarge (over maxBytes),
// ErrTruncated or ErrCorrupt. It never panics, and allocates at most about
// twice the bytes it has actually read plus the lookup structures it builds
// from them, whatever the file claims.
//
// opts may override query-time settings (thresholds, WithPDQLinearScan);
// options that change fingerprints (bands, window, seed, normalization,
// SimHash) must agree with the snapshot, else ErrIncompatible.
func ReadIndex(r io.Reader, maxBytes int64, opts ...Option) (*Index, error) {
	sr := &snapReader{r: r, budget: maxBytes}
	var hdr [12]byte
	if err := sr.readFull(hdr[:]); err != nil {
		if errors.Is(err, ErrTruncated) {
			return nil, fmt.Errorf("%w: %d-byte header", ErrForeign, len(hdr))
		}
		return nil, err
	}
	if string(hdr[:8]) != snapMagic {
		return nil, fmt.Errorf("%w: magic %q", ErrForeign, hdr[:8])
	}
	if v := binary.LittleEndian.Uint32(hdr[8:]); v != SnapshotVersion {
		return nil, fmt.Errorf("%w: snapshot version %d, this build reads %d", ErrIncompatible, v, SnapshotVersion)
	}
	b, err := sr.section("PARM")
	if err != nil {
		return nil, err
	}
	cfg, seq, n, err := decodeParams(b)
	if err != nil {
		return nil, err
	}
	snapCfg := cfg
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.bands != snapCfg.bands || cfg.rows != snapCfg.rows || cfg.window != snapCfg.window ||
		cfg.seed != snapCfg.seed || cfg.level != snapCfg.level || cfg.lang != snapCfg.lang ||
		(cfg.simhashThreshold >= 0) != (snapCfg.simhashThreshold >= 0) {
		return nil, fmt.Errorf("%w: options change the snapshot's fingerprint parameters", ErrIncompatible)
	}
	ix, err := newIndex(cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrIncompatible, err)
	}
	// The normalizer and shingler of this build must be the snapshot's.
	if want := ix.Params(); !sameFingerprintParams(want, b) {
		return nil, fmt.Errorf("%w: snapshot built with other normalization or fingerprint versions than this build (%s)", ErrIncompatible, describeBuild(want))
	}
	s, err := readSegment(sr, &ix.cfg, n)
	if err != nil {
		return nil, err
	}
	ix.view.Store(&view{base: s, seq: seq})
	return ix, nil
}

func describeBuild(p Params) string {
	return fmt.Sprintf("normalize v%d, Unicode %s, shingle v%d, minhash v%d", p.NormalizeVersion, p.UnicodeVersion, p.ShingleVersion, p.MinHashVersion)
}

// sameFingerprintParams compares the version fields of a PARM section with
// this build's.
func sameFingerprintParams(p Params, b []byte) bool {
	d := &dec{b: b, tag: "PARM"}
	nv := d.u32()
	uv := d.str()
	d.u8()
	d.str()
	sv := d.u32()
	sn := d.u8()
	mv := d.u32()
	return d.err == nil && int(nv) == p.NormalizeVersion && uv == p.UnicodeVersion &&
		int(sv) == p.ShingleVersion && int(sn) == p.ShingleN && int(mv) == p.MinHashVersion
}

func decodeParams(b []byte) (config, uint64, int, error) {
	d := &dec{b: b, tag: "PARM"}
	c := defaultConfig()
	d.u32()
	d.str()
	c.level = normalize.Level(d.u8())
	lang := d.str()
	d.u32()
	d.u8()
	d.u32()
	c.seed = d.u64()
	c.bands = int(d.u32())
	c.rows = int(d.u8())
	c.window = int(d.u8())
	c.textThreshold = math.Float64frombits(d.u64())
	c.containThreshold = math.Float64frombits(d.u64())
	c.minContained = int(d.u32())
	c.pdqThreshold = int(d.u8())
	c.simhashThreshold = int(int8(d.u8()))
	c.prefilterRate = math.Float64frombits(d.u64())
	seq := d.u64()
	n := d.u32()
	d.end()
	if d.err != nil {
		return c, 0, 0, d.err
	}
	// Validate through the options, so a snapshot cannot hold values
	// NewIndex would refuse.
	tag, err := parseTag(lang)
	if err != nil {
		return c, 0, 0, fmt.Errorf("%w: PARM: language %q", ErrCorrupt, lang)
	}
	checks := []Option{
		WithNormalization(c.level, tag), WithBands(c.bands, c.rows), WithWindow(c.window),
		WithTextThreshold(c.textThreshold), WithContainmentThreshold(c.containThreshold, c.minContained),
		WithPDQThreshold(c.pdqThreshold), WithPrefilterRate(c.prefilterRate),
	}
	if c.simhashThreshold >= 0 {
		checks = append(checks, WithSimHash(c.simhashThreshold))
	} else if c.simhashThreshold != -1 {
		return c, 0, 0, fmt.Errorf("%w: PARM: simhash threshold %d", ErrCorrupt, c.simhashThreshold)
	}
	cc := c
	for _, o := range checks {
		if err := o(&cc); err != nil {
			return c, 0, 0, fmt.Errorf("%w: PARM: %v", ErrCorrupt, err)
		}
	}
	c.lang = tag
	if uint64(n) > 1<<31 {
		return c, 0, 0, fmt.Errorf("%w: PARM: %d items", ErrCorrupt, n)
	}
	return c, seq, int(n), nil
}

func parseTag(s string) (language.Tag, error) { return language.Parse(s) }

// readSegment reads and validates the sections after PARM.
func readSegment(sr *snapReader, c *config, n int) (*segment, error) {
	s := &segment{n: n, simOn: c.simhashThreshold >= 0}
	corrupt := func(tag, what string, args ...any) error {
		return fmt.Errorf("%w: section %q: %s", ErrCorrupt, tag, fmt.Sprintf(what, args...))
	}
	// IDS
	b, err := sr.section("IDS ")
	if err != nil {
		return nil, err
	}
	d := &dec{b: b, tag: "IDS "}
	s.idOff = d.u32s(uint64(n) + 1)
	if d.err != nil {
		return nil, d.err
	}
	s.idArena = slices.Clone(d.b)
	if s.idOff[0] != 0 || int(s.idOff[n]) != len(s.idArena) {
		return nil, corrupt("IDS ", "offsets do not cover the ids")
	}
	idEnt := make([]uint64, n)
	for i := 0; i < n; i++ {
		a, e := s.idOff[i], s.idOff[i+1]
		if e <= a || e-a > MaxIDBytes || !utf8.Valid(s.idArena[a:e]) {
			return nil, corrupt("IDS ", "id %d malformed", i)
		}
		idEnt[i] = uint64(idKey(string(s.idArena[a:e])))<<32 | uint64(i)
	}
	s.ids = newTable(idEnt)
	for i := 1; i < len(s.ids.ent); i++ {
		x, y := s.ids.ent[i-1], s.ids.ent[i]
		if x>>32 == y>>32 && string(s.idBytes(uint32(x))) == string(s.idBytes(uint32(y))) {
			return nil, corrupt("IDS ", "duplicate id %q", s.idBytes(uint32(y)))
		}
	}
	// LABL
	if b, err = sr.section("LABL"); err != nil {
		return nil, err
	}
	d = &dec{b: b, tag: "LABL"}
	nl := d.u32()
	if uint64(nl) > uint64(len(d.b)/4) || nl > uint32(n)+1 {
		return nil, corrupt("LABL", "%d labels", nl)
	}
	for i := uint32(0); i < nl && d.err == nil; i++ {
		l := d.str()
		if len(l) > MaxLabelBytes {
			return nil, corrupt("LABL", "label too long")
		}
		s.labels = append(s.labels, l)
	}
	s.labelIdx = d.u32s(uint64(n))
	d.end()
	if d.err != nil {
		return nil, d.err
	}
	if n > 0 && nl == 0 {
		return nil, corrupt("LABL", "no labels")
	}
	for _, l := range s.labelIdx {
		if l >= nl {
			return nil, corrupt("LABL", "label index %d of %d", l, nl)
		}
	}
	// META
	if b, err = sr.section("META"); err != nil {
		return nil, err
	}
	d = &dec{b: b, tag: "META"}
	nm := d.u32()
	if nm > uint32(n) || uint64(nm) > uint64(len(d.b)/8) {
		return nil, corrupt("META", "%d entries", nm)
	}
	prev := int64(-1)
	for i := uint32(0); i < nm && d.err == nil; i++ {
		it := d.u32()
		np := d.u32()
		if int64(it) <= prev || uint64(it) >= uint64(n) || uint64(np) > uint64(len(d.b)/8) {
			return nil, corrupt("META", "entry %d", i)
		}
		prev = int64(it)
		m := make(map[string]string, np)
		for j := uint32(0); j < np && d.err == nil; j++ {
			k := d.str()
			m[k] = d.str()
		}
		if s.meta == nil {
			s.meta = map[uint32]map[string]string{}
		}
		s.meta[it] = m
	}
	d.end()
	if d.err != nil {
		return nil, d.err
	}
	// KIND
	if b, err = sr.section("KIND"); err != nil {
		return nil, err
	}
	if len(b) != n {
		return nil, corrupt("KIND", "%d bytes for %d items", len(b), n)
	}
	s.kind = slices.Clone(b)
	for _, k := range s.kind {
		if k > textLong {
			return nil, corrupt("KIND", "kind %d", k)
		}
	}
	// SETS
	if b, err = sr.section("SETS"); err != nil {
		return nil, err
	}
	d = &dec{b: b, tag: "SETS"}
	s.setOff = d.u32s(uint64(n) + 1)
	if d.err != nil {
		return nil, d.err
	}
	s.setArena = slices.Clone(d.b)
	if s.setOff[0] != 0 || uint64(s.setOff[n])*3 != uint64(len(s.setArena)) {
		return nil, corrupt("SETS", "offsets do not cover the sets")
	}
	for i := 0; i < n; i++ {
		a, e := s.setOff[i], s.setOff[i+1]
		if e < a || (s.kind[i] == textLong) != (e > a) {
			return nil, corrupt("SETS", "set %d", i)
		}
		set := s.setArena[3*a : 3*e]
		for j := 3; j < len(set); j += 3 {
			if bytes.Compare(set[j-3:j], set[j:j+3]) >= 0 {
				return nil, corrupt("SETS", "set %d not sorted", i)
			}
		}
	}
	// Tables.
	readTable := func(tag string, kind uint8) (table, error) {
		b, err := sr.section(tag)
		if err != nil {
			return table{}, err
		}
		if len(b)%8 != 0 {
			return table{}, corrupt(tag, "length %d", len(b))
		}
		d := &dec{b: b, tag: tag}
		ent := d.u64s(uint64(len(b) / 8))
		for i, e := range ent {
			it := uint32(e)
			if uint64(it) >= uint64(n) || s.kind[it] != kind || (i > 0 && ent[i-1] >= e) {
				return table{}, corrupt(tag, "entry %d", i)
			}
		}
		return tableFromSorted(ent), nil
	}
	s.bands = make([]table, c.bands)
	for i := range s.bands {
		if s.bands[i], err = readTable("BAND", textLong); err != nil {
			return nil, err
		}
	}
	if s.win, err = readTable("WINN", textLong); err != nil {
		return nil, err
	}
	if s.short, err = readTable("SHRT", textShort); err != nil {
		return nil, err
	}
	// Digests.
	for _, dg := range []struct {
		tag  string
		size int
		dst  *digests
	}{{"MD5 ", 16, &s.md5}, {"SHA2", 32, &s.sha}} {
		b, err := sr.section(dg.tag)
		if err != nil {
			return nil, err
		}
		d := &dec{b: b, tag: dg.tag}
		cnt := d.u32()
		if uint64(cnt) > uint64(len(d.b))/uint64(4+dg.size) {
			return nil, corrupt(dg.tag, "%d digests", cnt)
		}
		items := d.u32s(uint64(cnt))
		dig := slices.Clone(d.take(int(cnt) * dg.size))
		d.end()
		if d.err != nil {
			return nil, d.err
		}
		for i, it := range items {
			if uint64(it) >= uint64(n) || (i > 0 && items[i-1] >= it) {
				return nil, corrupt(dg.tag, "entry %d", i)
			}
		}
		*dg.dst = buildDigests(dg.size, items, dig)
	}
	// Hamming indexes.
	for _, hs := range []struct {
		tag    string
		stride int
	}{{"PDQ ", 4}, {"SIMH", 1}} {
		b, err := sr.section(hs.tag)
		if err != nil {
			return nil, err
		}
		d := &dec{b: b, tag: hs.tag}
		cnt := d.u32()
		if uint64(cnt) > uint64(len(d.b))/uint64(4+8*hs.stride) {
			return nil, corrupt(hs.tag, "%d hashes", cnt)
		}
		owner := d.u32s(uint64(cnt))
		w := d.u64s(uint64(cnt) * uint64(hs.stride))
		d.end()
		if d.err != nil {
			return nil, d.err
		}
		for i, o := range owner {
			if uint64(o) >= uint64(n) || (i > 0 && owner[i-1] > o) {
				return nil, corrupt(hs.tag, "owner %d", i)
			}
		}
		if hs.stride == 4 {
			s.pdq = newHamIndex(4, w, owner, c.pdqLinear)
		} else if s.simOn {
			s.sim = newHamIndex(1, w, owner, false)
		} else if cnt != 0 {
			return nil, corrupt(hs.tag, "simhashes without the simhash signal")
		}
	}
	// BLOM
	if b, err = sr.section("BLOM"); err != nil {
		return nil, err
	}
	d = &dec{b: b, tag: "BLOM"}
	k := d.u32()
	keys := d.u64()
	if k < 1 || k > 16 || len(d.b)%(8*blockWords) != 0 || len(d.b) == 0 || keys > uint64(s.numKeys()) {
		return nil, corrupt("BLOM", "k %d, %d keys, %d bytes", k, keys, len(d.b))
	}
	words := d.u64s(uint64(len(d.b) / 8))
	s.bloom = prefilterFrom(words, k)
	s.bloomKeys, s.bloomCap, s.canonical = int(keys), int(keys), true
	if b, err = sr.section("END "); err != nil {
		return nil, err
	}
	if len(b) != 0 {
		return nil, corrupt("END ", "not empty")
	}
	return s, nil
}
