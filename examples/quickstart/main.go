// Quickstart builds an index of a small banned set and matches sample posts
// against it, printing each verdict with the matched item, the signal, the
// score and the matched passage of the post in [[double brackets]].
//
// The data is testdata/sample: the announcements and posters of the "Cypress
// Front", a group invented for the samples, in Urdu, Pashto, Arabic, English
// and Roman Urdu, and posts that copy them with the usual evasions (tatweel,
// diacritics, zero-width characters, other keyboards' letters, look-alike
// letters, leetspeak, spacing, quotes inside longer posts, re-encoded and
// cropped pictures) or that are innocent posts on the same topics.
//
// From the repository root:
//
//	go run ./examples/quickstart
//	go run ./examples/quickstart -snapshot /tmp/sample.gharbal   # also save the index
//
// The snapshot can be served by examples/moderation-service.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gharbal/gharbal/fingerprint/imagefile"
	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/match"
)

// sampleItem is one line of items.jsonl (the input of `gharbal index build`).
type sampleItem struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Text  string `json:"text"`
	PDQ   string `json:"pdq"`   // hex, optional
	Image string `json:"image"` // path relative to items.jsonl, optional
}

// samplePost is one line of posts.jsonl (the input of `gharbal match`).
type samplePost struct {
	ID    string `json:"id"`
	Text  string `json:"text"`
	Image string `json:"image"` // path relative to posts.jsonl, optional
}

// verdict is what the quick start found for one post.
type verdict struct {
	Post    samplePost
	Matches []match.Match // best first; empty for a clean post
}

func main() {
	data := flag.String("data", "", "folder holding items.jsonl and posts.jsonl (default: the repository's testdata/sample)")
	snapshot := flag.String("snapshot", "", "also write the index to this snapshot file")
	flag.Parse()
	dir := *data
	if dir == "" {
		var err error
		if dir, err = findSample(); err != nil {
			fmt.Fprintln(os.Stderr, "quickstart:", err)
			os.Exit(1)
		}
	}
	if err := run(os.Stdout, dir, *snapshot); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, dir, snapshot string) error {
	start := time.Now()
	ix, err := buildIndex(dir)
	if err != nil {
		return err
	}
	built := time.Since(start)
	if snapshot != "" {
		if err := ix.WriteFile(snapshot); err != nil {
			return err
		}
	}
	posts, err := readJSONL[samplePost](filepath.Join(dir, "posts.jsonl"))
	if err != nil {
		return err
	}
	start = time.Now()
	verdicts, err := matchPosts(ix, dir, posts)
	if err != nil {
		return err
	}
	matched := time.Since(start)

	fmt.Fprintf(w, "indexed %d banned items from %s in %v\n\n", ix.Len(), dir, built.Round(time.Millisecond))
	flagged := 0
	for _, v := range verdicts {
		if len(v.Matches) == 0 {
			fmt.Fprintf(w, "%-26s clean\n", v.Post.ID)
			continue
		}
		flagged++
		for i, m := range v.Matches {
			id := v.Post.ID
			if i > 0 {
				id = ""
			}
			fmt.Fprintf(w, "%-26s MATCH %-20s %-12s score %.2f", id, m.ItemID, m.Signal, m.Score)
			if m.Signal == match.SignalPDQ {
				fmt.Fprintf(w, " (distance %d)", m.Distance)
			}
			fmt.Fprintln(w)
			if len(m.Spans) > 0 {
				fmt.Fprintf(w, "%26s   %s\n", "", highlight(v.Post.Text, m.Spans, 40))
			}
		}
	}
	fmt.Fprintf(w, "\n%d of %d posts matched a banned item; matching took %v\n",
		flagged, len(verdicts), matched.Round(time.Millisecond))
	if snapshot != "" {
		fmt.Fprintf(w, "index snapshot written to %s\n", snapshot)
	}
	return nil
}

// buildIndex reads items.jsonl in dir, hashes the items' pictures and adds
// everything to a new index in one batch.
func buildIndex(dir string) (*match.Index, error) {
	rows, err := readJSONL[sampleItem](filepath.Join(dir, "items.jsonl"))
	if err != nil {
		return nil, err
	}
	h := pdq.NewHasher()
	items := make([]match.Item, 0, len(rows))
	for _, r := range rows {
		it := match.Item{ID: r.ID, Label: r.Label, Text: r.Text}
		if r.PDQ != "" {
			hash, err := pdq.ParseHex(r.PDQ)
			if err != nil {
				return nil, fmt.Errorf("item %s: %w", r.ID, err)
			}
			it.PDQ = append(it.PDQ, hash)
		}
		if r.Image != "" {
			img, err := decodeFile(filepath.Join(dir, r.Image))
			if err != nil {
				return nil, fmt.Errorf("item %s: %w", r.ID, err)
			}
			hash, quality, err := h.Sum(img)
			if err != nil {
				return nil, fmt.Errorf("item %s: %w", r.ID, err)
			}
			if quality < pdq.MinQuality {
				return nil, fmt.Errorf("item %s: image quality %d is below %d: too flat to hash reliably", r.ID, quality, pdq.MinQuality)
			}
			it.PDQ = append(it.PDQ, hash)
		}
		items = append(items, it)
	}
	ix, err := match.NewIndex()
	if err != nil {
		return nil, err
	}
	if err := ix.AddBatch(items); err != nil {
		return nil, err
	}
	return ix, nil
}

// matchPosts matches every post, hashing its picture (all eight rotations
// and mirror images) when it has one.
func matchPosts(ix *match.Index, dir string, posts []samplePost) ([]verdict, error) {
	h := pdq.NewHasher()
	out := make([]verdict, 0, len(posts))
	for _, p := range posts {
		q := match.Query{Text: p.Text}
		if p.Image != "" {
			img, err := decodeFile(filepath.Join(dir, p.Image))
			if err != nil {
				return nil, fmt.Errorf("post %s: %w", p.ID, err)
			}
			hashes, err := match.PDQQuery(h, img, pdq.MinQuality)
			if err != nil && !errors.Is(err, match.ErrLowQuality) {
				return nil, fmt.Errorf("post %s: %w", p.ID, err)
			}
			q.PDQ = hashes // a flat, low-quality picture is matched by its text only
		}
		out = append(out, verdict{Post: p, Matches: ix.Match(q)})
	}
	return out, nil
}

// decodeFile decodes a picture with the library's bounded decoder (JPEG,
// PNG, GIF, BMP or WebP, at most imagefile.DefaultMaxPixels pixels).
func decodeFile(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := imagefile.Decode(f, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}

// readJSONL decodes one JSON object per non-empty line, naming the line of
// any error.
func readJSONL[T any](path string) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var v T
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// highlight returns text on one line with each span in [[double brackets]],
// invisible characters shown as ·, and unmatched stretches longer than
// 2*context runes shortened to "…".
func highlight(text string, spans [][2]int, context int) string {
	var b strings.Builder
	pos := 0
	for i, sp := range spans {
		s, e := clampSpan(text, sp, pos)
		if s >= e {
			continue
		}
		b.WriteString(elide(text[pos:s], context, i == 0, false))
		b.WriteString("[[")
		b.WriteString(visible(text[s:e]))
		b.WriteString("]]")
		pos = e
	}
	b.WriteString(elide(text[pos:], context, pos == 0, true))
	return b.String()
}

// clampSpan keeps a span inside text, after from, on rune boundaries.
func clampSpan(text string, sp [2]int, from int) (int, int) {
	s, e := max(sp[0], from), min(sp[1], len(text))
	for s < len(text) && !utf8.RuneStart(text[s]) {
		s++
	}
	for e < len(text) && e > s && !utf8.RuneStart(text[e]) {
		e++
	}
	return s, e
}

// elide shortens an unmatched stretch: it keeps context runes next to the
// neighbouring match(es).
func elide(s string, context int, first, last bool) string {
	r := []rune(visible(s))
	switch {
	case first && last:
		if len(r) > 4*context {
			return string(r[:4*context]) + "…"
		}
	case first:
		if len(r) > context {
			return "…" + string(r[len(r)-context:])
		}
	case last:
		if len(r) > context {
			return string(r[:context]) + "…"
		}
	default:
		if len(r) > 2*context {
			return string(r[:context]) + "…" + string(r[len(r)-context:])
		}
	}
	return string(r)
}

// visible replaces newlines by spaces and invisible format characters
// (zero-width joiners, byte-order marks) by a middle dot, so that evasions
// show up in a terminal.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case unicode.Is(unicode.Cf, r):
			return '·'
		}
		return r
	}, s)
}

// findSample locates testdata/sample from the working directory or one of
// its parents, so the quick start runs from anywhere inside the repository.
func findSample() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "testdata", "sample")
		if _, err := os.Stat(filepath.Join(p, "items.jsonl")); err == nil {
			if rel, err := filepath.Rel(wd, p); err == nil {
				return rel, nil
			}
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("testdata/sample not found in the working directory or its parents; use -data")
		}
	}
}
