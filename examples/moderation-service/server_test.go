package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gharbal/gharbal/fingerprint/imagefile"
	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/match"
)

const (
	sampleDir = "../../testdata/sample"
	token     = "test-token-0123456789"
)

// TestMain lets TestSignals run this test binary as the service itself.
func TestMain(m *testing.M) {
	if os.Getenv("GHARBAL_TEST_RUN_SERVICE") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func skipIfNotImplemented(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), "not implemented") {
		t.Skipf("package match is not implemented yet (%v)", err)
	}
}

// sampleItems reads testdata/sample/items.jsonl into match items, hashing
// the posters.
func sampleItems(t *testing.T) []match.Item {
	t.Helper()
	f, err := os.Open(filepath.Join(sampleDir, "items.jsonl"))
	require.NoError(t, err)
	defer f.Close()
	var items []match.Item
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var row struct{ ID, Label, Text, Image string }
		require.NoError(t, json.Unmarshal(sc.Bytes(), &row))
		it := match.Item{ID: row.ID, Label: row.Label, Text: row.Text}
		if row.Image != "" {
			h, q, err := pdq.Sum(decodeSample(t, row.Image))
			require.NoError(t, err)
			require.GreaterOrEqual(t, q, pdq.MinQuality)
			it.PDQ = []pdq.Hash{h}
		}
		items = append(items, it)
	}
	require.NoError(t, sc.Err())
	return items
}

func decodeSample(t *testing.T, name string) image.Image {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sampleDir, name))
	require.NoError(t, err)
	img, _, err := imagefile.Decode(bytes.NewReader(data), 0)
	require.NoError(t, err)
	return img
}

// samplePost is one line of testdata/sample/posts.jsonl.
type samplePost struct{ ID, Text, Image string }

func samplePosts(t *testing.T) []samplePost {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sampleDir, "posts.jsonl"))
	require.NoError(t, err)
	var out []samplePost
	for line := range strings.Lines(string(data)) {
		var p samplePost
		require.NoError(t, json.Unmarshal([]byte(line), &p))
		out = append(out, p)
	}
	return out
}

// writeSnapshot builds an index of items and writes it to path atomically.
func writeSnapshot(t *testing.T, path string, items []match.Item) *match.Index {
	t.Helper()
	ix, err := match.NewIndex()
	require.NoError(t, err)
	err = ix.AddBatch(items)
	skipIfNotImplemented(t, err)
	require.NoError(t, err)
	require.NoError(t, ix.WriteFile(path))
	return ix
}

type service struct {
	url    string
	srv    *server
	reload chan struct{}
	cancel context.CancelFunc
	done   chan error
	client *http.Client
}

func startService(t *testing.T, cfg config) *service {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	s, err := newServer(cfg, log)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	svc := &service{url: "http://" + ln.Addr().String(), srv: s, reload: make(chan struct{}, 1), cancel: cancel,
		done: make(chan error, 1), client: &http.Client{Timeout: 20 * time.Second}}
	go func() { svc.done <- s.serve(ctx, ln, svc.reload) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-svc.done:
			assert.NoError(t, err, "serve")
		case <-time.After(20 * time.Second):
			t.Error("serve did not return after shutdown")
		}
	})
	return svc
}

// do sends a request and returns the status and body; a transport error
// fails the test (the service must answer every request).
func (s *service) do(t *testing.T, method, path, auth, contentType string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, s.url+path, bytes.NewReader(body))
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	resp, err := s.client.Do(req)
	if !assert.NoError(t, err, "%s %s", method, path) {
		return 0, nil
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	assert.NoError(t, err)
	return resp.StatusCode, b
}

func jsonBody(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func multipartBody(fields map[string]string, files map[string][]byte) ([]byte, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range fields {
			if !yield(k) {
				return
			}
		}
	}) {
		_ = w.WriteField(k, fields[k])
	}
	for name, data := range files {
		fw, _ := w.CreateFormFile(name, name+".bin")
		_, _ = fw.Write(data)
	}
	_ = w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

// hugePNG is a valid PNG header claiming w x h pixels (with no pixel data).
func hugePNG(w, h uint32) []byte {
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1)))
	b := buf.Bytes()
	// IHDR data starts after the 8-byte signature and the chunk's length and type.
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

type matchResult struct {
	Matched bool `json:"matched"`
	Matches []struct {
		ItemID   string   `json:"item_id"`
		Signal   string   `json:"signal"`
		Score    float64  `json:"score"`
		Distance int      `json:"distance"`
		Spans    [][2]int `json:"spans"`
	} `json:"matches"`
	Warnings   []string `json:"warnings"`
	Generation uint64   `json:"generation"`
}

func (r matchResult) ids() []string {
	out := []string{}
	for _, m := range r.Matches {
		out = append(out, m.ItemID+"/"+m.Signal)
	}
	return out
}

func idsOf(ms []match.Match) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.ItemID+"/"+m.Signal.String())
	}
	return out
}

func testConfig(dir string) config {
	cfg := defaultConfig()
	cfg.Snapshot = filepath.Join(dir, "index.gharbal")
	cfg.Journal = filepath.Join(dir, "journal.jsonl")
	cfg.Token = token
	cfg.WatchInterval = 20 * time.Millisecond
	cfg.MaxBody = 256 << 10
	cfg.MaxItemBody = 16 << 10
	cfg.MaxPixels = 4_000_000
	return cfg
}

// TestEndpoints checks every endpoint's answers, one request at a time.
func TestEndpoints(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	writeSnapshot(t, cfg.Snapshot, sampleItems(t))
	svc := startService(t, cfg)

	code, body := svc.do(t, "GET", "/healthz", "", "", nil)
	assert.Equal(t, 200, code, "%s", body)
	var health struct {
		Status     string `json:"status"`
		Items      int    `json:"items"`
		Generation uint64 `json:"generation"`
	}
	require.NoError(t, json.Unmarshal(body, &health))
	assert.Equal(t, "ok", health.Status)
	assert.Equal(t, 10, health.Items)
	assert.Equal(t, uint64(1), health.Generation)

	evasive := "Th3 Cypr355 Fr0n7 d3cl4r35: the cypr355 n3v3r b0w5. Our c4r4v4n m0v35 70w4rd the m0un741n5, and 3v3ry y0ung man is 1nv173d to j01n the c4r4v4n. V1c70ry b3l0ng5 to the p4713n7."
	matchJSON := func(t *testing.T, contentType string, body []byte) (int, matchResult, string) {
		t.Helper()
		code, b := svc.do(t, "POST", "/v1/match", "", contentType, body)
		var r matchResult
		if code == 200 {
			require.NoError(t, json.Unmarshal(b, &r), "%s", b)
		}
		return code, r, string(b)
	}

	t.Run("text", func(t *testing.T) {
		code, r, raw := matchJSON(t, "application/json", jsonBody(map[string]any{"text": evasive}))
		require.Equal(t, 200, code, raw)
		assert.True(t, r.Matched)
		assert.Equal(t, []string{"cf-en-slogan/text"}, r.ids())
		if assert.Len(t, r.Matches[0].Spans, 1) {
			sp := r.Matches[0].Spans[0]
			assert.True(t, sp[0] == 0 && sp[1] >= len(evasive)-1, "span %v covers the whole %d-byte post", sp, len(evasive))
		}
		code, r, raw = matchJSON(t, "", jsonBody(map[string]any{"text": "A quiet afternoon in the garden with tea."}))
		require.Equal(t, 200, code, raw)
		assert.False(t, r.Matched)
		assert.Equal(t, `"matches":[]`, regexp.MustCompile(`"matches":\[\]`).FindString(raw), "an empty list, not null")
	})
	t.Run("image", func(t *testing.T) {
		jpg, err := os.ReadFile(filepath.Join(sampleDir, "images/post-tree-reencoded.jpg"))
		require.NoError(t, err)
		body, ct := multipartBody(map[string]string{"text": "look at this"}, map[string][]byte{"image": jpg})
		code, r, raw := matchJSON(t, ct, body)
		require.Equal(t, 200, code, raw)
		assert.Equal(t, []string{"cf-poster-tree/pdq"}, r.ids())
		assert.LessOrEqual(t, r.Matches[0].Distance, 31)

		h, _, err := pdq.Sum(decodeSample(t, "images/poster-mountains.png"))
		require.NoError(t, err)
		code, r, raw = matchJSON(t, "application/json", jsonBody(map[string]any{"pdq": h.String()}))
		require.Equal(t, 200, code, raw)
		assert.Equal(t, []string{"cf-poster-mountains/pdq"}, r.ids())
		code, r, raw = matchJSON(t, "application/json", jsonBody(map[string]any{"pdq": []string{h.String()}}))
		require.Equal(t, 200, code, raw)
		assert.Equal(t, []string{"cf-poster-mountains/pdq"}, r.ids())
	})
	t.Run("bad requests", func(t *testing.T) {
		big := bytes.Repeat([]byte("a"), int(cfg.MaxBody)+1000)
		garbage, ct := multipartBody(nil, map[string][]byte{"image": []byte("this is not an image")})
		huge, hct := multipartBody(nil, map[string][]byte{"image": hugePNG(100_000, 100_000)})
		jpg, err := os.ReadFile(filepath.Join(sampleDir, "images/post-tree-reencoded.jpg"))
		require.NoError(t, err)
		bigImg, bct := multipartBody(nil, map[string][]byte{"image": append(jpg, big...)}) // a picture, then padding
		gif, gct := multipartBody(nil, map[string][]byte{"image": []byte("GIF89a: a header with garbage dimensions")})
		for _, tc := range []struct {
			name, ct string
			body     []byte
			code     int
			msg      string
		}{
			{"malformed JSON", "application/json", []byte(`{"text": "abc`), 400, "malformed JSON"},
			{"not an object", "application/json", []byte(`["abc"]`), 400, "malformed JSON"},
			{"unknown field", "application/json", []byte(`{"txt": "abc"}`), 400, "unknown field"},
			{"two objects", "application/json", []byte(`{"text": "a"} {"text": "b"}`), 400, "data after"},
			{"empty query", "application/json", []byte(`{}`), 400, "nothing to match"},
			{"bad pdq", "application/json", []byte(`{"pdq": "xyz"}`), 400, "pdq"},
			{"bad md5", "application/json", []byte(`{"md5": "00"}`), 400, "md5"},
			{"oversized JSON", "application/json", append(append([]byte(`{"text": "`), big...), `"}`...), 413, "larger than"},
			{"bad multipart field", ct, []byte(strings.ReplaceAll(string(garbage), `name="image"`, `name="picture"`)), 400, "unknown field"},
			{"oversized image", bct, bigImg, 413, "larger than"},
			{"wrong content type", "text/plain", []byte("abc"), 415, "Content-Type"},
			{"undecodable image", ct, garbage, 422, "image"},
			{"too many pixels", hct, huge, 413, "pixels"},
			{"too many pixels, garbage GIF", gct, gif, 413, "pixels"},
			{"broken multipart", "multipart/form-data; boundary=xyz", []byte("--xyz\r\nnonsense"), 400, "multipart"},
		} {
			code, body := svc.do(t, "POST", "/v1/match", "", tc.ct, tc.body)
			assert.Equal(t, tc.code, code, "%s: %s", tc.name, body)
			assert.Contains(t, string(body), tc.msg, tc.name)
			var e errorJSON
			assert.NoError(t, json.Unmarshal(body, &e), "%s: the error is JSON: %s", tc.name, body)
			assert.NotEmpty(t, e.Error, tc.name)
		}
		code, body := svc.do(t, "GET", "/v1/match", "", "", nil)
		assert.Equal(t, 405, code, "%s", body)
		code, body = svc.do(t, "GET", "/nope", "", "", nil)
		assert.Equal(t, 404, code, "%s", body)
	})
	t.Run("items", func(t *testing.T) {
		item := map[string]any{"id": "api-1", "label": "test", "text": "the lantern of the quiet valley shines for every traveller who walks the long road home tonight"}
		for _, auth := range []string{"", "wrong-token-0123456789", token + "x"} {
			code, body := svc.do(t, "POST", "/v1/items", auth, "application/json", jsonBody(item))
			assert.Equal(t, 401, code, "token %q: %s", auth, body)
			code, body = svc.do(t, "DELETE", "/v1/items/cf-en-slogan", auth, "", nil)
			assert.Equal(t, 401, code, "token %q: %s", auth, body)
		}
		code, body := svc.do(t, "POST", "/v1/items", token, "application/json", jsonBody(item))
		assert.Equal(t, 201, code, "%s", body)
		code, body = svc.do(t, "POST", "/v1/items", token, "application/json", jsonBody(item))
		assert.Equal(t, 409, code, "duplicate: %s", body)
		code, body = svc.do(t, "POST", "/v1/items", token, "application/json", jsonBody(map[string]any{"id": "api-2"}))
		assert.Equal(t, 422, code, "no signal: %s", body)
		code, body = svc.do(t, "POST", "/v1/items", token, "application/json", []byte(`{"id":`))
		assert.Equal(t, 400, code, "malformed: %s", body)
		code, body = svc.do(t, "POST", "/v1/items", token, "application/json", jsonBody(map[string]any{"id": "api-3", "pdq": []string{"zz"}}))
		assert.Equal(t, 422, code, "bad hash: %s", body)
		code, body = svc.do(t, "POST", "/v1/items", token, "application/json", jsonBody(map[string]any{"id": "api-4", "text": strings.Repeat("x ", 10<<10)}))
		assert.Equal(t, 413, code, "oversized: %s", body)

		code, r, raw := matchJSON(t, "application/json", jsonBody(map[string]any{"text": item["text"]}))
		require.Equal(t, 200, code, raw)
		assert.Equal(t, []string{"api-1/text"}, r.ids(), "the added item matches at once")

		code, body = svc.do(t, "DELETE", "/v1/items/api-1", token, "", nil)
		assert.Equal(t, 204, code, "%s", body)
		code, body = svc.do(t, "DELETE", "/v1/items/api-1", token, "", nil)
		assert.Equal(t, 404, code, "%s", body)
		code, r, raw = matchJSON(t, "application/json", jsonBody(map[string]any{"text": item["text"]}))
		require.Equal(t, 200, code, raw)
		assert.False(t, r.Matched, "removed")
	})
	t.Run("metrics", func(t *testing.T) {
		code, body := svc.do(t, "GET", "/metrics", "", "", nil)
		require.Equal(t, 200, code)
		text := string(body)
		for _, want := range []string{
			`gharbal_http_requests_total{route="match",code="200"} `,
			`gharbal_http_requests_total{route="match",code="413"} 4`,
			`gharbal_http_requests_total{route="other",code="404"} 1`,
			`gharbal_http_requests_total{route="other",code="405"} 1`,
			`gharbal_http_requests_total{route="items_add",code="401"} 3`,
			`gharbal_matches_total{signal="pdq"} 3`,
			`gharbal_matches_total{signal="text"} `,
			`gharbal_http_request_duration_seconds_bucket{route="match",le="+Inf"} `,
			`gharbal_index_reloads_total{result="ok"} 1`,
			`gharbal_index_items 10`,
		} {
			assert.Contains(t, text, want)
		}
		checkExposition(t, text)
	})
}

// checkExposition checks the Prometheus text format: every sample line is
// "name{labels} value" of a declared metric, and histogram buckets are
// cumulative.
func checkExposition(t *testing.T, text string) {
	t.Helper()
	sample := regexp.MustCompile(`^([a-z_]+)(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? ([0-9.e+-]+|\+Inf)$`)
	typed := map[string]bool{}
	last := map[string]float64{}
	for line := range strings.Lines(text) {
		line = strings.TrimSuffix(line, "\n")
		if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			typed[strings.Fields(rest)[0]] = true
			continue
		}
		if strings.HasPrefix(line, "# HELP ") {
			continue
		}
		m := sample.FindStringSubmatch(line)
		if !assert.NotNil(t, m, "malformed line %q", line) {
			continue
		}
		name := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(m[1], "_bucket"), "_sum"), "_count")
		assert.True(t, typed[name] || typed[m[1]], "%s has no # TYPE", m[1])
		if strings.HasSuffix(m[1], "_bucket") {
			var v float64
			fmt.Sscan(m[4], &v)
			route := strings.Split(m[2], ",")[0]
			assert.GreaterOrEqual(t, v, last[route], "buckets are cumulative: %s", line)
			last[route] = v
		}
	}
}

// TestMetricsBuckets checks bucket boundaries: a value equal to a bound
// counts in that bucket.
func TestMetricsBuckets(t *testing.T) {
	m := newMetrics()
	m.observe("r", 200, time.Millisecond) // le="0.001"
	m.observe("r", 200, 3*time.Millisecond)
	m.observe("r", 500, time.Minute) // only +Inf
	var b strings.Builder
	require.NoError(t, m.writeTo(&b))
	for _, want := range []string{
		`gharbal_http_request_duration_seconds_bucket{route="r",le="0.0005"} 0`,
		`gharbal_http_request_duration_seconds_bucket{route="r",le="0.001"} 1`,
		`gharbal_http_request_duration_seconds_bucket{route="r",le="0.005"} 2`,
		`gharbal_http_request_duration_seconds_bucket{route="r",le="2.5"} 2`,
		`gharbal_http_request_duration_seconds_bucket{route="r",le="+Inf"} 3`,
		`gharbal_http_request_duration_seconds_count{route="r"} 3`,
		`gharbal_http_requests_total{route="r",code="200"} 2`,
		`gharbal_http_requests_total{route="r",code="500"} 1`,
	} {
		assert.Contains(t, b.String(), want+"\n")
	}
	checkExposition(t, b.String())
	assert.Equal(t, `"a\"b\\c\n"`, quote("a\"b\\c\n"))
}

// TestReloadUnderLoad sends concurrent requests (good and bad) while the
// snapshot is replaced twice and a writer adds and removes items: every
// request gets the right answer for the index generation it reports, none
// is lost, and the writer's items survive the reloads.
func TestReloadUnderLoad(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	items := sampleItems(t)
	ixA := writeSnapshot(t, cfg.Snapshot, items)
	// Snapshot B drops the English slogan and adds an item.
	itemsB := slices.DeleteFunc(slices.Clone(items), func(it match.Item) bool { return it.ID == "cf-en-slogan" })
	itemsB = append(itemsB, match.Item{ID: "extra", Label: "b", Text: "every evening the old ferry carries lanterns and bread across the wide brown river to the village"})
	pathB := filepath.Join(dir, "b.gharbal")
	ixB := writeSnapshot(t, pathB, itemsB)
	svc := startService(t, cfg)

	// The requests, each with its expected answer under A and under B.
	type request struct {
		name, ct string
		body     []byte
		code     int
		wantA    []string // match item/signal lists, for code 200
		wantB    []string
	}
	var reqs []request
	h := pdq.NewHasher()
	for _, p := range samplePosts(t) {
		q := match.Query{Text: p.Text}
		var body []byte
		ct := "application/json"
		if p.Image != "" {
			data, err := os.ReadFile(filepath.Join(sampleDir, p.Image))
			require.NoError(t, err)
			img, _, err := imagefile.Decode(bytes.NewReader(data), 0)
			require.NoError(t, err)
			q.PDQ, err = match.PDQQuery(h, img, pdq.MinQuality)
			require.NoError(t, err)
			body, ct = multipartBody(map[string]string{"text": p.Text}, map[string][]byte{"image": data})
		} else {
			body = jsonBody(map[string]string{"text": p.Text})
		}
		reqs = append(reqs, request{p.ID, ct, body, 200, idsOf(ixA.Match(q)), idsOf(ixB.Match(q))})
	}
	reqs = append(reqs,
		request{name: "extra", ct: "application/json", body: jsonBody(map[string]string{"text": itemsB[len(itemsB)-1].Text}), code: 200,
			wantA: []string{}, wantB: []string{"extra/text"}},
		request{name: "malformed", ct: "application/json", body: []byte(`{"text":`), code: 400},
		request{name: "oversized", ct: "application/json", body: bytes.Repeat([]byte(" "), int(cfg.MaxBody)+10), code: 413},
		request{name: "undecodable", ct: "", code: 422},
	)
	garbage, gct := multipartBody(nil, map[string][]byte{"image": []byte("\x89PNG\r\n\x1a\n truncated")})
	reqs[len(reqs)-1].body, reqs[len(reqs)-1].ct = garbage, gct
	require.NotEqual(t, reqs[0].wantA, []string{}, "the first post matches under A")

	const workers = 6
	var (
		sent, answered atomic.Int64
		maxGen         atomic.Uint64
		sawOld         atomic.Bool
		wg             sync.WaitGroup
	)
	deadline := time.Now().Add(60 * time.Second)
	for w := range workers {
		wg.Go(func() {
			for i := w; ; i++ {
				// Stop once the last reload has been seen and enough was sent.
				if (maxGen.Load() >= 3 && i > len(reqs)) || time.Now().After(deadline) {
					return
				}
				r := reqs[i%len(reqs)]
				sent.Add(1)
				code, body := svc.do(t, "POST", "/v1/match", "", r.ct, r.body)
				if code == 0 {
					continue // transport error, already reported
				}
				answered.Add(1)
				if !assert.Equal(t, r.code, code, "%s: %s", r.name, body) || code != 200 {
					continue
				}
				var res matchResult
				if !assert.NoError(t, json.Unmarshal(body, &res), "%s", body) {
					continue
				}
				want := r.wantB
				if res.Generation == 1 {
					want = r.wantA
					sawOld.Store(true)
				}
				assert.Equal(t, want, res.ids(), "%s at generation %d", r.name, res.Generation)
				for g := maxGen.Load(); res.Generation > g && !maxGen.CompareAndSwap(g, res.Generation); g = maxGen.Load() {
				}
			}
		})
	}

	// A writer adds and removes items through the API during the reloads.
	var added []string
	var writer sync.WaitGroup
	stopWriter := make(chan struct{})
	writer.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stopWriter:
				return
			default:
			}
			id := fmt.Sprintf("w-%d", i)
			text := fmt.Sprintf("writer item %d: the orchard keeper counts apples number %d under the tall walnut tree by the well", i, i)
			code, body := svc.do(t, "POST", "/v1/items", token, "application/json", jsonBody(map[string]string{"id": id, "text": text}))
			assert.Equal(t, 201, code, "add %s: %s", id, body)
			if i%2 == 1 {
				code, body = svc.do(t, "DELETE", "/v1/items/"+id, token, "", nil)
				assert.Equal(t, 204, code, "remove %s: %s", id, body)
			} else {
				added = append(added, text)
			}
			time.Sleep(2 * time.Millisecond)
		}
	})

	// Reload twice: by replacing the file (the watcher), then by a signal.
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitFor("requests at generation 1", func() bool { return answered.Load() > int64(len(reqs)) })
	tmp := cfg.Snapshot + ".tmp"
	data, err := os.ReadFile(pathB)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(tmp, data, 0o644))
	require.NoError(t, os.Rename(tmp, cfg.Snapshot))
	waitFor("the watcher's reload", func() bool { return svc.srv.current.Load().gen >= 2 })
	svc.reload <- struct{}{}
	waitFor("the signalled reload", func() bool { return svc.srv.current.Load().gen >= 3 })
	wg.Wait()
	close(stopWriter)
	writer.Wait()

	assert.Equal(t, sent.Load(), answered.Load(), "every request was answered")
	assert.True(t, sawOld.Load(), "some requests were served by the first index")
	assert.GreaterOrEqual(t, maxGen.Load(), uint64(3), "some requests were served after both reloads")
	t.Logf("%d requests, %d API writes, final generation %d", sent.Load(), len(added), maxGen.Load())

	// The writer's items survived both reloads; the removed ones stay removed.
	cur := svc.srv.current.Load().ix
	assert.Equal(t, len(itemsB)+len(added), cur.Len(), "items after the reloads")
	for _, text := range added {
		assert.NotEmpty(t, cur.MatchText(text), "%q after the reloads", text)
	}

	// A broken snapshot is refused and the index stays in service.
	require.NoError(t, os.WriteFile(tmp, []byte("not a snapshot"), 0o644))
	require.NoError(t, os.Rename(tmp, cfg.Snapshot))
	waitFor("the failed reload", func() bool { return svc.srv.metrics.reloadsFailed.Load() >= 1 })
	assert.Equal(t, uint64(3), svc.srv.current.Load().gen)
	code, body := svc.do(t, "POST", "/v1/match", "", "application/json", reqs[len(samplePosts(t))].body)
	assert.Equal(t, 200, code, "%s", body)
	assert.Contains(t, string(body), `"extra"`, "still served by snapshot B")
}

// TestSignals runs the service as a process: SIGHUP reloads, SIGTERM shuts
// down cleanly, and items added through the API survive a restart through
// the journal.
func TestSignals(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	items := sampleItems(t)
	writeSnapshot(t, cfg.Snapshot, items[:5])
	pathB := filepath.Join(dir, "b.gharbal")
	writeSnapshot(t, pathB, items)

	start := func() (*exec.Cmd, *service) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "GHARBAL_TEST_RUN_SERVICE=1", "GHARBAL_ADDR=127.0.0.1:0",
			"GHARBAL_SNAPSHOT="+cfg.Snapshot, "GHARBAL_JOURNAL="+cfg.Journal, "GHARBAL_TOKEN="+token,
			"GHARBAL_WATCH_INTERVAL=0")
		stderr, err := cmd.StderrPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		t.Cleanup(func() { _ = cmd.Process.Kill() })
		var (
			mu  sync.Mutex
			log strings.Builder
		)
		addr := make(chan string, 1)
		go func() {
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				mu.Lock()
				log.WriteString(sc.Text() + "\n")
				mu.Unlock()
				if m := regexp.MustCompile(`msg=listening addr=(\S+)`).FindStringSubmatch(sc.Text()); m != nil {
					addr <- m[1]
				}
			}
		}()
		select {
		case a := <-addr:
			return cmd, &service{url: "http://" + a, client: &http.Client{Timeout: 10 * time.Second}}
		case <-time.After(30 * time.Second):
			mu.Lock()
			defer mu.Unlock()
			t.Fatalf("the service did not start:\n%s", log.String())
		}
		return nil, nil
	}
	items5 := func(svc *service) int {
		code, body := svc.do(t, "GET", "/healthz", "", "", nil)
		require.Equal(t, 200, code)
		var h struct{ Items int }
		require.NoError(t, json.Unmarshal(body, &h))
		return h.Items
	}

	cmd, svc := start()
	assert.Equal(t, 5, items5(svc))
	code, body := svc.do(t, "POST", "/v1/items", token, "application/json",
		jsonBody(map[string]string{"id": "api-1", "text": "a kettle sings on the stove while the snow falls softly over the sleeping town tonight"}))
	require.Equal(t, 201, code, "%s", body)
	assert.Equal(t, 6, items5(svc))

	data, err := os.ReadFile(pathB)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(cfg.Snapshot+".tmp", data, 0o644))
	require.NoError(t, os.Rename(cfg.Snapshot+".tmp", cfg.Snapshot))
	require.NoError(t, cmd.Process.Signal(syscall.SIGHUP))
	deadline := time.Now().Add(20 * time.Second)
	for items5(svc) != 11 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	assert.Equal(t, 11, items5(svc), "after SIGHUP: 10 snapshot items and the API's")

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	assert.NoError(t, cmd.Wait(), "exit status after SIGTERM")

	// Restart: the journal brings the API's item back.
	cmd, svc = start()
	assert.Equal(t, 11, items5(svc))
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	assert.NoError(t, cmd.Wait())
}

func TestConfigFromEnv(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	c, err := configFromEnv(env())
	require.NoError(t, err)
	assert.Equal(t, defaultConfig(), c)
	c, err = configFromEnv(env("GHARBAL_ADDR", ":9", "GHARBAL_MAX_PIXELS", "1e6", "GHARBAL_WATCH_INTERVAL", "0", "GHARBAL_TOKEN", token))
	require.NoError(t, err)
	assert.Equal(t, ":9", c.Addr)
	assert.Equal(t, int64(1_000_000), c.MaxPixels)
	assert.Equal(t, time.Duration(0), c.WatchInterval)
	c, err = configFromEnv(env("GHARBAL_TRANSLIT", "1", "GHARBAL_TRANSLIT_SNAPSHOT", "/x.translit"))
	require.NoError(t, err)
	assert.True(t, c.Translit)
	assert.Equal(t, "/x.translit", c.TranslitSnapshot)
	for _, bad := range [][]string{
		{"GHARBAL_WATCH_INTERVAL", "soon"},
		{"GHARBAL_WATCH_INTERVAL", "-1s"},
		{"GHARBAL_MAX_BODY", "0"},
		{"GHARBAL_MAX_BODY", "lots"},
		{"GHARBAL_TOKEN", "short"},
		{"GHARBAL_TRANSLIT", "yes"},
		{"GHARBAL_TRANSLIT_SNAPSHOT", "/x.translit"}, // without GHARBAL_TRANSLIT=1
	} {
		_, err := configFromEnv(env(bad...))
		assert.Error(t, err, "%v", bad)
	}
}

// TestStartErrors: a broken snapshot or journal stops the start with an
// error, never a half-configured service.
func TestStartErrors(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig(dir)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	_, err := newServer(cfg, log)
	assert.Error(t, err, "missing snapshot")
	require.NoError(t, os.WriteFile(cfg.Snapshot, []byte("junk"), 0o644))
	_, err = newServer(cfg, log)
	skipIfNotImplemented(t, err)
	assert.ErrorIs(t, err, match.ErrForeign)
	writeSnapshot(t, cfg.Snapshot, sampleItems(t)[:1])
	require.NoError(t, os.WriteFile(cfg.Journal, []byte("{not json\n"), 0o644))
	_, err = newServer(cfg, log)
	assert.ErrorContains(t, err, "journal")
	require.NoError(t, os.WriteFile(cfg.Journal, []byte(`{"op":"delete","id":"x"}`+"\n"), 0o644))
	_, err = newServer(cfg, log)
	assert.ErrorContains(t, err, "journal")

	// A torn last entry (a crash during a write) is dropped and cut off.
	good := `{"op":"add","item":{"id":"j1","text":"the miller grinds the autumn wheat while the children play beside the turning wheel"}}` + "\n"
	require.NoError(t, os.WriteFile(cfg.Journal, []byte(good+`{"op":"add","item":{"id":"j2","te`), 0o644))
	s, err := newServer(cfg, log)
	require.NoError(t, err)
	assert.Equal(t, 2, s.current.Load().ix.Len(), "the snapshot's item and j1")
	require.NoError(t, s.journal.Close())
	data, err := os.ReadFile(cfg.Journal)
	require.NoError(t, err)
	assert.Equal(t, good, string(data), "the torn entry is cut off")
	cfg.Snapshot, cfg.Journal = "", ""
	s, err = newServer(cfg, log)
	require.NoError(t, err, "no snapshot: an empty index")
	assert.Equal(t, 0, s.current.Load().ix.Len())
}

// TestGracefulShutdown: a request in flight when shutdown begins is still
// answered, new connections are refused, and serve returns nil.
func TestGracefulShutdown(t *testing.T) {
	cfg := testConfig(t.TempDir())
	writeSnapshot(t, cfg.Snapshot, sampleItems(t))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := newServer(cfg, log)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.serve(ctx, ln, nil) }()
	url := "http://" + ln.Addr().String() + "/v1/match"

	// A request whose body arrives in two halves, around the shutdown.
	body := `{"text": "The Cypress Front declares: the cypress never bows. Our caravan moves toward the mountains, and every young man is invited to join the caravan. Victory belongs to the patient."}`
	pr, pw := io.Pipe()
	req, err := http.NewRequest("POST", url, pr)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	type result struct {
		code int
		body string
		err  error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			res <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		res <- result{resp.StatusCode, string(b), err}
	}()
	_, err = pw.Write([]byte(body[:20]))
	require.NoError(t, err)
	time.Sleep(50 * time.Millisecond) // the handler is now reading the body
	cancel()
	time.Sleep(50 * time.Millisecond) // Shutdown has closed the listener
	_, err = (&http.Client{Timeout: time.Second}).Get("http://" + ln.Addr().String() + "/healthz")
	assert.Error(t, err, "a new connection during shutdown")
	_, err = pw.Write([]byte(body[20:]))
	require.NoError(t, err)
	require.NoError(t, pw.Close())

	r := <-res
	require.NoError(t, r.err)
	assert.Equal(t, 200, r.code, r.body)
	assert.Contains(t, r.body, `"cf-en-slogan"`)
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return")
	}
}
