// Package golden compares test output with golden files that pin fingerprint
// outputs, and rewrites them on request. Tests of the fingerprint packages
// share it so that every golden file fails the same way: at the first changed
// line, naming the file and the version to bump.
//
// # Concurrency
//
// Check is safe for concurrent use on distinct paths.
package golden

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
)

// Check compares got with the contents of the file at path and fails t at
// the first line that differs. With update set it writes got to path instead.
// A missing file fails t with a message saying how to create it; bump names
// the version constant a change of output must bump (for example
// "FormatVersion" or "normalize.Version").
func Check(t testing.TB, path, got string, update bool, bump string) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("no golden file %s: outputs changed with %s; review them and create it with go test -update", path, bump)
	}
	if err != nil {
		t.Fatal(err)
	}
	if line, w, g, ok := FirstDiff(string(want), got); !ok {
		t.Fatalf("%s line %d changed: output changed without a %s bump\ngot  %s\nwant %s", path, line, bump, g, w)
	}
}

// FirstDiff returns the first line (from 1) at which want and got differ,
// with the two lines, and ok == true when they are equal.
func FirstDiff(want, got string) (line int, w, g string, ok bool) {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(wl), len(gl)) {
		w, g = "", ""
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return i + 1, w, g, false
		}
	}
	return 0, "", "", true
}
