package minhash_test

import (
	"encoding/hex"
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gharbal/gharbal/internal/golden"

	"github.com/stretchr/testify/require"

	"github.com/gharbal/gharbal/fingerprint/minhash"
	"github.com/gharbal/gharbal/normalize"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenSets are fixed shingle-hash sets (from a fixed PCG stream).
func goldenSets() [][]uint64 {
	r := rand.New(rand.NewPCG(2026, 11))
	var sets [][]uint64
	for _, n := range []int{0, 1, 3, 48, 300} {
		s := make([]uint64, n)
		for i := range s {
			s[i] = r.Uint64()
		}
		sets = append(sets, s)
	}
	return sets
}

func renderGolden(t *testing.T) string {
	var sb strings.Builder
	for _, opts := range []struct {
		scheme minhash.Scheme
		size   int
		seed   uint64
	}{{minhash.OnePermutation, 128, 0}, {minhash.OnePermutation, 16, 99}, {minhash.Permutations, 128, 0}, {minhash.Permutations, 7, 5}} {
		h, err := minhash.New(minhash.WithScheme(opts.scheme), minhash.WithSize(opts.size), minhash.WithSeed(opts.seed))
		require.NoError(t, err)
		for i, set := range goldenSets() {
			s := h.Sum(set)
			fmt.Fprintf(&sb, "%s set%d:", h.Params(), i)
			for k := range s.Len() {
				fmt.Fprintf(&sb, " %08x", s.Value(k))
			}
			if opts.size >= 6 {
				fmt.Fprintf(&sb, " keys(3x2):")
				for _, k := range s.BandKeys(nil, 3, 2) {
					fmt.Fprintf(&sb, " %016x", k)
				}
			}
			sb.WriteByte('\n')
		}
	}
	// One binary encoding pins the byte layout.
	h, _ := minhash.New(minhash.WithSize(4), minhash.WithSeed(1))
	bin, err := h.Sum([]uint64{1, 2, 3}).MarshalBinary()
	require.NoError(t, err)
	fmt.Fprintf(&sb, "binary %s\n", hex.EncodeToString(bin))
	txt, err := h.Sum([]uint64{1, 2, 3}).MarshalText()
	require.NoError(t, err)
	fmt.Fprintf(&sb, "text %s\n", txt)
	return sb.String()
}

func checkGolden(t *testing.T, path, got string, perNormalizeVersion bool) {
	t.Helper()
	bump := "FormatVersion"
	if perNormalizeVersion {
		bump = "normalize.Version"
	}
	golden.Check(t, path, got, *update, bump)
}

// TestGolden pins values, band keys and encodings for fixed hash sets.
func TestGolden(t *testing.T) {
	checkGolden(t, filepath.Join("testdata", fmt.Sprintf("minhash-v%d.golden", minhash.FormatVersion)), renderGolden(t), false)
}

// TestGoldenText pins signatures of text end to end, per normalize version.
func TestGoldenText(t *testing.T) {
	h := newTextHasher(t)
	var sb strings.Builder
	for _, text := range []string{
		"The quick brown fox jumps over the lazy dog",
		"ہم نے آج کتاب پڑھی اور پھر گھر گئے",
		"كتاب جميل جدا في المكتبة",
	} {
		bin, err := h.SumString(text).MarshalBinary()
		require.NoError(t, err)
		fmt.Fprintf(&sb, "%q %s\n", text, hex.EncodeToString(bin))
	}
	checkGolden(t, filepath.Join("testdata", fmt.Sprintf("text-v%d-norm%d.golden", minhash.FormatVersion, normalize.Version)), sb.String(), true)
}
