package golden

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFirstDiff(t *testing.T) {
	for _, c := range []struct {
		want, got string
		line      int
		ok        bool
	}{
		{"a\nb\n", "a\nb\n", 0, true},
		{"a\nb\n", "a\nc\n", 2, false},
		{"a\n", "a\nb\n", 2, false},
		{"", "x", 1, false},
	} {
		line, _, _, ok := FirstDiff(c.want, c.got)
		if line != c.line || ok != c.ok {
			t.Errorf("FirstDiff(%+q, %+q) = %d, %v, want %d, %v", c.want, c.got, line, ok, c.line, c.ok)
		}
	}
}

func TestCheckUpdateThenEqual(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.golden")
	Check(t, path, "one\ntwo\n", true, "Version")
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "one\ntwo\n" {
		t.Fatalf("Check with update wrote %q, %v", b, err)
	}
	Check(t, path, "one\ntwo\n", false, "Version") // equal: must not fail
}
