package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// FuzzMatchRequest sends arbitrary bodies and content types to POST
// /v1/match: every answer is one of the documented status codes, with a
// JSON body, and nothing panics.
func FuzzMatchRequest(f *testing.F) {
	jpg, err := os.ReadFile(filepath.Join(sampleDir, "images/post-tree-reencoded.jpg"))
	if err != nil {
		f.Fatal(err)
	}
	mp, ct := multipartBody(map[string]string{"text": "the cypress never bows"}, map[string][]byte{"image": jpg})
	f.Add([]byte(`{"text": "The Cypress Front declares: the cypress never bows."}`), "application/json")
	f.Add([]byte(`{"pdq": ["`+string(bytes.Repeat([]byte("0f"), 32))+`"], "md5": "00112233445566778899aabbccddeeff"}`), "")
	f.Add(mp, ct)
	f.Add(mp[:len(mp)/2], ct)
	f.Add([]byte("--x\r\nContent-Disposition: form-data; name=\"pdq\"\r\n\r\nzz\r\n--x--\r\n"), "multipart/form-data; boundary=x")
	f.Add([]byte(`{"text": 1}`), "application/json; charset=utf-8")
	f.Add([]byte("\xff\xfe"), "text/plain")

	cfg := defaultConfig()
	cfg.MaxBody = 64 << 10
	cfg.MaxPixels = 1 << 20
	s, err := newServer(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		f.Fatal(err)
	}
	h := s.routes()
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		req := httptest.NewRequest("POST", "/v1/match", bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge,
			http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity:
		default:
			t.Fatalf("status %d for %q (%q): %s", rec.Code, body, contentType, rec.Body)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q: %s", ct, rec.Body)
		}
	})
}
