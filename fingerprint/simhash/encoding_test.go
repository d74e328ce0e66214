package simhash_test

import (
	"encoding/hex"
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gharbal/gharbal/internal/golden"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/gharbal/gharbal/fingerprint/simhash"
	"github.com/gharbal/gharbal/normalize"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestEncodingRoundTrip(t *testing.T) {
	h, _ := simhash.New(simhash.WithSeed(77))
	a := h.Sum([]uint64{10, 20, 30}, []float32{1, 0.5, 2})
	bin, err := a.MarshalBinary()
	require.NoError(t, err)
	assert.Len(t, bin, 17)
	var b simhash.Hash
	require.NoError(t, b.UnmarshalBinary(bin))
	assert.Equal(t, a, b)
	txt, err := a.MarshalText()
	require.NoError(t, err)
	var c simhash.Hash
	require.NoError(t, c.UnmarshalText(txt))
	assert.Equal(t, a, c)
	require.NoError(t, c.UnmarshalText([]byte(string(txt[:9])+strings.ToUpper(string(txt[9:])))))
	assert.Equal(t, a, c)
	assert.Regexp(t, `^simhash/v1 p=[0-9a-f]{8} [0-9a-f]{16}$`, a.String())
	_, err = simhash.Hash{}.MarshalBinary()
	assert.Error(t, err)
	assert.Equal(t, "simhash(zero)", simhash.Hash{}.String())
}

func TestDecodeErrors(t *testing.T) {
	good, _ := simhash.Sum([]uint64{1}, nil).MarshalBinary()
	for name, data := range map[string][]byte{
		"empty": nil, "short": good[:16], "long": append(append([]byte(nil), good...), 0),
		"magic": append([]byte("XHSH"), good[4:]...),
	} {
		var h simhash.Hash
		assert.ErrorIs(t, h.UnmarshalBinary(data), simhash.ErrCorrupt, name)
		assert.True(t, h.IsZero())
	}
	bad := append([]byte(nil), good...)
	bad[4] = 9
	var h simhash.Hash
	assert.ErrorIs(t, h.UnmarshalBinary(bad), simhash.ErrVersion)
	for _, s := range []string{"", "simhash1:0000000:0000000000000000", "simhash1:0000000g:0000000000000000", "simhashx:00000000:0000000000000000", "simhash1-00000000:0000000000000000"} {
		assert.ErrorIs(t, h.UnmarshalText([]byte(s)), simhash.ErrCorrupt, "%q", s)
	}
	assert.ErrorIs(t, h.UnmarshalText([]byte("simhash2:00000000:0000000000000000")), simhash.ErrVersion)
}

func checkGolden(t *testing.T, path, got string, perNormalizeVersion bool) {
	t.Helper()
	bump := "FormatVersion"
	if perNormalizeVersion {
		bump = "normalize.Version"
	}
	golden.Check(t, path, got, *update, bump)
}

// TestGolden pins hashes of fixed feature sets and the encodings.
func TestGolden(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 11))
	var sb strings.Builder
	for _, seed := range []uint64{0, 12345} {
		h, _ := simhash.New(simhash.WithSeed(seed))
		for _, n := range []int{0, 1, 5, 48, 300} {
			f := make([]uint64, n)
			w := make([]float32, n)
			for i := range f {
				f[i] = r.Uint64()
				w[i] = float32(r.IntN(8)) / 4
			}
			txt, _ := h.Sum(f, nil).MarshalText()
			wtxt, _ := h.Sum(f, w).MarshalText()
			fmt.Fprintf(&sb, "seed=%d n=%d %s weighted %s\n", seed, n, txt, wtxt)
		}
	}
	bin, _ := simhash.Sum([]uint64{1, 2, 3}, nil).MarshalBinary()
	fmt.Fprintf(&sb, "binary %s\n", hex.EncodeToString(bin))
	checkGolden(t, filepath.Join("testdata", fmt.Sprintf("simhash-v%d.golden", simhash.FormatVersion)), sb.String(), false)
}

// TestGoldenText pins text hashes end to end, per normalize version.
func TestGoldenText(t *testing.T) {
	h := newTextHasher(t, language.Und)
	var sb strings.Builder
	for _, s := range []string{"The quick brown fox jumps over the lazy dog", "ہم نے آج کتاب پڑھی اور پھر گھر گئے"} {
		fmt.Fprintf(&sb, "%q %v\n", s, h.SumString(s))
	}
	checkGolden(t, filepath.Join("testdata", fmt.Sprintf("text-v%d-norm%d.golden", simhash.FormatVersion, normalize.Version)), sb.String(), true)
}

func FuzzUnmarshalBinary(f *testing.F) {
	b, _ := simhash.Sum([]uint64{1, 2, 3}, nil).MarshalBinary()
	f.Add(b)
	f.Add([]byte("GHSH"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var h simhash.Hash
		if err := h.UnmarshalBinary(data); err != nil {
			if !h.IsZero() {
				t.Fatal("failed decode changed the hash")
			}
			return
		}
		again, err := h.MarshalBinary()
		if err != nil || string(again) != string(data) {
			t.Fatalf("re-encode = %x, %v; want %x", again, err, data)
		}
	})
}

func FuzzUnmarshalText(f *testing.F) {
	b, _ := simhash.Sum([]uint64{1, 2, 3}, nil).MarshalText()
	f.Add(string(b))
	f.Add("simhash1:zzzzzzzz:0000000000000000")
	f.Fuzz(func(t *testing.T, s string) {
		var h simhash.Hash
		if err := h.UnmarshalText([]byte(s)); err != nil {
			return
		}
		again, err := h.MarshalText()
		if err != nil || !strings.EqualFold(string(again), s) {
			t.Fatalf("re-encode = %q, %v; want %q", again, err, s)
		}
	})
}

func TestParamsID(t *testing.T) {
	a, _ := simhash.New()
	b, _ := simhash.New()
	assert.Equal(t, a.Params().ID(), b.Params().ID())
	c, _ := simhash.New(simhash.WithSeed(1))
	assert.NotEqual(t, a.Params().ID(), c.Params().ID())
}

func TestFromBits(t *testing.T) {
	h := newTextHasher(t, language.Urdu)
	a := h.SumString("ہم نے آج کتاب پڑھی")
	assert.Equal(t, a, simhash.FromBits(a.Bits(), h.Params()))
}
