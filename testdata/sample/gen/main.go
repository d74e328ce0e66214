// Command gen writes gharbal's sample data: the banned set of a fictional
// group (items.jsonl), sample posts (posts.jsonl), what each post should match
// (expected.jsonl), the pictures they refer to (images/) and README.md
// describing them. Everything is computed by this program, so the files can
// be regenerated and checked:
//
//	go generate ./testdata/sample/gen          # rewrite the files
//	go run ./testdata/sample/gen -check        # exit 1 if a file differs
//
//go:generate go run . -dir ..
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// item is one line of items.jsonl, the input shape of `gharbal index build`.
// Image paths are relative to the directory holding items.jsonl.
type item struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Text  string `json:"text,omitempty"`
	Image string `json:"image,omitempty"`
}

// post is one line of posts.jsonl (the query shape of `gharbal match`:
// id, text, image) plus the expectations written to expected.jsonl.
type post struct {
	ID    string `json:"id"`
	Text  string `json:"text,omitempty"`
	Image string `json:"image,omitempty"`

	Want  []string
	Quote *[2]int // byte span of a quoted passage in Text
	Note  string
}

// expectation is one line of expected.jsonl.
type expectation struct {
	Post  string   `json:"post"`
	Items []string `json:"items"`           // items a correct matcher reports; empty = innocent
	Quote *[2]int  `json:"quote,omitempty"` // byte span in the post's text the text match should cover
	Note  string   `json:"note"`
}

func main() {
	dir := flag.String("dir", "testdata/sample", "directory to write (or check)")
	check := flag.Bool("check", false, "compare with the files in -dir instead of writing")
	flag.Parse()

	files, err := render()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	bad := 0
	for _, f := range files {
		path := filepath.Join(*dir, f.name)
		if *check {
			if err := compare(path, f.data); err != nil {
				fmt.Fprintf(os.Stderr, "gen: %s: %v\n", path, err)
				bad++
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(path, f.data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
	if bad > 0 {
		os.Exit(1)
	}
}

type file struct {
	name string
	data []byte
}

func render() ([]file, error) {
	var files []file
	addImage := func(name string, img image.Image, quality int) error {
		var buf bytes.Buffer
		var err error
		if quality == 0 {
			err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img)
		} else {
			err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality})
		}
		files = append(files, file{"images/" + name, buf.Bytes()})
		return err
	}
	tree, mountains := posterTree(), posterMountains()
	for _, err := range []error{
		addImage("poster-tree.png", tree, 0),
		addImage("poster-mountains.png", mountains, 0),
		addImage("post-tree-reencoded.jpg", scale(tree, 358, 358), 55),
		addImage("post-mountains-cropped.jpg", crop(mountains, 0.01), 80),
		addImage("post-tree-brighter.jpg", brighten(tree), 70),
		addImage("post-mountains-mirrored.jpg", mirror(mountains), 75),
		addImage("post-garden.png", garden(), 0),
		addImage("post-pattern.png", pattern(), 0),
	} {
		if err != nil {
			return nil, err
		}
	}

	var its, ps, ex []any
	for _, it := range items {
		its = append(its, it)
	}
	for _, p := range posts() {
		ps = append(ps, p)
		want := p.Want
		if want == nil {
			want = []string{}
		}
		ex = append(ex, expectation{Post: p.ID, Items: want, Quote: p.Quote, Note: p.Note})
	}
	for _, f := range []struct {
		name string
		vals []any
	}{{"items.jsonl", its}, {"posts.jsonl", ps}, {"expected.jsonl", ex}} {
		data, err := jsonLines(f.vals)
		if err != nil {
			return nil, err
		}
		files = append(files, file{f.name, data})
	}
	files = append(files, file{"README.md", readme()})
	return files, nil
}

// jsonLines encodes one value per line, with invisible format characters
// (zero-width joiners, BOM, ...) written as \u escapes so they show in a diff.
func jsonLines(vals []any) ([]byte, error) {
	var out bytes.Buffer
	for _, v := range vals {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return nil, err
		}
		for _, r := range buf.String() {
			if unicode.Is(unicode.Cf, r) || r == '\u0640' {
				fmt.Fprintf(&out, `\u%04x`, r)
			} else {
				out.WriteRune(r)
			}
		}
	}
	return out.Bytes(), nil
}

// MarshalJSON writes only the query fields of a post.
func (p post) MarshalJSON() ([]byte, error) {
	type query struct {
		ID    string `json:"id"`
		Text  string `json:"text,omitempty"`
		Image string `json:"image,omitempty"`
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(query{p.ID, p.Text, p.Image})
	return bytes.TrimSpace(buf.Bytes()), err
}

// compare reports whether the file at path holds data. PNGs are compared by
// pixels (a newer Go's encoder may compress differently); JPEGs by bytes,
// with a hint when only the encoder could explain a difference.
func compare(path string, data []byte) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if bytes.Equal(old, data) {
		return nil
	}
	if strings.HasSuffix(path, ".png") {
		a, errA := png.Decode(bytes.NewReader(old))
		b, errB := png.Decode(bytes.NewReader(data))
		if errA == nil && errB == nil && samePixels(a, b) {
			return nil
		}
		return fmt.Errorf("pixels differ from the generator's output")
	}
	if strings.HasSuffix(path, ".jpg") {
		return fmt.Errorf("bytes differ from the generator's output (a different Go version's JPEG encoder also explains this)")
	}
	return fmt.Errorf("differs from the generator's output; run go generate ./testdata/sample/gen")
}

func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}
