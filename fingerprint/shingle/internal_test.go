package shingle

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/normalize"
)

// identity is a normalizer that copies valid UTF-8 and drops invalid bytes,
// so tests can pin this package's own output independently of normalize.
type identity struct{}

func (identity) AppendOffsets(dst []byte, offs []int32, src []byte) ([]byte, []int32) {
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			i++
			continue
		}
		dst = append(dst, src[i:i+n]...)
		for range n {
			offs = append(offs, int32(i))
		}
		i += n
	}
	return dst, offs
}

// newIdentity returns a Shingler over the identity normalizer.
func newIdentity(t testing.TB, opts ...Option) *Shingler {
	t.Helper()
	p, err := normalize.New(normalize.Canonical, language.Und)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(p, opts...)
	if err != nil {
		t.Fatal(err)
	}
	s.norm = identity{}
	return s
}

func TestSegmentEndDeterministic(t *testing.T) {
	// A cut found with a prefix of the input (final=false) must equal the
	// cut found with the whole input.
	buf := make([]byte, 3*segMax)
	for i := range buf {
		buf[i] = 'a' + byte(i%26)
	}
	buf[segMin+100] = '\n'
	buf[segMax+segMin+7] = ' '
	for _, start := range []int{0, segMin + 101, segMax + 50} {
		whole := segmentEnd(buf[start:], true)
		for l := 1; l <= len(buf)-start; l += 997 {
			if got := segmentEnd(buf[start:start+l], false); got != 0 && got != whole {
				t.Fatalf("segmentEnd(prefix %d of input at %d) = %d, want 0 or %d", l, start, got, whole)
			}
		}
		if whole == 0 || whole > segMax {
			t.Errorf("segmentEnd(input at %d) = %d, want in (0, %d]", start, whole, segMax)
		}
	}
}

func TestZeroAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items at random under the race detector")
	}
	s := newIdentity(t)
	text := []byte("ہم نے آج کتاب پڑھی اور پھر گھر گئے، the quick brown fox می\u200cخواهم 123 jumps over")
	dst := s.AppendShingles(nil, text)
	hs := s.AppendHashes(nil, text)
	if n := testing.AllocsPerRun(100, func() { dst = s.AppendShingles(dst[:0], text) }); n != 0 {
		t.Errorf("AppendShingles allocs = %v, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { hs = s.AppendHashes(hs[:0], text) }); n != 0 {
		t.Errorf("AppendHashes allocs = %v, want 0", n)
	}
	str := string(text)
	if n := testing.AllocsPerRun(100, func() { hs = s.AppendHashesString(hs[:0], str) }); n != 0 {
		t.Errorf("AppendHashesString allocs = %v, want 0", n)
	}
	h := s.NewHasher()
	h.Write(text)
	out := h.AppendShingles(nil)
	if n := testing.AllocsPerRun(100, func() {
		h.Reset()
		h.Write(text)
		out = h.AppendShingles(out[:0])
	}); n != 0 {
		t.Errorf("Hasher allocs = %v, want 0", n)
	}
	seq := s.AppendShingles(nil, text)
	sel := Winnow(nil, seq, 4)
	if n := testing.AllocsPerRun(100, func() { sel = Winnow(sel[:0], seq, 4) }); n != 0 {
		t.Errorf("Winnow allocs = %v, want 0", n)
	}
}

// TestHasherBoundedBuffer: a Hasher fed a long text without any separator,
// one byte at a time, never buffers more than one segment.
func TestHasherBoundedBuffer(t *testing.T) {
	s := newIdentity(t)
	h := s.NewHasher()
	chunk := []byte("ابجدهوز")
	maxBuf := 0
	for range 30000 { // 420 KB
		for i := range chunk {
			h.Write(chunk[i : i+1])
			maxBuf = max(maxBuf, len(h.buf))
		}
	}
	if maxBuf > segMax {
		t.Errorf("Hasher buffered %d bytes, want <= %d", maxBuf, segMax)
	}
	if got := h.AppendShingles(nil); len(got) != 1 {
		t.Errorf("one 420 KB word gave %d shingles, want 1", len(got))
	}
}
