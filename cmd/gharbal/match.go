package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"sync"

	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/match"
	"github.com/gharbal/gharbal/match/translit"
)

var matchCommand = command{
	summary: "match JSON Lines posts and images against an index",
	run:     runMatch,
}

const matchUsage = `usage: gharbal match --index INDEX [flags] [FILE...]

Reads queries as JSON Lines from the FILEs (or standard input; "-" is
standard input), one a line:
  {"id": "...", "text": "...", "image": "path", "pdq": "<64 hex>", "md5": "<32 hex>", "sha256": "<64 hex>"}
and writes exactly one JSON line per query, in input order:
  {"id": "...", "matches": [{"id": "...", "label": "...", "signal": "text|containment|text-exact|pdq|md5|sha256|simhash|transliteration",
    "score": 0.93, "distance": 7, "spans": [[start, end]]}]}
matches are best first, [] when nothing matched. spans are byte offsets into
the query's text as sent. Queries are matched on all CPUs (--parallel) and
written in input order. Images (paths relative to the FILE's folder) are
hashed with their 8 rotations and flips; images too flat to hash (PDQ
quality below 50) match only by MD5 and SHA-256. Memory does not grow with
the number of queries.

With --translit FILE (written by gharbal index build --translit), query
texts are also compared across scripts (Roman Urdu or Arabizi against
Arabic-script items and back); such matches have signal "transliteration".

With --accounts FILE, a query line may also carry an "account" object
({"handle", "display_name", "bio", "avatar_pdq", "links"}); it is compared
with the known accounts of FILE, and matches with signal "account" and a
per-field explanation ("fields") follow the other matches (see account.go).

A malformed line is an error naming FILE:LINE (exit status 1); with
--skip-invalid it is reported on standard error and skipped.
`

// matchOut is one output match.
type matchOut struct {
	ID       string         `json:"id"`
	Label    string         `json:"label"`
	Signal   string         `json:"signal"`
	Score    float64        `json:"score"`
	Distance int            `json:"distance"`
	Spans    [][2]int       `json:"spans,omitempty"`
	Fields   []accountField `json:"fields,omitempty"` // account matches only (account.go)
}

type resultOut struct {
	ID      string     `json:"id"`
	Matches []matchOut `json:"matches"`
}

func runMatch(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("match", matchUsage, stderr)
	indexPath := fs.String("index", "", "index file (required)")
	skip := fs.Bool("skip-invalid", false, "report malformed lines on standard error and skip them")
	parallel := fs.Int("parallel", 0, "queries matched at once (0: one per CPU); output order is input order")
	accounts := fs.String("accounts", "", accountsFlagUsage)
	trPath := fs.String("translit", "", "transliteration index file (gharbal index build --translit)")
	var f indexFlags
	f.register(fs)
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	if *indexPath == "" {
		fmt.Fprintln(stderr, "gharbal match: --index INDEX is required")
		return 2
	}
	ix, err := match.ReadFile(*indexPath, f.maxIndexBytes, f.options()...)
	if err != nil {
		fmt.Fprintf(stderr, "gharbal match: %v\n", err)
		return 1
	}
	var tr *translit.Index
	if *trPath != "" {
		if tr, err = translit.ReadFile(*trPath, f.maxIndexBytes); err != nil {
			fmt.Fprintf(stderr, "gharbal match: --translit: %v\n", err)
			return 1
		}
	}
	known, err := loadAccountsFlag(*accounts)
	if err != nil {
		fmt.Fprintf(stderr, "gharbal match: --accounts: %v\n", err)
		return 1
	}
	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	workers := *parallel
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	return matchStream(ix, tr, known, files, stdin, stdout, stderr, workers, *skip)
}

// job is one input line to match; result its encoded output line.
type job struct {
	seq  int
	pos  string // file:line
	dir  string // folder of the file, for image paths
	line []byte
	err  error // reading error of the line (too long)
}

type result struct {
	seq int
	pos string
	out []byte // one JSON line, nil when err != nil
	err error
}

// matchStream matches the lines of files on workers goroutines and writes
// the results in input order. At most 4*workers lines are in flight, so
// memory does not grow with the input.
func matchStream(ix *match.Index, tr *translit.Index, known *knownAccounts, files []string, stdin io.Reader, stdout, stderr io.Writer, workers int, skip bool) int {
	bw := bufio.NewWriterSize(stdout, 64<<10)
	defer bw.Flush()
	progress := isTerminal(stderr)
	jobs := make(chan job)
	results := make(chan result, 4*workers)
	slots := make(chan struct{}, 4*workers) // in-flight bound
	stop := make(chan struct{})
	readErr := make(chan error, 1)

	// Reader.
	go func() {
		defer close(jobs)
		seq := 0
		for _, name := range files {
			rc, dir, err := openInput(name, stdin)
			if err != nil {
				readErr <- err
				return
			}
			lr := newLineReader(name, rc)
			for {
				line, err := lr.Next()
				if err == io.EOF {
					break
				}
				if err != nil && !errors.Is(err, errLineTooLong) {
					rc.Close()
					readErr <- fmt.Errorf("%s: %w", name, err)
					return
				}
				if err == nil && len(strings.TrimSpace(string(line))) == 0 {
					continue
				}
				select {
				case slots <- struct{}{}:
				case <-stop:
					rc.Close()
					return
				}
				jobs <- job{seq: seq, pos: lr.Pos(), dir: dir, line: append([]byte(nil), line...), err: err}
				seq++
			}
			rc.Close()
		}
		readErr <- nil
	}()

	// Workers.
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			loader := newImageLoader()
			var ms []match.Match
			for j := range jobs {
				r := result{seq: j.seq, pos: j.pos, err: j.err}
				if r.err == nil {
					var id string
					var q match.Query
					id, q, r.err = loader.toQuery(j.line, j.dir)
					if r.err == nil {
						ms = ix.AppendMatches(ms[:0], q)
						if tr != nil && q.Text != "" {
							ms = append(ms, tr.Match(q.Text)...)
						}
						var am []matchOut
						if am, r.err = known.accountMatches(j.line); r.err == nil {
							r.out = encodeResult(id, ms, am...)
						}
					}
				}
				results <- r
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	// Writer: in input order.
	pending := map[int]result{}
	next, count, code := 0, 0, 0
	for r := range results {
		pending[r.seq] = r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			if code != 0 {
				continue // draining after a fatal error
			}
			if r.err != nil {
				fmt.Fprintf(stderr, "gharbal match: %s: %v\n", r.pos, r.err)
				if !skip {
					code = 1
					close(stop)
				}
				continue
			}
			if _, err := bw.Write(r.out); err != nil {
				fmt.Fprintf(stderr, "gharbal match: %v\n", err)
				code = 1
				close(stop)
				continue
			}
			count++
			if progress && count%10000 == 0 {
				fmt.Fprintf(stderr, "\rmatched %d queries", count)
			}
		}
	}
	if progress && count >= 10000 {
		fmt.Fprintln(stderr)
	}
	if code != 0 {
		return code
	}
	if err := <-readErr; err != nil {
		fmt.Fprintf(stderr, "gharbal match: %v\n", err)
		return 1
	}
	if err := bw.Flush(); err != nil {
		fmt.Fprintf(stderr, "gharbal match: %v\n", err)
		return 1
	}
	return 0
}

// encodeResult returns the JSON line of one query's matches, followed by
// extra (account matches).
func encodeResult(id string, ms []match.Match, extra ...matchOut) []byte {
	res := resultOut{ID: id, Matches: make([]matchOut, 0, len(ms))}
	for _, m := range ms {
		res.Matches = append(res.Matches, matchOut{
			ID: m.ItemID, Label: m.Label, Signal: m.Signal.String(),
			Score: math.Round(m.Score*1e4) / 1e4, Distance: m.Distance, Spans: m.Spans,
		})
	}
	res.Matches = append(res.Matches, extra...)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(res) // cannot fail: strings, numbers and slices only
	return buf.Bytes()
}

// toQuery parses one query line of a file in dir.
func (l *imageLoader) toQuery(line []byte, dir string) (string, match.Query, error) {
	var r record
	if err := json.Unmarshal(line, &r); err != nil {
		return "", match.Query{}, err
	}
	q := match.Query{Text: r.Text}
	var err error
	if q.MD5, err = decodeHex("md5", r.MD5, 16); err != nil {
		return r.ID, q, err
	}
	if q.SHA256, err = decodeHex("sha256", r.SHA256, 32); err != nil {
		return r.ID, q, err
	}
	if r.PDQ != "" {
		h, err := pdq.ParseHex(r.PDQ)
		if err != nil {
			return r.ID, q, err
		}
		q.PDQ = append(q.PDQ, h)
	}
	if r.Image != "" {
		hs, dg, err := l.load(dir, r.Image, true)
		if err != nil && !errors.Is(err, match.ErrLowQuality) {
			return r.ID, q, err
		}
		q.PDQ = append(q.PDQ, hs...)
		if q.MD5 == nil && dg.Size > 0 {
			q.MD5 = dg.MD5[:]
		}
		if q.SHA256 == nil && dg.Size > 0 {
			q.SHA256 = dg.SHA256[:]
		}
	}
	return r.ID, q, nil
}
