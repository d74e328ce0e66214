package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// latencyBuckets are the upper bounds, in seconds, of the request latency
// histogram.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}

// metrics holds the service's counters and writes them in the Prometheus
// text exposition format (version 0.0.4), without a client library.
// Safe for concurrent use.
type metrics struct {
	mu       sync.Mutex
	requests map[requestKey]uint64 // by route and status code
	matches  map[string]uint64     // matched items, by signal
	latency  map[string]*histogram // by route

	reloadsOK, reloadsFailed atomic.Uint64
	items                    atomic.Int64 // items in the index being served
	loadedAt                 atomic.Int64 // Unix seconds of the last successful load
	start                    time.Time
}

type requestKey struct {
	route string
	code  int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; last is +Inf
	sum    float64
}

func newMetrics() *metrics {
	return &metrics{
		requests: make(map[requestKey]uint64),
		matches:  make(map[string]uint64),
		latency:  make(map[string]*histogram),
		start:    time.Now(),
	}
}

// observe records one finished request.
func (m *metrics) observe(route string, code int, d time.Duration) {
	s := d.Seconds()
	i, _ := slices.BinarySearch(latencyBuckets, s) // first bound >= s
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[requestKey{route, code}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets)+1)}
		m.latency[route] = h
	}
	h.counts[i]++
	h.sum += s
}

// matched records one reported match.
func (m *metrics) matched(signal string) {
	m.mu.Lock()
	m.matches[signal]++
	m.mu.Unlock()
}

// writeTo writes every metric, sorted, in the Prometheus text format.
func (m *metrics) writeTo(w io.Writer) error {
	var b strings.Builder
	m.mu.Lock()
	reqKeys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		reqKeys = append(reqKeys, k)
	}
	slices.SortFunc(reqKeys, func(a, b requestKey) int {
		if c := strings.Compare(a.route, b.route); c != 0 {
			return c
		}
		return a.code - b.code
	})
	b.WriteString("# HELP gharbal_http_requests_total HTTP requests served, by route and status code.\n")
	b.WriteString("# TYPE gharbal_http_requests_total counter\n")
	for _, k := range reqKeys {
		fmt.Fprintf(&b, "gharbal_http_requests_total{route=%s,code=\"%d\"} %d\n", quote(k.route), k.code, m.requests[k])
	}

	b.WriteString("# HELP gharbal_matches_total Items reported as matching a post, by signal.\n")
	b.WriteString("# TYPE gharbal_matches_total counter\n")
	for _, s := range sortedKeys(m.matches) {
		fmt.Fprintf(&b, "gharbal_matches_total{signal=%s} %d\n", quote(s), m.matches[s])
	}

	b.WriteString("# HELP gharbal_http_request_duration_seconds Time to serve a request, by route.\n")
	b.WriteString("# TYPE gharbal_http_request_duration_seconds histogram\n")
	for _, route := range sortedKeys(m.latency) {
		h := m.latency[route]
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(&b, "gharbal_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", quote(route), formatFloat(le), cum)
		}
		cum += h.counts[len(latencyBuckets)]
		fmt.Fprintf(&b, "gharbal_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", quote(route), cum)
		fmt.Fprintf(&b, "gharbal_http_request_duration_seconds_sum{route=%s} %s\n", quote(route), formatFloat(h.sum))
		fmt.Fprintf(&b, "gharbal_http_request_duration_seconds_count{route=%s} %d\n", quote(route), cum)
	}
	m.mu.Unlock()

	b.WriteString("# HELP gharbal_index_reloads_total Index (re)loads, by result.\n")
	b.WriteString("# TYPE gharbal_index_reloads_total counter\n")
	fmt.Fprintf(&b, "gharbal_index_reloads_total{result=\"ok\"} %d\n", m.reloadsOK.Load())
	fmt.Fprintf(&b, "gharbal_index_reloads_total{result=\"error\"} %d\n", m.reloadsFailed.Load())
	b.WriteString("# HELP gharbal_index_items Items in the index being served.\n")
	b.WriteString("# TYPE gharbal_index_items gauge\n")
	fmt.Fprintf(&b, "gharbal_index_items %d\n", m.items.Load())
	b.WriteString("# HELP gharbal_index_loaded_timestamp_seconds Unix time of the last successful index load.\n")
	b.WriteString("# TYPE gharbal_index_loaded_timestamp_seconds gauge\n")
	fmt.Fprintf(&b, "gharbal_index_loaded_timestamp_seconds %d\n", m.loadedAt.Load())
	b.WriteString("# HELP gharbal_uptime_seconds Seconds since the service started.\n")
	b.WriteString("# TYPE gharbal_uptime_seconds gauge\n")
	fmt.Fprintf(&b, "gharbal_uptime_seconds %s\n", formatFloat(time.Since(m.start).Seconds()))
	_, err := io.WriteString(w, b.String())
	return err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// quote writes a label value: Prometheus escapes backslash, double quote and
// newline only.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

func formatFloat(f float64) string {
	if math.IsInf(f, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
