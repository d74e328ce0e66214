package main

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/internal/shareddata"
)

// hashTestFiles writes two PNGs of different sizes and a non-image into a
// temporary directory.
func hashTestFiles(t *testing.T) (a, b, bad string) {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, w, h int) string {
		img := image.NewNRGBA(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				img.SetNRGBA(x, y, color.NRGBA{uint8(x * 7), uint8(y * 5), uint8((x ^ y) * 3), 255})
			}
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a, b = write("a.png", 40, 30), write("b b.png", 64, 80)
	bad = filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(bad, []byte("not an image"), 0o644); err != nil {
		t.Fatal(err)
	}
	return a, b, bad
}

func hashRun(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(append([]string{"hash"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func hashLines(t *testing.T, stdout string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(stdout))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		recs = append(recs, m)
	}
	return recs
}

// wantRecord computes the expected fields of one file with the libraries.
func wantRecord(t *testing.T, path string) (hash string, quality float64, md5hex, shahex string, w, h float64) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	ph, q, err := pdq.Sum(img)
	if err != nil {
		t.Fatal(err)
	}
	m, s := md5.Sum(data), sha256.Sum256(data)
	return ph.String(), float64(q), hex.EncodeToString(m[:]), hex.EncodeToString(s[:]), float64(img.Bounds().Dx()), float64(img.Bounds().Dy())
}

func TestHashCommand(t *testing.T) {
	a, b, _ := hashTestFiles(t)
	code, stdout, stderr := hashRun(a, b)
	if code != 0 {
		t.Fatalf("gharbal hash a b: exit %d, stderr %s", code, stderr)
	}
	recs := hashLines(t, stdout)
	if len(recs) != 2 {
		t.Fatalf("gharbal hash a b: %d lines, want 2:\n%s", len(recs), stdout)
	}
	for i, p := range []string{a, b} {
		hash, q, m, s, w, h := wantRecord(t, p)
		r := recs[i]
		if r["path"] != p || r["pdq"] != hash || r["quality"] != q || r["md5"] != m || r["sha256"] != s || r["width"] != w || r["height"] != h {
			t.Errorf("line %d = %v, want path %s pdq %s quality %v md5 %s sha256 %s %vx%v", i, r, p, hash, q, m, s, w, h)
		}
		if _, ok := r["dihedral"]; ok {
			t.Errorf("line %d has dihedral without -dihedral", i)
		}
	}
}

func TestHashCommandDihedral(t *testing.T) {
	a, _, _ := hashTestFiles(t)
	code, stdout, stderr := hashRun("--dihedral", a)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	recs := hashLines(t, stdout)
	d, ok := recs[0]["dihedral"].([]any)
	if !ok || len(d) != 8 {
		t.Fatalf("dihedral = %v, want 8 hashes", recs[0]["dihedral"])
	}
	f, _ := os.Open(a)
	defer f.Close()
	img, _ := png.Decode(f)
	want, _, _ := pdq.Dihedral(img)
	for i := range d {
		if d[i] != want[i].String() {
			t.Errorf("dihedral[%d] = %v, want %v", i, d[i], want[i])
		}
	}
	if d[0] != recs[0]["pdq"] {
		t.Errorf("dihedral[0] %v != pdq %v", d[0], recs[0]["pdq"])
	}
}

func TestHashCommandInvalid(t *testing.T) {
	a, b, bad := hashTestFiles(t)
	code, stdout, stderr := hashRun(a, bad, b)
	if code == 0 || !strings.Contains(stderr, bad) {
		t.Errorf("with an undecodable file: exit %d, stderr %q; want non-zero naming %s", code, stderr, bad)
	}
	if n := len(hashLines(t, stdout)); n != 1 {
		t.Errorf("files before the bad one: %d lines, want 1", n)
	}
	missing := filepath.Join(t.TempDir(), "missing.jpg")
	if code, _, stderr := hashRun(missing); code == 0 || !strings.Contains(stderr, missing) {
		t.Errorf("missing file: exit %d, stderr %q", code, stderr)
	}

	code, stdout, stderr = hashRun("--skip-invalid", a, bad, b)
	if code != 0 {
		t.Errorf("--skip-invalid: exit %d, stderr %s", code, stderr)
	}
	if n := len(hashLines(t, stdout)); n != 2 {
		t.Errorf("--skip-invalid: %d lines, want 2", n)
	}
	if !strings.Contains(stderr, "skipped "+bad) || !strings.Contains(stderr, "skipped 1 of 3") {
		t.Errorf("--skip-invalid stderr %q does not report the skipped file", stderr)
	}
}

func TestHashCommandLimits(t *testing.T) {
	a, b, _ := hashTestFiles(t) // 40x30 = 1200 and 64x80 = 5120 pixels
	code, stdout, stderr := hashRun("--max-pixels", "2000", "--skip-invalid", a, b)
	if code != 0 || len(hashLines(t, stdout)) != 1 || !strings.Contains(stderr, "pixel limit") {
		t.Errorf("--max-pixels 2000: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, _, stderr := hashRun("--max-bytes", "100", a); code == 0 || !strings.Contains(stderr, "byte limit") {
		t.Errorf("--max-bytes 100: exit %d, stderr %q", code, stderr)
	}
}

func TestHashCommandModeAndStdin(t *testing.T) {
	a, _, _ := hashTestFiles(t)
	data, _ := os.ReadFile(a)
	var out, errb bytes.Buffer
	if code := run([]string{"hash", "--mode", "squash-512", "-"}, bytes.NewReader(data), &out, &errb); code != 0 {
		t.Fatalf("stdin: exit %d, %s", code, errb.String())
	}
	recs := hashLines(t, out.String())
	hash, _, _, _, _, _ := wantRecord(t, a) // 40x30: squash leaves it unchanged
	if len(recs) != 1 || recs[0]["path"] != "-" || recs[0]["pdq"] != hash {
		t.Errorf("stdin: %v, want pdq %s", recs, hash)
	}
}

func TestHashCommandUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"--mode", "thumbnail", "x.png"}, {"--no-such-flag"}, {"--max-pixels", "0", "x.png"}} {
		if code, _, stderr := hashRun(args...); code != 2 || stderr == "" {
			t.Errorf("gharbal hash %q: exit %d, stderr %q; want 2 and a message", args, code, stderr)
		}
	}
	if code, _, stderr := hashRun("-h"); code != 0 || !strings.Contains(stderr, "usage: gharbal hash") {
		t.Errorf("gharbal hash -h: exit %d, stderr %q", code, stderr)
	}
}

// TestHashCommandConformance runs the command on every PNG of the shared
// PDQ reference set and compares with the reference's full-resolution
// hashes, qualities and sizes (skipped without ../shared/data).
func TestHashCommandConformance(t *testing.T) {
	if testing.Short() || hashRaceEnabled {
		t.Skip("large PNG decodes: not with -short or -race")
	}
	root := shareddata.Path(t, "pdq")
	f, err := os.Open(filepath.Join(root, "expected", "fullres.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type want struct{ hash, quality, w, h string }
	wants := map[string]want{}
	var args []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ",")
		if len(fields) != 5 || strings.HasPrefix(fields[0], "#") || !strings.HasSuffix(fields[4], ".png") {
			continue
		}
		p := filepath.Join(root, fields[4])
		wants[p] = want{fields[0], fields[1], fields[2], fields[3]}
		args = append(args, p)
	}
	if len(args) == 0 {
		t.Fatal("no PNG rows in fullres.csv")
	}
	code, stdout, stderr := hashRun(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	recs := hashLines(t, stdout)
	if len(recs) != len(args) {
		t.Fatalf("%d lines for %d files", len(recs), len(args))
	}
	for _, r := range recs {
		w := wants[r["path"].(string)]
		got := want{r["pdq"].(string), fmt.Sprint(r["quality"]), fmt.Sprint(r["width"]), fmt.Sprint(r["height"])}
		if got != w {
			t.Errorf("%s: got %v, want the reference's %v", r["path"], got, w)
		}
	}
	t.Logf("gharbal hash matches the reference on %d PNGs", len(recs))
}
