package shingle

import "bytes"

// Hasher computes the shingles of a text written to it in pieces. Its output
// never depends on how the text is split into writes: after any sequence of
// writes whose concatenation is text, h.AppendShingles(nil) equals
// s.AppendShingles(nil, text), byte spans included.
//
// A Hasher is not safe for concurrent use. It keeps the shingles of the text
// written so far (16 bytes each) and buffers at most 64 KiB of input beyond
// the current write; after Reset it reuses its memory, so hashing many texts
// with one Hasher allocates nothing in the steady state.
type Hasher struct {
	s      *Shingler
	buf    []byte // input not yet normalized
	base   int64  // input offset of buf[0]
	st     state
	out    []Shingle
	sc     scratch
	tmp    state
	tmpTok []byte
	// scanned: bytes of buf already known to hold no segment-ending '\n'.
	scanned int
}

// NewHasher returns a streaming Hasher with the parameters of s.
func (s *Shingler) NewHasher() *Hasher {
	h := &Hasher{s: s}
	h.st.init(s, nil)
	return h
}

// Write adds p to the text. It never fails and always returns len(p), nil.
func (h *Hasher) Write(p []byte) (int, error) {
	h.buf = append(h.buf, p...)
	h.drain()
	return len(p), nil
}

// WriteString adds s to the text. It never fails.
func (h *Hasher) WriteString(s string) (int, error) {
	h.buf = append(h.buf, s...)
	h.drain()
	return len(s), nil
}

func (h *Hasher) drain() {
	off := 0
	for {
		// Skip the rescan when the pending bytes cannot end a segment yet:
		// fewer than segMax bytes and no '\n' past segMin-1 (bytes before
		// h.scanned were searched by earlier writes).
		if rest := h.buf[off:]; len(rest) < segMax {
			from := max(segMin-1, h.scanned)
			if from >= len(rest) || bytes.IndexByte(rest[from:], '\n') < 0 {
				h.scanned = max(len(rest), segMin-1)
				break
			}
		}
		h.scanned = 0
		end := segmentEnd(h.buf[off:], false)
		if end == 0 {
			break
		}
		h.st.segment(h.s.norm, &h.sc, h.buf[off:off+end], int32(h.base), &h.out, nil)
		h.base += int64(end)
		off += end
	}
	if off > 0 {
		n := copy(h.buf, h.buf[off:])
		h.buf = h.buf[:n]
	}
}

// finishInto appends the shingles of the whole text so far to the outputs
// without changing h.
func (h *Hasher) finishInto(outS *[]Shingle, outH *[]uint64) {
	t := &h.tmp
	*t = h.st
	h.tmpTok = append(h.tmpTok[:0], h.st.tok...) // keep h.st.tok intact
	t.tok = h.tmpTok
	buf := h.buf
	base := h.base
	for off := 0; off < len(buf); {
		end := segmentEnd(buf[off:], true)
		t.segment(h.s.norm, &h.sc, buf[off:off+end], int32(base), outS, outH)
		base += int64(end)
		off += end
	}
	t.finish(outS, outH)
	h.tmpTok = t.tok[:0]
}

// AppendShingles appends the shingles of all text written so far to dst and
// returns the extended slice. It does not change h: more text may be written
// afterwards.
func (h *Hasher) AppendShingles(dst []Shingle) []Shingle {
	dst = append(dst, h.out...)
	h.finishInto(&dst, nil)
	return dst
}

// AppendHashes appends the hashes of the shingles of all text written so far
// to dst and returns the extended slice. It does not change h.
func (h *Hasher) AppendHashes(dst []uint64) []uint64 {
	for _, s := range h.out {
		dst = append(dst, s.Hash)
	}
	h.finishInto(nil, &dst)
	return dst
}

// Reset discards the text written so far, keeping allocated memory.
func (h *Hasher) Reset() {
	h.buf = h.buf[:0]
	h.base = 0
	h.scanned = 0
	h.out = h.out[:0]
	tok := h.st.tok
	h.st = state{}
	h.st.init(h.s, tok)
}

// Params returns the parameters of the Shingler h was made from.
func (h *Hasher) Params() Params { return h.s.params }
