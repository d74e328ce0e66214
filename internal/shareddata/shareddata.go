// Package shareddata locates the read-only evaluation data that developers and
// CI keep beside the repository, at ../shared/data relative to the repository
// root. That data is never copied into the project: tests that use it call
// Path, which skips the test with a clear message when the folder is absent.
//
// # Concurrency
//
// All functions are safe for concurrent use.
package shareddata

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Root returns the absolute path of the shared data folder
// (<repo root>/../shared/data), found by walking up from the working
// directory to the first folder holding a go.mod whose parent holds
// shared/data. It returns an error naming the folder it looked for when none
// is found.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			cand := filepath.Join(dir, "..", "shared", "data")
			if fi, err := os.Stat(cand); err == nil && fi.IsDir() {
				return filepath.Clean(cand), nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("shareddata: no ../shared/data beside any enclosing module root")
		}
		dir = parent
	}
}

// Path returns the path of elem inside the shared data folder, for example
// Path(t, "text", "ur.txt"). When the folder or the file is absent it skips
// t with a message naming what is missing.
func Path(t testing.TB, elem ...string) string {
	t.Helper()
	root, err := Root()
	if err != nil {
		t.Skipf("skipping: shared evaluation data not found (%v); CI always has it", err)
	}
	p := filepath.Join(append([]string{root}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("skipping: shared data %s is absent: %v", p, err)
	}
	return p
}
