package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runIdx runs the command with the given stdin.
func runIdx(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// sampleIndex builds an index of testdata/sample/items.jsonl.
func sampleIndex(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "sample.ghx")
	code, stdout, stderr := runIdx("", "index", "build", "--out", out, "../../testdata/sample/items.jsonl")
	require.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Empty(t, stdout)
	return out
}

func TestIndexBuildInfo(t *testing.T) {
	idx := sampleIndex(t)
	code, stdout, stderr := runIdx("", "index", "info", idx)
	require.Equal(t, 0, code, stderr)
	var info struct {
		Seq   uint64
		Stats struct {
			Items     int `json:"items"`
			PDQHashes int `json:"pdq_hashes"`
		}
		Params struct {
			NormalizeVersion int    `json:"normalize_version"`
			UnicodeVersion   string `json:"unicode_version"`
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &info))
	assert.Equal(t, 10, info.Stats.Items)
	assert.Equal(t, 2, info.Stats.PDQHashes)
	assert.NotEmpty(t, info.Params.UnicodeVersion)
}

func TestIndexBuildErrors(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "items.jsonl")
	os.WriteFile(in, []byte(`{"id":"a","text":"one two three four five six seven eight nine"}
{"id":"b"}
not json
{"id":"a","text":"dup"}
{"id":"c","image":"missing.png"}
{"id":"d","md5":"0cc175b9c0f1b6a831c399e269772661"}
`), 0o644)
	out := filepath.Join(dir, "x.ghx")
	code, _, stderr := runIdx("", "index", "build", "--out", out, in)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, in+":2:")
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err), "index written despite an error")

	code, _, stderr = runIdx("", "index", "build", "--skip-invalid", "--out", out, in)
	require.Equal(t, 0, code, stderr)
	for _, l := range []string{":2:", ":3:", ":4:", ":5:"} {
		assert.Contains(t, stderr, in+l)
	}
	code, stdout, _ := runIdx("", "index", "info", out)
	require.Equal(t, 0, code)
	assert.Contains(t, stdout, `"items": 2`)

	code, _, _ = runIdx("", "index", "build", in)
	assert.Equal(t, 2, code)
	code, _, _ = runIdx("", "index", "frobnicate")
	assert.Equal(t, 2, code)
	code, _, stderr = runIdx("", "index", "info", in)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "not a gharbal index")
}

func TestIndexBuildStdin(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.ghx")
	code, _, stderr := runIdx(`{"id":"s","text":"the whole slogan fits in eight words here ok"}`+"\n", "index", "build", "--out", out, "-")
	require.Equal(t, 0, code, stderr)
	code, stdout, stderr := runIdx(`{"id":"q","text":"THE whole slogan fits in eight words here, ok!"}`+"\n", "match", "--index", out)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, `"id":"s"`)
}

func TestIndexImportExport(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "list.csv")
	os.WriteFile(list, []byte("signal_type,signal,id,label\n"+
		"pdq,f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22,img-1,ttp\n"+
		"md5,0cc175b9c0f1b6a831c399e269772661,file-2,ttp\n"+
		"pdq,zz,bad,ttp\n"), 0o644)
	out := filepath.Join(dir, "list.ghx")
	code, _, stderr := runIdx("", "index", "import", "--out", out, list)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, list+":4:")
	code, _, stderr = runIdx("", "index", "import", "--skip-invalid", "--out", out, list)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, list+":4:")
	// Add to the sample index.
	both := filepath.Join(dir, "both.ghx")
	code, _, stderr = runIdx("", "index", "import", "--skip-invalid", "--into", sampleIndex(t), "--out", both, list)
	require.Equal(t, 0, code, stderr)
	code, stdout, stderr := runIdx("", "index", "export", "--format", "hma", both)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "pdq,f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22,img-1,ttp")
	assert.Contains(t, stdout, "md5,0cc175b9c0f1b6a831c399e269772661,file-2,ttp")
	assert.Equal(t, 1+2+6, strings.Count(stdout, "\n"), "header, 2 imported rows, sample's 2 x (PDQ, MD5, SHA-256):\n%s", stdout)
	code, stdout, _ = runIdx("", "index", "export", "--format", "threatexchange", out)
	require.Equal(t, 0, code)
	assert.Equal(t, "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22,1,,ttp\n", stdout)
}

// expected is one line of testdata/sample/expected.jsonl.
type expected struct {
	Post  string   `json:"post"`
	Items []string `json:"items"`
}

func TestMatchSample(t *testing.T) {
	idx := sampleIndex(t)
	code, stdout, stderr := runIdx("", "match", "--index", idx, "../../testdata/sample/posts.jsonl")
	require.Equal(t, 0, code, stderr)
	b, err := os.ReadFile("../../testdata/sample/expected.jsonl")
	require.NoError(t, err)
	var want []expected
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var e expected
		require.NoError(t, json.Unmarshal([]byte(l), &e))
		want = append(want, e)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	require.Len(t, lines, len(want), "one output line per query")
	for i, l := range lines {
		var res struct {
			ID      string `json:"id"`
			Matches []struct {
				ID     string   `json:"id"`
				Signal string   `json:"signal"`
				Score  float64  `json:"score"`
				Spans  [][2]int `json:"spans"`
			} `json:"matches"`
		}
		require.NoError(t, json.Unmarshal([]byte(l), &res), l)
		assert.Equal(t, want[i].Post, res.ID, "output order")
		assert.Contains(t, l, `"matches":[`, "matches is a list, [] when empty")
		got := []string{}
		for _, m := range res.Matches {
			got = append(got, m.ID)
		}
		slices.Sort(got)
		got = slices.Compact(got)
		w := append([]string{}, want[i].Items...)
		slices.Sort(w)
		assert.Equal(t, w, got, "post %s: %s", res.ID, l)
	}
}

func TestMatchErrors(t *testing.T) {
	idx := sampleIndex(t)
	in := `{"id":"1","text":"hello there"}
{"id":"2","pdq":"xyz"}
{"id":"3","text":"fine"}
`
	code, stdout, stderr := runIdx(in, "match", "--index", idx)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "-:2:")
	assert.Equal(t, 1, strings.Count(stdout, "\n"), "results before the error are written")
	code, stdout, stderr = runIdx(in, "match", "--skip-invalid", "--index", idx, "-")
	assert.Equal(t, 0, code)
	assert.Contains(t, stderr, "-:2:")
	assert.Equal(t, `{"id":"1","matches":[]}`+"\n"+`{"id":"3","matches":[]}`+"\n", stdout)
	code, _, _ = runIdx(in, "match")
	assert.Equal(t, 2, code)
	code, _, stderr = runIdx(in, "match", "--index", "/nonexistent")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "nonexistent")
}

// TestMatchParallelOrder: any number of workers writes the same lines in
// input order.
func TestMatchParallelOrder(t *testing.T) {
	idx := sampleIndex(t)
	posts, err := os.ReadFile("../../testdata/sample/posts.jsonl")
	require.NoError(t, err)
	var in strings.Builder
	n := 0
	for i := 0; i < 8; i++ {
		for _, l := range strings.Split(strings.TrimSpace(string(posts)), "\n") {
			if !strings.Contains(l, `"image"`) { // image paths are relative to the posts file
				in.WriteString(l + "\n")
				n++
			}
		}
		in.WriteString(`{"id":"bad","pdq":"zz"}` + "\n")
	}
	code, one, _ := runIdx(in.String(), "match", "--skip-invalid", "--parallel", "1", "--index", idx)
	require.Equal(t, 0, code)
	for _, p := range []string{"3", "8"} {
		code, many, stderr := runIdx(in.String(), "match", "--skip-invalid", "--parallel", p, "--index", idx)
		require.Equal(t, 0, code)
		assert.Equal(t, one, many, "--parallel %s", p)
		assert.Equal(t, 8, strings.Count(stderr, `-:`), "each bad line reported once")
	}
	assert.Equal(t, n, strings.Count(one, "\n"))
}

// TestTranslit: index build --translit and match --translit find a Roman
// Urdu post of the Urdu sample slogan (and the Urdu post of the Roman one),
// which the main index cannot.
func TestTranslit(t *testing.T) {
	dir := t.TempDir()
	idx, tr := filepath.Join(dir, "s.ghx"), filepath.Join(dir, "s.tr")
	code, _, stderr := runIdx("", "index", "build", "--out", idx, "--translit", tr, "../../testdata/sample/items.jsonl")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "8 texts indexed, 0 too short")
	q := `{"id":"q","text":"yeh parho: sarv kabhi nahin jhukta. hamara qafila paharon ki taraf rawan hai aur har naujawan ko is qafile mein shamil hone ki dawat di jati hai. sabr karne walon hi ki jeet hoti hai."}` + "\n"
	code, stdout, stderr := runIdx(q, "match", "--index", idx, "--translit", tr)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, `"id":"cf-ur-slogan","label":"cypress-front/slogan","signal":"transliteration"`)
	code, stdout, _ = runIdx(q, "match", "--index", idx)
	require.Equal(t, 0, code)
	assert.NotContains(t, stdout, "cf-ur-slogan", "without --translit")

	code, _, stderr = runIdx(q, "match", "--index", idx, "--translit", idx)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "not a transliteration snapshot")
	code, _, stderr = runIdx(q, "match", "--index", idx, "--translit", filepath.Join(dir, "missing"))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "missing")
}
