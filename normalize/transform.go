package normalize

import (
	"io"
	"slices"
	"unicode/utf8"

	"golang.org/x/text/transform"
)

// chunk is how much input a Transformer normalizes at a time.
const chunk = 512

// Transformer is a transform.Transformer for one Profile. Its output for any
// chunking of the input equals the Profile's Append on the whole input. It
// holds at most a few KiB of look-behind (one word) whatever the input.
//
// A Transformer is not safe for concurrent use: make one per goroutine with
// Profile.NewTransformer.
type Transformer struct {
	p       *Profile
	st      state
	buf     []byte // output not yet handed out
	flushed int    // buf[:flushed] was handed out
	done    bool   // final processing happened
}

var _ transform.Transformer = (*Transformer)(nil)

// NewTransformer returns a new Transformer for p.
func (p *Profile) NewTransformer() *Transformer {
	t := &Transformer{p: p, buf: make([]byte, 0, 2*chunk)}
	t.Reset()
	return t
}

// Reset implements transform.Transformer.
func (t *Transformer) Reset() {
	t.st.init(0, 0, false)
	t.buf = t.buf[:0]
	t.flushed = 0
	t.done = false
}

// Transform implements transform.Transformer.
func (t *Transformer) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for {
		// hand out what is final
		safe := t.st.safe(len(t.buf), t.p.level == Aggressive)
		if t.done {
			safe = len(t.buf)
		}
		if t.flushed < safe {
			n := copy(dst[nDst:], t.buf[t.flushed:safe])
			nDst += n
			t.flushed += n
			if t.flushed < safe {
				return nDst, nSrc, transform.ErrShortDst
			}
		}
		if t.done {
			return nDst, nSrc, nil
		}
		// compact
		if t.flushed > 0 && (t.flushed == len(t.buf) || t.flushed >= cap(t.buf)/2) {
			d := t.flushed
			t.buf = t.buf[:copy(t.buf, t.buf[d:])]
			t.st.shift(d)
			t.flushed = 0
		}
		rest := src[nSrc:]
		if len(rest) == 0 {
			if atEOF {
				t.buf, _ = t.p.finish(&t.st, t.buf, nil)
				t.done = true
				continue
			}
			return nDst, nSrc, nil
		}
		// take up to chunk bytes ending at a rune boundary
		n := min(len(rest), chunk)
		if n < len(rest) || !atEOF {
			j := n - 1
			for j > 0 && j > n-utf8.UTFMax && !utf8.RuneStart(rest[j]) {
				j--
			}
			if !utf8.FullRune(rest[j:n]) {
				if j == 0 && !atEOF {
					return nDst, nSrc, transform.ErrShortSrc
				}
				if j > 0 {
					n = j
				}
			}
		}
		t.buf = slices.Grow(t.buf, n) // room for the fast path (bounded: see compact)
		t.buf, _ = t.p.run(&t.st, t.buf, nil, rest[:n], false)
		t.st.base += int64(n)
		nSrc += n
	}
}

// NewReader returns a reader of the normalized form of r. Memory stays
// bounded (a few KiB) on any input, including a single line of 1 GiB.
// The reader is not safe for concurrent use.
func (p *Profile) NewReader(r io.Reader) io.Reader {
	return transform.NewReader(r, p.NewTransformer())
}
