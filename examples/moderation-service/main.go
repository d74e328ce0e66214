// Moderation-service is a small HTTP JSON service that matches posts and
// images against an index of banned content: a starting point a team can
// deploy and adapt.
//
//	go run ./examples/quickstart -snapshot /tmp/sample.gharbal
//	export GHARBAL_TOKEN=$(head -c 24 /dev/urandom | base64)   # at least 16 characters
//	GHARBAL_SNAPSHOT=/tmp/sample.gharbal go run ./examples/moderation-service
//
//	curl -s localhost:8080/v1/match --json '{"text":"The Cypress Front declares: the cypress never bows. ..."}'
//	curl -s localhost:8080/v1/match -F text='...' -F image=@testdata/sample/images/post-tree-reencoded.jpg
//	curl -s localhost:8080/v1/items -H "Authorization: Bearer $GHARBAL_TOKEN" --json '{"id":"x1","label":"list-a","text":"..."}'
//	curl -s -X DELETE localhost:8080/v1/items/x1 -H "Authorization: Bearer $GHARBAL_TOKEN"
//	curl -s localhost:8080/healthz; curl -s localhost:8080/metrics
//
// # Endpoints
//
//   - POST /v1/match: a JSON body {"text", "pdq", "md5", "sha256"} (pdq: one
//     hex hash or a list; md5 and sha256: hex digests), or a multipart form
//     with fields "text" and "pdq" and a file "image" (JPEG, PNG, GIF, BMP or
//     WebP, decoded by package imagefile as it streams in; the service hashes
//     it with PDQ in all eight orientations and takes its MD5 and SHA-256). The answer is {"matched", "matches": [{"item_id", "label",
//     "signal", "score", "distance", "spans", "meta"}], "warnings"}; spans are
//     byte ranges of the text as sent.
//   - POST /v1/items: adds an item, JSON {"id", "label", "text", "pdq": [hex],
//     "md5", "sha256", "meta"}. DELETE /v1/items/{id} removes one. Both need
//     "Authorization: Bearer $GHARBAL_TOKEN" and are refused (403) when the
//     variable is unset.
//   - GET /healthz: {"status": "ok", "items", "translit_items" (-1 when the
//     transliteration channel is off), "generation", "loaded_at"}.
//   - GET /metrics: Prometheus text format: requests by route and status,
//     matches by signal, a latency histogram by route, index reloads.
//
// # Configuration (environment)
//
//   - GHARBAL_ADDR: listen address (default 127.0.0.1:8080).
//   - GHARBAL_SNAPSHOT: index snapshot (match.Index.WriteFile, `gharbal
//     index build`) loaded at start, and again on SIGHUP or when the file
//     changes (checked every GHARBAL_WATCH_INTERVAL, default 2s; 0 disables).
//     Without it the service starts with an empty index.
//   - GHARBAL_JOURNAL: a file where items added and removed through the API
//     are appended (JSON Lines, fsynced) and replayed at start, so they
//     survive restarts. They are also re-applied after every reload.
//   - GHARBAL_TRANSLIT: "1" adds the transliteration channel
//     (match/translit): posts are also compared across scripts (Roman Urdu or
//     Arabizi against Arabic-script items and back; signal
//     "transliteration"). Its items come from GHARBAL_TRANSLIT_SNAPSHOT (a
//     file written by `gharbal index build --translit`, reloaded with the
//     main snapshot) and from the API's writes; items whose text is too short
//     for it are left out of it.
//   - GHARBAL_TOKEN: bearer token for the write endpoints.
//   - GHARBAL_MAX_BODY (default 16 MiB), GHARBAL_MAX_PIXELS (default 50e6),
//     GHARBAL_MAX_SNAPSHOT (default 4 GiB) bound what one request or file
//     may cost.
//
// # Reloads
//
// A reload reads the snapshot into a new index, re-applies the API's writes,
// and swaps it in atomically: a request sees either the old index or the
// new one, never a half-loaded one, and requests in flight finish on the
// index they started with. A snapshot that fails to load (corrupt, other
// format version) is logged and counted; the old index stays in service.
// Writers of the snapshot should replace it atomically (write a temporary
// file and rename it, as match.Index.WriteFile does).
//
// # Shutdown
//
// SIGINT or SIGTERM stop accepting connections and let requests in flight
// finish (up to 15 s) before the process exits.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

// config is the service's configuration; see the package documentation.
type config struct {
	Addr             string
	Snapshot         string
	Journal          string
	Translit         bool   // the transliteration channel
	TranslitSnapshot string // its snapshot, if any
	Token            string
	WatchInterval    time.Duration
	MaxBody          int64 // bytes of one request body
	MaxItemBody      int64 // bytes of one POST /v1/items body
	MaxPixels        int64 // pixels of one uploaded image
	MaxSnapshotBytes int64
	ShutdownTimeout  time.Duration
}

func defaultConfig() config {
	return config{
		Addr:             "127.0.0.1:8080",
		WatchInterval:    2 * time.Second,
		MaxBody:          16 << 20,
		MaxItemBody:      1 << 20,
		MaxPixels:        50_000_000,
		MaxSnapshotBytes: 4 << 30,
		ShutdownTimeout:  15 * time.Second,
	}
}

// configFromEnv reads the configuration from environment variables.
func configFromEnv(getenv func(string) string) (config, error) {
	c := defaultConfig()
	if v := getenv("GHARBAL_ADDR"); v != "" {
		c.Addr = v
	}
	c.Snapshot = getenv("GHARBAL_SNAPSHOT")
	c.Journal = getenv("GHARBAL_JOURNAL")
	c.Token = getenv("GHARBAL_TOKEN")
	switch v := getenv("GHARBAL_TRANSLIT"); v {
	case "", "0":
	case "1":
		c.Translit = true
	default:
		return c, fmt.Errorf("GHARBAL_TRANSLIT=%q: want 1 or 0", v)
	}
	c.TranslitSnapshot = getenv("GHARBAL_TRANSLIT_SNAPSHOT")
	if c.TranslitSnapshot != "" && !c.Translit {
		return c, errors.New("GHARBAL_TRANSLIT_SNAPSHOT is set but GHARBAL_TRANSLIT is not 1")
	}
	if v := getenv("GHARBAL_WATCH_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return c, fmt.Errorf("GHARBAL_WATCH_INTERVAL=%q: want a duration such as 2s, or 0 to disable", v)
		}
		c.WatchInterval = d
	}
	for _, n := range []struct {
		name string
		dst  *int64
	}{{"GHARBAL_MAX_BODY", &c.MaxBody}, {"GHARBAL_MAX_PIXELS", &c.MaxPixels}, {"GHARBAL_MAX_SNAPSHOT", &c.MaxSnapshotBytes}} {
		if v := getenv(n.name); v != "" {
			x, err := strconv.ParseFloat(v, 64) // accepts 50e6
			if err != nil || x < 1 || x > 1<<50 {
				return c, fmt.Errorf("%s=%q: want a positive number", n.name, v)
			}
			*n.dst = int64(x)
		}
	}
	if len(c.Token) > 0 && len(c.Token) < 16 {
		return c, errors.New("GHARBAL_TOKEN is shorter than 16 characters")
	}
	return c, nil
}

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	cfg, err := configFromEnv(os.Getenv)
	if err != nil {
		log.Error("configuration", "err", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	reload := make(chan struct{}, 1)
	go func() {
		for range hup {
			select {
			case reload <- struct{}{}:
			default: // a reload is already pending
			}
		}
	}()

	s, err := newServer(cfg, log)
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		log.Error("listen", "err", err)
		os.Exit(1)
	}
	if err := s.serve(ctx, ln, reload); err != nil {
		log.Error("serve", "err", err)
		os.Exit(1)
	}
}
