package normalize

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/gharbal/gharbal/internal/shareddata"
)

// TestTablesUpToDate regenerates the tables from the generator and the
// shared confusables file and compares them with the committed tables.go.
// Skipped in -short mode and when ../shared/data is absent.
func TestTablesUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	conf := shareddata.Path(t, "unicode", "confusables.txt")
	out := filepath.Join(t.TempDir(), "tables.go")
	cmd := exec.Command("go", "run", "./internal/gen", "-confusables", conf, "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./internal/gen: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("tables.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("tables.go differs from the generator's output: run go generate ./normalize, bump Version if outputs change")
	}
}
