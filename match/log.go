package match

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"sort"
)

// Op is the kind of a log entry.
type Op uint8

// Log operations.
const (
	OpAdd    Op = 1 // add Item
	OpRemove Op = 2 // remove ID
)

const logMagic = "GHBLILOG"

// LogEntry is one write in the ordered log that replicas follow (a plain
// value; Apply and Append only read it). Entry Seq
// applies to an index whose Seq is Seq-1. An index loaded from a snapshot
// of Seq S that applies every entry S+1, S+2, ... in order reaches the same
// state as the writer: the same matches and the same snapshot bytes.
//
// A single writer produces the log by applying each entry to its own index
// and appending it:
//
//	e := match.LogEntry{Seq: ix.Seq() + 1, Op: match.OpAdd, Item: it}
//	err := ix.Apply(e)   // ErrInvalidItem etc. still consume Seq
//	lw.Append(e)
type LogEntry struct {
	Seq  uint64
	Op   Op
	Item Item   // OpAdd: the item, with Text, so replicas fingerprint it
	ID   string // OpRemove: the item ID
}

// Apply applies e to the index. Entries with Seq <= ix.Seq() were applied
// already: Apply ignores them and returns nil. An entry with Seq >
// ix.Seq()+1 returns ErrOutOfOrder and changes nothing. An entry whose write
// fails (ErrInvalidItem, ErrDuplicateID, ErrNotFound, or an unknown Op)
// still consumes its sequence number, so every replica stays in step, and
// the error is returned. Apply is safe for concurrent use with queries and
// other writes.
func (ix *Index) Apply(e LogEntry) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	v := ix.view.Load()
	if e.Seq <= v.seq {
		return nil
	}
	if e.Seq != v.seq+1 {
		return fmt.Errorf("%w: entry %d, index at %d", ErrOutOfOrder, e.Seq, v.seq)
	}
	var err error
	switch e.Op {
	case OpAdd:
		var p prepared
		p, err = ix.prepare(&e.Item)
		if err == nil {
			if _, _, ok := v.find(p.id); ok {
				err = fmt.Errorf("%w: %q", ErrDuplicateID, p.id)
			} else {
				ix.publish(v.base, v.dead, v.ndead, append(slices.Clip(deltaPreps(v)), p), e.Seq)
				return nil
			}
		}
	case OpRemove:
		err = ix.removeLocked(e.ID)
		if err == nil {
			return nil
		}
	default:
		err = fmt.Errorf("%w: log entry %d: unknown op %d", ErrCorrupt, e.Seq, e.Op)
	}
	// Consume the sequence number without changing the items.
	nv := *v
	nv.seq = e.Seq
	ix.view.Store(&nv)
	return fmt.Errorf("log entry %d: %w", e.Seq, err)
}

// LogWriter appends log entries to a stream in the format of
// docs/FORMAT.md. Not safe for concurrent use.
type LogWriter struct {
	w       io.Writer
	started bool
	buf     []byte
}

// NewLogWriter returns a LogWriter that writes the log header before its
// first entry. To append to an existing log file, use NewLogAppender.
func NewLogWriter(w io.Writer) *LogWriter { return &LogWriter{w: w} }

// NewLogAppender returns a LogWriter for a stream that already holds a
// header (an existing log file opened for appending).
func NewLogAppender(w io.Writer) *LogWriter { return &LogWriter{w: w, started: true} }

// Append writes e as one record (length, CRC-32C, payload). It returns an
// error wrapping ErrInvalidItem for an entry that cannot be encoded.
func (lw *LogWriter) Append(e LogEntry) error {
	if !lw.started {
		var h [12]byte
		copy(h[:], logMagic)
		binary.LittleEndian.PutUint32(h[8:], SnapshotVersion)
		if _, err := lw.w.Write(h[:]); err != nil {
			return err
		}
		lw.started = true
	}
	b := append(lw.buf[:0], make([]byte, 8)...)
	b = binary.LittleEndian.AppendUint64(b, e.Seq)
	b = append(b, byte(e.Op))
	switch e.Op {
	case OpAdd:
		it := &e.Item
		b = appendStr(b, it.ID)
		b = appendStr(b, it.Label)
		keys := make([]string, 0, len(it.Meta))
		for k := range it.Meta {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(keys)))
		for _, k := range keys {
			b = appendStr(b, k)
			b = appendStr(b, it.Meta[k])
		}
		b = appendStr(b, it.Text)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(it.PDQ)))
		for _, h := range it.PDQ {
			b = append(b, h[:]...)
		}
		if it.MD5 != nil && len(it.MD5) != 16 || it.SHA256 != nil && len(it.SHA256) != 32 {
			return fmt.Errorf("%w: digest length", ErrInvalidItem)
		}
		b = append(b, byte(len(it.MD5)))
		b = append(b, it.MD5...)
		b = append(b, byte(len(it.SHA256)))
		b = append(b, it.SHA256...)
	case OpRemove:
		b = appendStr(b, e.ID)
	default:
		return fmt.Errorf("%w: unknown op %d", ErrInvalidItem, e.Op)
	}
	if int64(len(b)-8) > 1<<31 {
		return fmt.Errorf("%w: entry of %d bytes", ErrTooLarge, len(b)-8)
	}
	binary.LittleEndian.PutUint32(b[0:], uint32(len(b)-8))
	binary.LittleEndian.PutUint32(b[4:], crc32.Checksum(b[8:], castagnoli))
	lw.buf = b[:0]
	_, err := lw.w.Write(b)
	return err
}

// LogReader reads log entries written by LogWriter. Not safe for concurrent
// use.
type LogReader struct {
	r        io.Reader
	maxEntry int
	started  bool
	buf      []byte
}

// NewLogReader returns a reader that refuses entries larger than
// maxEntryBytes with ErrTooLarge.
func NewLogReader(r io.Reader, maxEntryBytes int) *LogReader {
	return &LogReader{r: r, maxEntry: maxEntryBytes}
}

func readFullTrunc(r io.Reader, b []byte, cleanEOF bool) error {
	n, err := io.ReadFull(r, b)
	if err == nil {
		return nil
	}
	if errors.Is(err, io.EOF) && n == 0 && cleanEOF {
		return io.EOF
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return ErrTruncated
	}
	return err
}

// Next returns the next entry, io.EOF at a clean end, or an error wrapping
// ErrForeign, ErrIncompatible, ErrTruncated, ErrCorrupt or ErrTooLarge. After
// an error other than ErrTooLarge the stream position is undefined.
func (lr *LogReader) Next() (LogEntry, error) {
	if !lr.started {
		var h [12]byte
		if err := readFullTrunc(lr.r, h[:], true); err != nil {
			if errors.Is(err, ErrTruncated) {
				return LogEntry{}, fmt.Errorf("%w: short log header", ErrForeign)
			}
			return LogEntry{}, err
		}
		if string(h[:8]) != logMagic {
			return LogEntry{}, fmt.Errorf("%w: log magic %q", ErrForeign, h[:8])
		}
		if v := binary.LittleEndian.Uint32(h[8:]); v != SnapshotVersion {
			return LogEntry{}, fmt.Errorf("%w: log version %d, this build reads %d", ErrIncompatible, v, SnapshotVersion)
		}
		lr.started = true
	}
	var h [8]byte
	if err := readFullTrunc(lr.r, h[:], true); err != nil {
		return LogEntry{}, err
	}
	n := binary.LittleEndian.Uint32(h[:])
	if int64(n) > int64(lr.maxEntry) {
		if _, err := io.CopyN(io.Discard, lr.r, int64(n)); err != nil {
			return LogEntry{}, ErrTruncated
		}
		return LogEntry{}, fmt.Errorf("%w: log entry of %d bytes", ErrTooLarge, n)
	}
	if cap(lr.buf) < int(n) {
		lr.buf = make([]byte, n)
	}
	b := lr.buf[:n]
	if err := readFullTrunc(lr.r, b, false); err != nil {
		return LogEntry{}, err
	}
	if crc32.Checksum(b, castagnoli) != binary.LittleEndian.Uint32(h[4:]) {
		return LogEntry{}, fmt.Errorf("%w: log entry checksum", ErrCorrupt)
	}
	return decodeEntry(b)
}

func decodeEntry(b []byte) (LogEntry, error) {
	d := &dec{b: b, tag: "log"}
	var e LogEntry
	e.Seq = d.u64()
	e.Op = Op(d.u8())
	switch e.Op {
	case OpAdd:
		it := &e.Item
		it.ID = d.str()
		it.Label = d.str()
		nm := d.u32()
		if uint64(nm) > uint64(len(d.b)/8) {
			d.fail("meta count")
		}
		for i := uint32(0); i < nm && d.err == nil; i++ {
			if it.Meta == nil {
				it.Meta = map[string]string{}
			}
			k := d.str()
			it.Meta[k] = d.str()
		}
		it.Text = d.str()
		np := d.u32()
		if uint64(np) > uint64(len(d.b)/32) {
			d.fail("pdq count")
		}
		for i := uint32(0); i < np && d.err == nil; i++ {
			var h [32]byte
			copy(h[:], d.take(32))
			it.PDQ = append(it.PDQ, h)
		}
		if l := d.u8(); l != 0 {
			if l != 16 {
				d.fail("md5 length")
			}
			it.MD5 = slices.Clone(d.take(int(l)))
		}
		if l := d.u8(); l != 0 {
			if l != 32 {
				d.fail("sha256 length")
			}
			it.SHA256 = slices.Clone(d.take(int(l)))
		}
	case OpRemove:
		e.ID = d.str()
	default:
		d.fail(fmt.Sprintf("unknown op %d", e.Op))
	}
	d.end()
	if d.err != nil {
		return LogEntry{}, d.err
	}
	return e, nil
}
