package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/match"
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
  {"id": "...", "matches": [{"id": "...", "label": "...", "signal": "text|containment|text-exact|pdq|md5|sha256|simhash",
    "score": 0.93, "distance": 7, "spans": [[start, end]]}]}
matches are best first, [] when nothing matched. spans are byte offsets into
the query's text as sent. Images (paths relative to the FILE's folder) are
hashed with their 8 rotations and flips; images too flat to hash (PDQ
quality below 50) match only by MD5 and SHA-256. Memory does not grow with
the number of queries.

A malformed line is an error naming FILE:LINE (exit status 1); with
--skip-invalid it is reported on standard error and skipped.
`

// matchOut is one output match.
type matchOut struct {
	ID       string   `json:"id"`
	Label    string   `json:"label"`
	Signal   string   `json:"signal"`
	Score    float64  `json:"score"`
	Distance int      `json:"distance"`
	Spans    [][2]int `json:"spans,omitempty"`
}

type resultOut struct {
	ID      string     `json:"id"`
	Matches []matchOut `json:"matches"`
}

func runMatch(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("match", matchUsage, stderr)
	indexPath := fs.String("index", "", "index file (required)")
	skip := fs.Bool("skip-invalid", false, "report malformed lines on standard error and skip them")
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
	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	bw := bufio.NewWriterSize(stdout, 64<<10)
	defer bw.Flush()
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	loader := newImageLoader()
	progress := isTerminal(stderr)
	var ms []match.Match
	count := 0
	for _, name := range files {
		rc, dir, err := openInput(name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "gharbal match: %v\n", err)
			return 1
		}
		lr := newLineReader(name, rc)
		for {
			line, err := lr.Next()
			if err == io.EOF {
				break
			}
			if err != nil && !errors.Is(err, errLineTooLong) {
				fmt.Fprintf(stderr, "gharbal match: %s: %v\n", name, err)
				rc.Close()
				return 1
			}
			var q match.Query
			var id string
			if err == nil {
				if len(strings.TrimSpace(string(line))) == 0 {
					continue
				}
				id, q, err = loader.toQuery(line, dir)
			}
			if err != nil {
				fmt.Fprintf(stderr, "gharbal match: %s: %v\n", lr.Pos(), err)
				if *skip {
					continue
				}
				rc.Close()
				return 1
			}
			ms = ix.AppendMatches(ms[:0], q)
			res := resultOut{ID: id, Matches: make([]matchOut, 0, len(ms))}
			for _, m := range ms {
				res.Matches = append(res.Matches, matchOut{
					ID: m.ItemID, Label: m.Label, Signal: m.Signal.String(),
					Score: math.Round(m.Score*1e4) / 1e4, Distance: m.Distance, Spans: m.Spans,
				})
			}
			if err := enc.Encode(res); err != nil {
				fmt.Fprintf(stderr, "gharbal match: %v\n", err)
				rc.Close()
				return 1
			}
			count++
			if progress && count%10000 == 0 {
				fmt.Fprintf(stderr, "\rmatched %d queries", count)
			}
		}
		rc.Close()
	}
	if progress && count >= 10000 {
		fmt.Fprintln(stderr)
	}
	if err := bw.Flush(); err != nil {
		fmt.Fprintf(stderr, "gharbal match: %v\n", err)
		return 1
	}
	return 0
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
		p := r.Image
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		hs, dg, err := l.load(p, true)
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
