package main

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gharbal/gharbal/fingerprint/imagefile"
	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/match"
	"github.com/gharbal/gharbal/match/translit"
)

// server is the service. Its handlers are safe for concurrent use; writes
// (API writes and reloads) are serialized by writeMu, while queries read
// the current index through an atomic pointer and never wait for a writer.
type server struct {
	cfg     config
	log     *slog.Logger
	metrics *metrics

	current atomic.Pointer[loaded] // the index in service

	writeMu  sync.Mutex
	overlay  []journalEntry // API writes since start, re-applied after reloads
	journal  *os.File       // nil without GHARBAL_JOURNAL
	lastStat fileStamp      // snapshot file state at the last (re)load attempt
	hashers  sync.Pool      // *pdq.Hasher, one per concurrent image
}

// loaded is an index in service with its generation, which every
// successful (re)load increments. It is swapped as a whole, so a request
// reads an index and its generation consistently.
type loaded struct {
	ix  *match.Index
	tr  *translit.Index // nil without GHARBAL_TRANSLIT
	gen uint64
	at  time.Time
}

// journalEntry is one line of the journal: an item added or an ID removed
// through the API.
type journalEntry struct {
	Op   string    `json:"op"` // "add" or "remove"
	Item *itemJSON `json:"item,omitempty"`
	ID   string    `json:"id,omitempty"`
}

// itemJSON is an item as POST /v1/items takes it and the journal stores it.
type itemJSON struct {
	ID     string            `json:"id"`
	Label  string            `json:"label,omitempty"`
	Text   string            `json:"text,omitempty"`
	PDQ    []string          `json:"pdq,omitempty"`
	MD5    string            `json:"md5,omitempty"`
	SHA256 string            `json:"sha256,omitempty"`
	Meta   map[string]string `json:"meta,omitempty"`
}

func (it *itemJSON) toItem() (match.Item, error) {
	out := match.Item{ID: it.ID, Label: it.Label, Text: it.Text, Meta: it.Meta}
	for _, h := range it.PDQ {
		p, err := pdq.ParseHex(h)
		if err != nil {
			return out, fmt.Errorf("pdq %q: %w", h, err)
		}
		out.PDQ = append(out.PDQ, p)
	}
	var err error
	if out.MD5, err = parseDigest("md5", it.MD5, md5.Size); err != nil {
		return out, err
	}
	if out.SHA256, err = parseDigest("sha256", it.SHA256, sha256.Size); err != nil {
		return out, err
	}
	return out, nil
}

func parseDigest(name, s string, size int) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != size {
		return nil, fmt.Errorf("%s: want %d hex digits", name, 2*size)
	}
	return b, nil
}

// newServer loads the snapshot (if configured) and replays the journal.
func newServer(cfg config, log *slog.Logger) (*server, error) {
	s := &server{cfg: cfg, log: log, metrics: newMetrics()}
	s.hashers.New = func() any { return pdq.NewHasher() }
	if cfg.Journal != "" {
		entries, err := readJournal(cfg.Journal, log)
		if err != nil {
			return nil, err
		}
		s.overlay = entries
		if s.journal, err = os.OpenFile(cfg.Journal, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err != nil {
			return nil, err
		}
	}
	if err := s.load(); err != nil {
		if s.journal != nil {
			s.journal.Close()
		}
		return nil, err
	}
	return s, nil
}

// load builds a new index from the snapshot and the overlay and swaps it in.
// On error the index in service is unchanged. Callers other than newServer
// hold writeMu.
func (s *server) load() error {
	start := time.Now()
	var ix *match.Index
	var err error
	stamp := statFile(s.cfg.Snapshot)
	s.lastStat = stamp
	if s.cfg.Snapshot == "" {
		ix, err = match.NewIndex()
	} else {
		ix, err = match.ReadFile(s.cfg.Snapshot, s.cfg.MaxSnapshotBytes)
	}
	if err != nil {
		s.metrics.reloadsFailed.Add(1)
		return fmt.Errorf("loading %s: %w", s.cfg.Snapshot, err)
	}
	var tr *translit.Index
	if s.cfg.Translit {
		if s.cfg.TranslitSnapshot == "" {
			tr, err = translit.NewIndex()
		} else {
			tr, err = translit.ReadFile(s.cfg.TranslitSnapshot, s.cfg.MaxSnapshotBytes)
		}
		if err != nil {
			s.metrics.reloadsFailed.Add(1)
			return fmt.Errorf("loading %s: %w", s.cfg.TranslitSnapshot, err)
		}
	}
	fromSnapshot := ix.Len()
	skipped := 0
	for _, e := range s.overlay {
		if err := applyEntry(ix, e); err != nil {
			// The snapshot already holds the item (or no longer holds the
			// removed ID): the snapshot's builder caught up with the API.
			skipped++
		}
		applyTranslit(tr, e)
	}
	var gen uint64 = 1
	if old := s.current.Load(); old != nil {
		gen = old.gen + 1
	}
	s.current.Store(&loaded{ix: ix, tr: tr, gen: gen, at: time.Now()})
	s.metrics.reloadsOK.Add(1)
	s.metrics.items.Store(int64(ix.Len()))
	s.metrics.loadedAt.Store(time.Now().Unix())
	s.log.Info("index loaded", "snapshot", s.cfg.Snapshot, "items", ix.Len(), "from_snapshot", fromSnapshot,
		"api_writes", len(s.overlay), "api_writes_already_in_snapshot", skipped,
		"generation", gen, "took", time.Since(start).Round(time.Microsecond))
	return nil
}

func applyEntry(ix *match.Index, e journalEntry) error {
	switch e.Op {
	case "add":
		if e.Item == nil {
			return errors.New("journal: add without item")
		}
		it, err := e.Item.toItem()
		if err != nil {
			return err
		}
		return ix.Add(it)
	case "remove":
		return ix.Remove(e.ID)
	}
	return fmt.Errorf("journal: unknown op %q", e.Op)
}

// applyTranslit applies e to the transliteration index tr (if any): an
// item whose text it cannot use (none, or too short) is left out, and an
// add of an ID it holds (from its snapshot) or a removal of one it does not
// hold changes nothing.
func applyTranslit(tr *translit.Index, e journalEntry) {
	if tr == nil {
		return
	}
	switch e.Op {
	case "add":
		if e.Item != nil {
			_ = tr.Add(match.Item{ID: e.Item.ID, Label: e.Item.Label, Text: e.Item.Text, Meta: e.Item.Meta})
		}
	case "remove":
		_ = tr.Remove(e.ID)
	}
}

// readJournal reads the journal's entries. A last line without its
// newline is what a crash in the middle of a write leaves: it is dropped and
// the file truncated to the complete entries (valid reports their length).
// Any other malformed line is an error.
func readJournal(path string, log *slog.Logger) ([]journalEntry, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []journalEntry
	valid := 0
	for line := 1; valid < len(data); line++ {
		n := bytes.IndexByte(data[valid:], '\n')
		if n < 0 {
			log.Warn("journal: dropping an incomplete last entry (a write was interrupted)", "path", path, "line", line, "bytes", len(data)-valid)
			if err := os.Truncate(path, int64(valid)); err != nil {
				return nil, err
			}
			break
		}
		var e journalEntry
		if err := json.Unmarshal(data[valid:valid+n], &e); err != nil {
			return nil, fmt.Errorf("journal %s:%d: %w", path, line, err)
		}
		if e.Op != "add" && e.Op != "remove" || e.Op == "add" && e.Item == nil {
			return nil, fmt.Errorf("journal %s:%d: not an add or remove entry", path, line)
		}
		out = append(out, e)
		valid += n + 1
	}
	return out, nil
}

// record appends e to the journal (fsynced) and the overlay. Caller holds
// writeMu.
func (s *server) record(e journalEntry) error {
	if s.journal != nil {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if _, err := s.journal.Write(append(b, '\n')); err != nil {
			return err
		}
		if err := s.journal.Sync(); err != nil {
			return err
		}
	}
	s.overlay = append(s.overlay, e)
	return nil
}

// fileStamp identifies a version of the snapshot file.
type fileStamp struct {
	size    int64
	modTime time.Time
	ok      bool
}

func statFile(path string) fileStamp {
	if path == "" {
		return fileStamp{}
	}
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{fi.Size(), fi.ModTime(), true}
}

// reload is load under writeMu, logging failures.
func (s *server) reload(why string) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.log.Info("reloading index", "reason", why)
	if err := s.load(); err != nil {
		s.log.Error("reload failed; the previous index stays in service", "err", err)
	}
}

// serve answers requests on ln until ctx is done, reloading on a value from
// reload and when the snapshot file changes; then it shuts down gracefully.
func (s *server) serve(ctx context.Context, ln net.Listener, reload <-chan struct{}) error {
	srv := &http.Server{
		Handler:           s.routes(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.log.Info("listening", "addr", ln.Addr().String(), "items", s.current.Load().ix.Len())

	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var tick <-chan time.Time
		if s.cfg.Snapshot != "" && s.cfg.WatchInterval > 0 {
			t := time.NewTicker(s.cfg.WatchInterval)
			defer t.Stop()
			tick = t.C
		}
		for {
			select {
			case <-done:
				return
			case <-reload:
				s.reload("signal")
			case <-tick:
				s.writeMu.Lock()
				changed := statFile(s.cfg.Snapshot) != s.lastStat
				s.writeMu.Unlock()
				if changed {
					s.reload("snapshot file changed")
				}
			}
		}
	})

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		s.log.Info("shutting down: finishing requests in flight")
		sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
		err = srv.Shutdown(sctx)
		cancel()
		if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
			err = serr
		}
	}
	close(done)
	wg.Wait()
	if s.journal != nil {
		s.journal.Close()
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /v1/match", s.instrument("match", s.handleMatch))
	mux.Handle("POST /v1/items", s.instrument("items_add", s.authorized(s.handleAddItem)))
	mux.Handle("DELETE /v1/items/{id}", s.instrument("items_remove", s.authorized(s.handleRemoveItem)))
	mux.Handle("GET /healthz", s.instrument("healthz", s.handleHealth))
	mux.Handle("GET /metrics", s.instrument("metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		if err := s.metrics.writeTo(w); err != nil {
			s.log.Warn("writing metrics", "err", err)
		}
	}))
	// Requests no route takes (404, 405) are counted as route "other".
	other := s.instrument("other", mux.ServeHTTP)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern == "" {
			other.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status code for metrics.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// instrument counts the request and its latency, and turns a panic in a
// handler into a 500 instead of a dropped connection.
func (s *server) instrument(route string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("handler panic", "route", route, "panic", p)
				if sw.code == 0 {
					writeError(sw, http.StatusInternalServerError, "internal error")
				}
			}
			if sw.code == 0 {
				sw.code = http.StatusOK
			}
			s.metrics.observe(route, sw.code, time.Since(start))
		}()
		h(sw, r)
	})
}

// authorized requires the bearer token.
func (s *server) authorized(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Token == "" {
			writeError(w, http.StatusForbidden, "writes are disabled: set GHARBAL_TOKEN")
			return
		}
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.Token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="gharbal"`)
			writeError(w, http.StatusUnauthorized, "missing or wrong bearer token")
			return
		}
		h(w, r)
	}
}

type errorJSON struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client may have gone; nothing to do about it
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, errorJSON{Error: msg})
}

// bodyError maps an error reading the request body to a status code.
func bodyError(w http.ResponseWriter, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body larger than %d bytes", tooBig.Limit))
		return
	}
	writeError(w, http.StatusBadRequest, "reading request: "+err.Error())
}

func (s *server) handleHealth(w http.ResponseWriter, r *http.Request) {
	cur := s.current.Load()
	translitItems := -1 // the channel is off
	if cur.tr != nil {
		translitItems = cur.tr.Len()
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"status":         "ok",
		"items":          cur.ix.Len(),
		"translit_items": translitItems,
		"generation":     cur.gen,
		"loaded_at":      cur.at.UTC().Format(time.RFC3339Nano),
		"snapshot":       s.cfg.Snapshot,
	})
}

// matchRequest is the JSON form of POST /v1/match.
type matchRequest struct {
	Text   string          `json:"text"`
	PDQ    json.RawMessage `json:"pdq"` // "hex" or ["hex", ...]
	MD5    string          `json:"md5"`
	SHA256 string          `json:"sha256"`
}

type matchJSON struct {
	ItemID   string            `json:"item_id"`
	Label    string            `json:"label,omitempty"`
	Signal   string            `json:"signal"`
	Score    float64           `json:"score"`
	Distance int               `json:"distance,omitempty"`
	Spans    [][2]int          `json:"spans,omitempty"`
	Meta     map[string]string `json:"meta,omitempty"`
}

type matchResponse struct {
	Matched    bool        `json:"matched"`
	Matches    []matchJSON `json:"matches"`
	Warnings   []string    `json:"warnings,omitempty"`
	Generation uint64      `json:"generation"`
}

// requestError is a client error with its status code.
type requestError struct {
	code int
	msg  string
}

func (e *requestError) Error() string { return e.msg }

func badRequest(code int, format string, args ...any) error {
	return &requestError{code, fmt.Sprintf(format, args...)}
}

func (s *server) handleMatch(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	q, warnings, err := s.parseMatch(r)
	if err != nil {
		var re *requestError
		if errors.As(err, &re) {
			writeError(w, re.code, re.msg)
			return
		}
		bodyError(w, err)
		return
	}
	if q.Text == "" && len(q.PDQ) == 0 && q.MD5 == nil && q.SHA256 == nil && len(warnings) == 0 {
		writeError(w, http.StatusBadRequest, "nothing to match: give text, pdq, md5, sha256 or an image")
		return
	}
	cur := s.current.Load()
	ms := cur.ix.Match(q)
	if cur.tr != nil && q.Text != "" {
		ms = append(ms, cur.tr.Match(q.Text)...)
	}
	resp := matchResponse{Matched: len(ms) > 0, Matches: make([]matchJSON, 0, len(ms)), Warnings: warnings, Generation: cur.gen}
	for _, m := range ms {
		s.metrics.matched(m.Signal.String())
		resp.Matches = append(resp.Matches, matchJSON{ItemID: m.ItemID, Label: m.Label, Signal: m.Signal.String(),
			Score: m.Score, Distance: m.Distance, Spans: m.Spans, Meta: m.Meta})
	}
	writeJSON(w, http.StatusOK, resp)
}

// parseMatch reads a JSON or multipart match request.
func (s *server) parseMatch(r *http.Request) (match.Query, []string, error) {
	var q match.Query
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil && r.Header.Get("Content-Type") != "" {
		return q, nil, badRequest(http.StatusUnsupportedMediaType, "bad Content-Type: %v", err)
	}
	switch mt {
	case "", "application/json":
		var req matchRequest
		if err := decodeJSON(r.Body, &req); err != nil {
			return q, nil, err
		}
		q.Text = req.Text
		if q.PDQ, err = parsePDQList(req.PDQ); err != nil {
			return q, nil, err
		}
		if q.MD5, err = parseDigest("md5", req.MD5, md5.Size); err != nil {
			return q, nil, badRequest(http.StatusBadRequest, "%v", err)
		}
		if q.SHA256, err = parseDigest("sha256", req.SHA256, sha256.Size); err != nil {
			return q, nil, badRequest(http.StatusBadRequest, "%v", err)
		}
		return q, nil, nil
	case "multipart/form-data":
		return s.parseMultipart(multipart.NewReader(r.Body, params["boundary"]))
	}
	return q, nil, badRequest(http.StatusUnsupportedMediaType, "Content-Type %q: want application/json or multipart/form-data", mt)
}

// decodeJSON decodes exactly one JSON object, refusing unknown fields.
func decodeJSON(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return badRequest(http.StatusBadRequest, "malformed JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return badRequest(http.StatusBadRequest, "malformed JSON: data after the object")
	}
	return nil
}

func parsePDQList(raw json.RawMessage) ([]pdq.Hash, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var list []string
	if raw[0] == '"' {
		var one string
		if err := json.Unmarshal(raw, &one); err != nil {
			return nil, badRequest(http.StatusBadRequest, "pdq: %v", err)
		}
		list = []string{one}
	} else if err := json.Unmarshal(raw, &list); err != nil {
		return nil, badRequest(http.StatusBadRequest, "pdq: want a hex string or a list of them")
	}
	if len(list) > 64 {
		return nil, badRequest(http.StatusBadRequest, "pdq: at most 64 hashes")
	}
	out := make([]pdq.Hash, 0, len(list))
	for _, h := range list {
		p, err := pdq.ParseHex(h)
		if err != nil {
			return nil, badRequest(http.StatusBadRequest, "pdq %q: %v", h, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// parseMultipart reads the fields "text" and "pdq" and the file "image",
// streaming: nothing is buffered beyond the body limit.
func (s *server) parseMultipart(mr *multipart.Reader) (match.Query, []string, error) {
	var q match.Query
	var warnings []string
	seen := map[string]bool{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return q, nil, err
			}
			return q, nil, badRequest(http.StatusBadRequest, "malformed multipart body: %v", err)
		}
		name := part.FormName()
		if seen[name] {
			return q, nil, badRequest(http.StatusBadRequest, "field %q given twice", name)
		}
		seen[name] = true
		switch name {
		case "text", "pdq":
			data, err := io.ReadAll(part)
			if err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					return q, nil, err
				}
				return q, nil, badRequest(http.StatusBadRequest, "reading field %q: %v", name, err)
			}
			if name == "text" {
				q.Text = string(data)
				break
			}
			p, err := pdq.ParseHex(strings.TrimSpace(string(data)))
			if err != nil {
				return q, nil, badRequest(http.StatusBadRequest, "pdq: %v", err)
			}
			q.PDQ = append(q.PDQ, p)
		case "image":
			hashes, digest, warn, err := s.hashImage(part)
			if err != nil {
				return q, nil, err
			}
			q.PDQ = append(q.PDQ, hashes...)
			if warn != "" {
				warnings = append(warnings, warn)
			}
			q.MD5, q.SHA256 = digest.MD5[:], digest.SHA256[:]
		default:
			return q, nil, badRequest(http.StatusBadRequest, "unknown field %q: want text, pdq or image", name)
		}
	}
	return q, warnings, nil
}

// hashImage decodes an uploaded image as it streams in, with the pixel
// limit checked from the header before any pixel is decoded, and returns
// its eight dihedral PDQ hashes and the digests of its bytes. A flat image
// (low PDQ quality) gives no hashes and a warning.
func (s *server) hashImage(r io.Reader) ([]pdq.Hash, imagefile.Digest, string, error) {
	dec := imagefile.Decoder{MaxPixels: s.cfg.MaxPixels, MaxBytes: s.cfg.MaxBody}
	img, _, digest, err := dec.DecodeDigest(r)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, digest, "", tooBig
	case errors.Is(err, imagefile.ErrTooManyPixels), errors.Is(err, imagefile.ErrTooLarge):
		return nil, digest, "", badRequest(http.StatusRequestEntityTooLarge, "image: %v", err)
	case err != nil:
		return nil, digest, "", badRequest(http.StatusUnprocessableEntity, "image: %v", err)
	}
	h := s.hashers.Get().(*pdq.Hasher)
	defer s.hashers.Put(h)
	hashes, err := match.PDQQuery(h, img, pdq.MinQuality)
	if errors.Is(err, match.ErrLowQuality) {
		return nil, digest, "image: " + err.Error() + "; matched by its bytes and text only", nil
	}
	if err != nil {
		return nil, digest, "", badRequest(http.StatusUnprocessableEntity, "image: %v", err)
	}
	return hashes, digest, "", nil
}

func (s *server) handleAddItem(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxItemBody)
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "" && mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "want application/json")
		return
	}
	var in itemJSON
	if err := decodeJSON(r.Body, &in); err != nil {
		var re *requestError
		if errors.As(err, &re) {
			writeError(w, re.code, re.msg)
			return
		}
		bodyError(w, err)
		return
	}
	it, err := in.toItem()
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	cur := s.current.Load()
	ix := cur.ix
	switch err := ix.Add(it); {
	case errors.Is(err, match.ErrDuplicateID):
		writeError(w, http.StatusConflict, err.Error())
		return
	case errors.Is(err, match.ErrInvalidItem):
		writeError(w, http.StatusUnprocessableEntity, err.Error())
		return
	case err != nil:
		s.log.Error("add item", "id", in.ID, "err", err)
		writeError(w, http.StatusInternalServerError, "adding the item failed")
		return
	}
	if err := s.record(journalEntry{Op: "add", Item: &in}); err != nil {
		// The item is in service but not durable: undo, so that the
		// client's retry is not refused as a duplicate.
		_ = ix.Remove(in.ID)
		s.log.Error("journal", "err", err)
		writeError(w, http.StatusInternalServerError, "recording the item failed")
		return
	}
	applyTranslit(cur.tr, journalEntry{Op: "add", Item: &in})
	s.metrics.items.Store(int64(ix.Len()))
	writeJSON(w, http.StatusCreated, map[string]any{"id": in.ID, "items": ix.Len()})
}

func (s *server) handleRemoveItem(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	cur := s.current.Load()
	ix := cur.ix
	switch err := ix.Remove(id); {
	case errors.Is(err, match.ErrNotFound):
		writeError(w, http.StatusNotFound, err.Error())
		return
	case err != nil:
		s.log.Error("remove item", "id", id, "err", err)
		writeError(w, http.StatusInternalServerError, "removing the item failed")
		return
	}
	applyTranslit(cur.tr, journalEntry{Op: "remove", ID: id})
	if err := s.record(journalEntry{Op: "remove", ID: id}); err != nil {
		s.log.Error("journal", "err", err)
		writeError(w, http.StatusInternalServerError, "recording the removal failed; the item is removed until the next restart")
		return
	}
	s.metrics.items.Store(int64(ix.Len()))
	w.WriteHeader(http.StatusNoContent)
}
