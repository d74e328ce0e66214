package shingle_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gharbal/gharbal/fingerprint/shingle"
	"github.com/gharbal/gharbal/normalize"
)

// FuzzShingler checks, for arbitrary bytes: no panic, spans inside the
// input, hashes equal to AppendHashes, and streaming (split at an arbitrary
// point and in small chunks) equal to one-shot.
func FuzzShingler(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "inputs.txt"))
	if err != nil {
		f.Fatal(err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		f.Add([]byte(line), uint8(i), uint8(i%3))
	}
	f.Add([]byte("\xff\xfe\xc3"), uint8(1), uint8(0))
	shs := []*shingle.Shingler{
		newShingler(f, normalize.Canonical),
		newShingler(f, normalize.Aggressive, shingle.WithKind(shingle.Chars), shingle.WithN(4)),
		newShingler(f, normalize.Conservative, shingle.WithN(1)),
	}
	f.Fuzz(func(t *testing.T, text []byte, split, which uint8) {
		s := shs[int(which)%len(shs)]
		want := s.AppendShingles(nil, text)
		hs := s.AppendHashes(nil, text)
		if len(hs) != len(want) {
			t.Fatalf("AppendHashes gave %d hashes, AppendShingles %d", len(hs), len(want))
		}
		for i, sh := range want {
			if sh.Hash != hs[i] {
				t.Fatalf("hash %d differs", i)
			}
			if sh.Start < 0 || sh.Start > sh.End || int(sh.End) > len(text) {
				t.Fatalf("span [%d,%d) outside input of %d bytes", sh.Start, sh.End, len(text))
			}
		}
		h := s.NewHasher()
		cut := min(int(split), len(text))
		h.Write(text[:cut])
		h.Write(text[cut:])
		got := h.AppendShingles(nil)
		if len(got) != len(want) {
			t.Fatalf("streaming gave %d shingles, one-shot %d", len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("streaming shingle %d = %v, one-shot %v", i, got[i], want[i])
			}
		}
		h.Reset()
		for i := 0; i < len(text); i += 3 {
			h.Write(text[i:min(i+3, len(text))])
		}
		got = h.AppendShingles(got[:0])
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("3-byte chunks: shingle %d = %v, one-shot %v", i, got[i], want[i])
			}
		}
	})
}
