// Package importrules holds one test: the import rules of the module, stated
// as data (in the manner of go/build's deps_test.go) and checked against
// every Go file in the module.
package importrules

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/gharbal/gharbal"

// layers lists, for each package prefix of the library, the module-internal
// prefixes it may import. Imports flow one way:
// normalize <- fingerprint <- match <- cmd, examples; fingerprint/pdq imports
// nothing of ours. The first matching prefix wins, so more specific prefixes
// come first.
var layers = []struct {
	pkg     string
	mayUse  []string
	comment string
}{
	{"fingerprint/pdq", []string{"fingerprint/pdq", "internal/"}, "pdq imports nothing of ours"},
	{"normalize", []string{"normalize", "internal/"}, "the foundation"},
	{"fingerprint", []string{"normalize", "fingerprint", "internal/"}, "text and image fingerprints"},
	{"match", []string{"normalize", "fingerprint", "match", "internal/"}, "the index"},
	{"internal", []string{"internal/", "normalize", "fingerprint"}, "details"},
	{"cmd", []string{""}, "the command may use the whole library"},
	{"examples", []string{""}, "examples may use the whole library"},
}

// thirdParty lists the modules library code (non-test files outside cmd/ and
// examples/) may import. Each is a chosen dependency; see the README.
var thirdParty = []string{
	"golang.org/x/text",
	"golang.org/x/image",
	"github.com/bits-and-blooms/bloom/v3",
	"github.com/kljensen/snowball",
	"github.com/zeebo/xxh3",
}

// testOnly lists modules that only _test.go files may import.
var testOnly = []string{"github.com/stretchr/testify"}

func TestImportRules(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			base := d.Name()
			if rel != "." && (strings.HasPrefix(base, ".") || base == "testdata" || base == "vendor") {
				return filepath.SkipDir
			}
			if rel != "." {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // a nested module has its own rules
				}
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return nil
		}
		checked++
		dir := filepath.ToSlash(filepath.Dir(rel))
		isTest := strings.HasSuffix(rel, "_test.go")
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			checkImport(t, rel, dir, p, isTest)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("no Go files checked: the walk found nothing")
	}
}

func checkImport(t *testing.T, file, dir, imp string, isTest bool) {
	t.Helper()
	app := dir == "cmd" || strings.HasPrefix(dir, "cmd/") || strings.HasPrefix(dir, "examples") || strings.HasPrefix(dir, "internal/importrules")
	if rest, ok := strings.CutPrefix(imp, module); ok {
		target := strings.TrimPrefix(rest, "/")
		for _, l := range layers {
			if !hasPathPrefix(dir, l.pkg) {
				continue
			}
			for _, allowed := range l.mayUse {
				if allowed == "" || hasPathPrefix(target, strings.TrimSuffix(allowed, "/")) {
					return
				}
			}
			t.Errorf("%s imports %s: package %s may import only %v (%s)", file, imp, dir, l.mayUse, l.comment)
			return
		}
		if dir != "." {
			t.Errorf("%s imports %s: package %s has no import rule; add it to layers", file, imp, dir)
		}
		return
	}
	first := strings.SplitN(imp, "/", 2)[0]
	if !strings.Contains(first, ".") {
		return // standard library
	}
	if app {
		return
	}
	for _, m := range thirdParty {
		if hasPathPrefix(imp, m) {
			return
		}
	}
	if isTest {
		for _, m := range testOnly {
			if hasPathPrefix(imp, m) {
				return
			}
		}
	}
	t.Errorf("%s imports %s: not a chosen dependency of the library (see thirdParty in this test)", file, imp)
}

func hasPathPrefix(p, prefix string) bool {
	return p == prefix || strings.HasPrefix(p, prefix+"/")
}

func TestHasPathPrefix(t *testing.T) {
	for _, c := range []struct {
		p, prefix string
		want      bool
	}{
		{"fingerprint/pdq", "fingerprint", true},
		{"fingerprint", "fingerprint", true},
		{"fingerprintx", "fingerprint", false},
		{"match/account", "match", true},
	} {
		if got := hasPathPrefix(c.p, c.prefix); got != c.want {
			t.Errorf("hasPathPrefix(%q, %q) = %v, want %v", c.p, c.prefix, got, c.want)
		}
	}
}
