package minhash_test

import (
	"bufio"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gharbal/gharbal/fingerprint/minhash"
)

func TestEncodingRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(30, 30))
	a, _ := randomPair(r, 50, 0, 0)
	for _, h := range []*minhash.Hasher{newTextHasher(t), newTextHasher(t, minhash.WithSize(7), minhash.WithScheme(minhash.Permutations))} {
		for _, s := range []minhash.Signature{h.Sum(a), h.Sum(nil), h.SumString("some text here to hash")} {
			bin, err := s.MarshalBinary()
			require.NoError(t, err)
			var d minhash.Signature
			require.NoError(t, d.UnmarshalBinary(bin))
			assert.True(t, s.Equal(d), "binary round trip of %v", s)
			txt, err := s.MarshalText()
			require.NoError(t, err)
			var e minhash.Signature
			require.NoError(t, e.UnmarshalText(txt))
			assert.True(t, s.Equal(e), "text round trip of %v", s)
			if !s.Empty() {
				j, err := d.Jaccard(s)
				require.NoError(t, err)
				assert.Equal(t, 1.0, j)
			}
		}
	}
	_, err := minhash.Signature{}.MarshalBinary()
	assert.Error(t, err)
}

func TestDecodeErrors(t *testing.T) {
	h, _ := minhash.New(minhash.WithSize(4))
	good, err := h.Sum([]uint64{1, 2}).MarshalBinary()
	require.NoError(t, err)
	mut := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	cases := map[string][]byte{
		"empty":     nil,
		"short":     good[:20],
		"magic":     mut(func(b []byte) []byte { b[0] = 'X'; return b }),
		"scheme":    mut(func(b []byte) []byte { b[5] = 9; return b }),
		"size0":     mut(func(b []byte) []byte { b[6], b[7] = 0, 0; return b }),
		"sizeHuge":  mut(func(b []byte) []byte { b[6], b[7] = 0xff, 0xff; return b }),
		"flags":     mut(func(b []byte) []byte { b[16] = 2; return b }),
		"reserved":  mut(func(b []byte) []byte { b[21] = 1; return b }),
		"kindNoN":   mut(func(b []byte) []byte { b[17] = 1; return b }),
		"langLen":   mut(func(b []byte) []byte { b[32] = 200; return b }),
		"truncated": good[:len(good)-1],
		"trailing":  append(append([]byte(nil), good...), 0),
		"emptyVals": mut(func(b []byte) []byte { b[16] = 1; return b }),
	}
	for name, data := range cases {
		var s minhash.Signature
		err := s.UnmarshalBinary(data)
		assert.ErrorIs(t, err, minhash.ErrCorrupt, "UnmarshalBinary(%s)", name)
		assert.True(t, s.IsZero(), "failed decode must leave the signature unchanged (%s)", name)
	}
	var s minhash.Signature
	assert.ErrorIs(t, s.UnmarshalBinary(mut(func(b []byte) []byte { b[4] = 2; return b })), minhash.ErrVersion)
	for _, txt := range []string{"", "minhash", "minhash:!!!", "mh:AAAA", "minhash:" + strings.Repeat("A", 30000)} {
		assert.ErrorIs(t, s.UnmarshalText([]byte(txt)), minhash.ErrCorrupt, "UnmarshalText(%.20q)", txt)
	}
}

// goldenEncodings returns the binary encodings pinned in testdata, to seed
// the fuzzers.
func goldenEncodings(tb testing.TB) [][]byte {
	var out [][]byte
	f, err := os.Open(filepath.Join("testdata", "minhash-v1.golden"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "binary "); ok {
			b, err := hex.DecodeString(rest)
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, b)
		}
	}
	return out
}

func FuzzUnmarshalBinary(f *testing.F) {
	for _, b := range goldenEncodings(f) {
		f.Add(b)
	}
	h := newTextHasher(f)
	b, _ := h.SumString("a b c d").MarshalBinary()
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		var s minhash.Signature
		if err := s.UnmarshalBinary(data); err != nil {
			if !s.IsZero() {
				t.Fatal("failed decode changed the signature")
			}
			return
		}
		// Accepted input re-encodes to exactly the same bytes.
		again, err := s.MarshalBinary()
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		if string(again) != string(data) {
			t.Fatalf("re-encode differs:\n%x\n%x", again, data)
		}
		if j, err := s.Jaccard(s); err != nil || (j != 1 && !s.Empty()) {
			t.Fatalf("Jaccard(self) = %v, %v", j, err)
		}
		_ = s.String()
	})
}

func FuzzUnmarshalText(f *testing.F) {
	for _, b := range goldenEncodings(f) {
		var s minhash.Signature
		if s.UnmarshalBinary(b) == nil {
			txt, _ := s.MarshalText()
			f.Add(string(txt))
		}
	}
	f.Add("minhash:R0hNSA")
	f.Fuzz(func(t *testing.T, text string) {
		var s minhash.Signature
		if err := s.UnmarshalText([]byte(text)); err != nil {
			return
		}
		again, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var d minhash.Signature
		if err := d.UnmarshalText(again); err != nil || !d.Equal(s) {
			t.Fatalf("round trip of accepted text failed: %v", err)
		}
	})
}

func TestFromValues(t *testing.T) {
	h := newTextHasher(t)
	s := h.SumString("one two three four five")
	got, err := minhash.FromValues(s.Params(), s.AppendValues(nil))
	require.NoError(t, err)
	assert.True(t, s.Equal(got))
	e, err := minhash.FromValues(h.Params(), h.Sum(nil).AppendValues(nil))
	require.NoError(t, err)
	assert.True(t, e.Empty())
	_, err = minhash.FromValues(s.Params(), s.AppendValues(nil)[:5])
	assert.ErrorIs(t, err, minhash.ErrCorrupt)
	_, err = minhash.FromValues(minhash.Params{}, nil)
	assert.ErrorIs(t, err, minhash.ErrCorrupt)
}
