package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gharbal/gharbal/fingerprint/imagefile"
	"github.com/gharbal/gharbal/fingerprint/pdq"
	"github.com/gharbal/gharbal/match"
	"github.com/gharbal/gharbal/match/translit"
)

var indexCommand = command{
	summary: "build, inspect, import and export indexes of banned items",
	run:     runIndex,
}

const indexUsage = `usage:
  gharbal index build  --out INDEX [flags] FILE...
  gharbal index info   INDEX
  gharbal index import --out INDEX --format hma|threatexchange [--into INDEX] [flags] LIST...
  gharbal index export --format hma|threatexchange INDEX

build reads JSON Lines items, one a line (FILE "-" is standard input):
  {"id": "unique", "label": "optional", "text": "...", "pdq": "<64 hex>",
   "image": "path", "md5": "<32 hex>", "sha256": "<64 hex>", "meta": {"k": "v"}}
"id" is required and at least one of text, pdq, image, md5, sha256. "image"
paths are relative to the JSONL file's folder; the image is decoded and its
PDQ hash, MD5 and SHA-256 are indexed (quality below 50 is an error). The
index is written atomically to INDEX. With --translit FILE, the texts long
enough for transliteration matching (match/translit) are also indexed there,
for gharbal match --translit FILE; the count of texts left out is reported
on standard error.

info prints the index's counts, parameters and versions as JSON.

import reads PDQ / MD5 / SHA-256 hash lists (docs/FORMAT.md, "Hash lists")
and writes an index of them, added to --into INDEX when given. export
writes the index's hashes as a list on standard output.

A malformed line or row is an error naming FILE:LINE; with --skip-invalid it
is reported on standard error and skipped.
`

func runIndex(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, indexUsage)
		return 2
	}
	switch args[0] {
	case "build":
		return runIndexBuild(args[1:], stdin, stderr)
	case "info":
		return runIndexInfo(args[1:], stdout, stderr)
	case "import":
		return runIndexImport(args[1:], stdin, stderr)
	case "export":
		return runIndexExport(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stderr, indexUsage)
		return 0
	}
	fmt.Fprintf(stderr, "gharbal index: unknown subcommand %q\n", args[0])
	fmt.Fprint(stderr, indexUsage)
	return 2
}

// indexFlags are the options shared by the subcommands that make an index.
type indexFlags struct {
	textThreshold, containThreshold float64
	pdqThreshold                    int
	maxIndexBytes                   int64
}

func (f *indexFlags) register(fs *flag.FlagSet) {
	fs.Float64Var(&f.textThreshold, "text-threshold", match.DefaultTextThreshold, "smallest Jaccard similarity reported as a text match")
	fs.Float64Var(&f.containThreshold, "containment-threshold", match.DefaultContainmentThreshold, "smallest containment reported as a quoted passage")
	fs.IntVar(&f.pdqThreshold, "pdq-threshold", match.DefaultPDQThreshold, "largest PDQ Hamming distance reported")
	fs.Int64Var(&f.maxIndexBytes, "max-index-bytes", 16<<30, "refuse index files larger than this")
}

func (f *indexFlags) options() []match.Option {
	return []match.Option{
		match.WithTextThreshold(f.textThreshold),
		match.WithContainmentThreshold(f.containThreshold, match.DefaultMinContainedShingles),
		match.WithPDQThreshold(f.pdqThreshold),
	}
}

// record is one JSON Lines item or query.
type record struct {
	ID     string            `json:"id"`
	Label  string            `json:"label"`
	Text   string            `json:"text"`
	PDQ    string            `json:"pdq"`
	Image  string            `json:"image"`
	MD5    string            `json:"md5"`
	SHA256 string            `json:"sha256"`
	Meta   map[string]string `json:"meta"`
}

// imageLoader decodes images referenced by records. Not safe for
// concurrent use.
type imageLoader struct {
	hasher *pdq.Hasher
	dec    imagefile.Decoder
}

func newImageLoader() *imageLoader { return &imageLoader{hasher: pdq.NewHasher()} }

// load returns the PDQ hashes (the hash, or its 8 dihedral variants when
// dihedral), and the digests of the image at path (relative to dir unless
// absolute).
func (l *imageLoader) load(dir, path string, dihedral bool) ([]pdq.Hash, imagefile.Digest, error) {
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, imagefile.Digest{}, err
	}
	defer f.Close()
	img, _, dg, err := l.dec.DecodeDigest(f)
	if err != nil {
		return nil, dg, fmt.Errorf("image %s: %w", path, err)
	}
	if dihedral {
		hs, err := match.PDQQuery(l.hasher, img, pdq.MinQuality)
		if err != nil {
			return nil, dg, fmt.Errorf("image %s: %w", path, err)
		}
		return hs, dg, nil
	}
	h, q, err := l.hasher.Sum(img)
	if err != nil {
		return nil, dg, fmt.Errorf("image %s: %w", path, err)
	}
	if q < pdq.MinQuality {
		return nil, dg, fmt.Errorf("image %s: PDQ quality %d is below %d (too flat to match)", path, q, pdq.MinQuality)
	}
	return []pdq.Hash{h}, dg, nil
}

func decodeHex(name, s string, n int) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != n {
		return nil, fmt.Errorf("%s %q is not %d hexadecimal digits", name, s, 2*n)
	}
	return b, nil
}

// toItem converts a record of the file in dir to an item.
func (l *imageLoader) toItem(r *record, dir string) (match.Item, error) {
	it := match.Item{ID: r.ID, Label: r.Label, Text: r.Text, Meta: r.Meta}
	if r.ID == "" {
		return it, errors.New(`missing "id"`)
	}
	var err error
	if it.MD5, err = decodeHex("md5", r.MD5, 16); err != nil {
		return it, err
	}
	if it.SHA256, err = decodeHex("sha256", r.SHA256, 32); err != nil {
		return it, err
	}
	if r.PDQ != "" {
		h, err := pdq.ParseHex(r.PDQ)
		if err != nil {
			return it, err
		}
		it.PDQ = append(it.PDQ, h)
	}
	if r.Image != "" {
		hs, dg, err := l.load(dir, r.Image, false)
		if err != nil {
			return it, err
		}
		it.PDQ = append(it.PDQ, hs...)
		if it.MD5 == nil {
			it.MD5 = dg.MD5[:]
		}
		if it.SHA256 == nil {
			it.SHA256 = dg.SHA256[:]
		}
	}
	if it.Text == "" && len(it.PDQ) == 0 && it.MD5 == nil && it.SHA256 == nil {
		return it, errors.New(`no signal: give "text", "pdq", "image", "md5" or "sha256"`)
	}
	return it, nil
}

// isTerminal reports whether w is a terminal (for progress output).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// openInput opens a named input; "-" is stdin. dir is the folder relative
// paths in it are resolved against.
func openInput(name string, stdin io.Reader) (io.ReadCloser, string, error) {
	if name == "-" {
		d, _ := os.Getwd()
		return io.NopCloser(stdin), d, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, "", err
	}
	return f, filepath.Dir(name), nil
}

func runIndexBuild(args []string, stdin io.Reader, stderr io.Writer) int {
	fs := newFlagSet("index build", indexUsage, stderr)
	out := fs.String("out", "", "write the index to this file (required)")
	skip := fs.Bool("skip-invalid", false, "report malformed lines on standard error and skip them")
	trOut := fs.String("translit", "", "also write a transliteration index (match/translit) of the texts to this file")
	var f indexFlags
	f.register(fs)
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	if *out == "" || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "gharbal index build: --out INDEX and at least one FILE are required")
		return 2
	}
	bld, err := match.NewBuilder(f.options()...)
	if err != nil {
		fmt.Fprintf(stderr, "gharbal index build: %v\n", err)
		return 2
	}
	var tr *translit.Index
	var trItems []match.Item
	if *trOut != "" {
		if tr, err = translit.NewIndex(); err != nil {
			fmt.Fprintf(stderr, "gharbal index build: %v\n", err)
			return 2
		}
	}
	loader := newImageLoader()
	progress := isTerminal(stderr)
	var pos []string // file:line of every item added
	seen := map[string]string{}
	// where names the item a builder error is about.
	where := func(err error) error {
		var be *match.BatchError
		if errors.As(err, &be) && be.Index < len(pos) {
			return fmt.Errorf("%s: %w", pos[be.Index], be.Err)
		}
		return err
	}
	for _, name := range fs.Args() {
		rc, dir, err := openInput(name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "gharbal index build: %v\n", err)
			return 1
		}
		lr := newLineReader(name, rc)
		for {
			line, err := lr.Next()
			if err == io.EOF {
				break
			}
			if err != nil && !errors.Is(err, errLineTooLong) {
				fmt.Fprintf(stderr, "gharbal index build: %s: %v\n", name, err)
				rc.Close()
				return 1
			}
			var it match.Item
			if err == nil {
				if len(strings.TrimSpace(string(line))) == 0 {
					continue
				}
				var r record
				if err = json.Unmarshal(line, &r); err == nil {
					it, err = loader.toItem(&r, dir)
				}
				if err == nil {
					if prev, dup := seen[it.ID]; dup {
						err = fmt.Errorf("duplicate id %q (first at %s)", it.ID, prev)
					} else {
						seen[it.ID] = lr.Pos()
					}
				}
			}
			if err != nil {
				fmt.Fprintf(stderr, "gharbal index build: %s: %v\n", lr.Pos(), err)
				if *skip {
					continue
				}
				rc.Close()
				return 1
			}
			pos = append(pos, lr.Pos())
			if tr != nil && it.Text != "" {
				trItems = append(trItems, match.Item{ID: it.ID, Label: it.Label, Meta: it.Meta, Text: it.Text})
			}
			if err := bld.Add(it); err != nil {
				fmt.Fprintf(stderr, "gharbal index build: %v\n", where(err))
				rc.Close()
				return 1
			}
			if progress && len(pos)%10000 == 0 {
				fmt.Fprintf(stderr, "\rread %d items", len(pos))
			}
		}
		rc.Close()
	}
	ix, err := bld.Build()
	if err != nil {
		fmt.Fprintf(stderr, "gharbal index build: %v\n", where(err))
		return 1
	}
	if progress {
		fmt.Fprintf(stderr, "\rindexed %d items\n", ix.Len())
	}
	if err := ix.WriteFile(*out); err != nil {
		fmt.Fprintf(stderr, "gharbal index build: %v\n", err)
		return 1
	}
	if tr != nil {
		short, err := tr.AddUsable(trItems)
		if err != nil {
			fmt.Fprintf(stderr, "gharbal index build: --translit: %v\n", err)
			return 1
		}
		if err := tr.WriteFile(*trOut); err != nil {
			fmt.Fprintf(stderr, "gharbal index build: --translit: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "gharbal index build: --translit: %d texts indexed, %d too short for transliteration matching\n", tr.Len(), short)
	}
	return 0
}

func runIndexInfo(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("index info", indexUsage, stderr)
	maxBytes := fs.Int64("max-index-bytes", 16<<30, "refuse index files larger than this")
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "gharbal index info: want exactly one INDEX")
		return 2
	}
	ix, err := match.ReadFile(fs.Arg(0), *maxBytes)
	if err != nil {
		fmt.Fprintf(stderr, "gharbal index info: %v\n", err)
		return 1
	}
	labels := map[string]int{}
	for _, it := range ix.Items() {
		labels[it.Label]++
	}
	names := make([]string, 0, len(labels))
	for l := range labels {
		names = append(names, l)
	}
	sort.Strings(names)
	type labelCount struct {
		Label string `json:"label"`
		Items int    `json:"items"`
	}
	var lc []labelCount
	for _, l := range names {
		lc = append(lc, labelCount{l, labels[l]})
	}
	info := struct {
		Path   string       `json:"path"`
		Seq    uint64       `json:"seq"`
		Stats  match.Stats  `json:"stats"`
		Params match.Params `json:"params"`
		Labels []labelCount `json:"labels"`
	}{fs.Arg(0), ix.Seq(), ix.Stats(), ix.Params(), lc}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(info); err != nil {
		fmt.Fprintf(stderr, "gharbal index info: %v\n", err)
		return 1
	}
	return 0
}

func runIndexImport(args []string, stdin io.Reader, stderr io.Writer) int {
	fs := newFlagSet("index import", indexUsage, stderr)
	out := fs.String("out", "", "write the index to this file (required)")
	into := fs.String("into", "", "add the lists to this existing index instead of a new one")
	format := fs.String("format", "hma", "list format: hma or threatexchange")
	signal := fs.String("signal", "", "threatexchange lists: pdq or md5 (default: from the hash length)")
	label := fs.String("label", "", "label of the imported items")
	skip := fs.Bool("skip-invalid", false, "report malformed rows on standard error and skip them")
	var f indexFlags
	f.register(fs)
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	if *out == "" || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "gharbal index import: --out INDEX and at least one LIST are required")
		return 2
	}
	lf, err := match.ParseListFormat(*format)
	if err != nil {
		fmt.Fprintf(stderr, "gharbal index import: %v\n", err)
		return 2
	}
	opt := match.ListOptions{Format: lf, Label: *label, SkipInvalid: *skip}
	switch *signal {
	case "":
	case "pdq":
		opt.Signal = match.SignalPDQ
	case "md5":
		opt.Signal = match.SignalMD5
	default:
		fmt.Fprintf(stderr, "gharbal index import: unknown --signal %q (want pdq or md5)\n", *signal)
		return 2
	}
	var ix *match.Index
	if *into != "" {
		ix, err = match.ReadFile(*into, f.maxIndexBytes, f.options()...)
	} else {
		ix, err = match.NewIndex(f.options()...)
	}
	if err != nil {
		fmt.Fprintf(stderr, "gharbal index import: %v\n", err)
		return 1
	}
	for _, name := range fs.Args() {
		rc, _, err := openInput(name, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "gharbal index import: %v\n", err)
			return 1
		}
		items, bad, err := match.ReadHashList(rc, opt)
		rc.Close()
		for _, b := range bad {
			fmt.Fprintf(stderr, "gharbal index import: %s:%d: %v (skipped)\n", name, b.Line, b.Err)
		}
		if err != nil {
			var re match.RowError
			if errors.As(err, &re) {
				fmt.Fprintf(stderr, "gharbal index import: %s:%d: %v\n", name, re.Line, re.Err)
			} else {
				fmt.Fprintf(stderr, "gharbal index import: %s: %v\n", name, err)
			}
			return 1
		}
		if err := ix.AddBatch(items); err != nil {
			fmt.Fprintf(stderr, "gharbal index import: %s: %v\n", name, err)
			return 1
		}
	}
	if err := ix.WriteFile(*out); err != nil {
		fmt.Fprintf(stderr, "gharbal index import: %v\n", err)
		return 1
	}
	return 0
}

func runIndexExport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("index export", indexUsage, stderr)
	format := fs.String("format", "hma", "list format: hma or threatexchange")
	maxBytes := fs.Int64("max-index-bytes", 16<<30, "refuse index files larger than this")
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "gharbal index export: want exactly one INDEX")
		return 2
	}
	lf, err := match.ParseListFormat(*format)
	if err != nil {
		fmt.Fprintf(stderr, "gharbal index export: %v\n", err)
		return 2
	}
	ix, err := match.ReadFile(fs.Arg(0), *maxBytes)
	if err != nil {
		fmt.Fprintf(stderr, "gharbal index export: %v\n", err)
		return 1
	}
	if err := match.WriteHashList(stdout, lf, ix.Items()); err != nil {
		fmt.Fprintf(stderr, "gharbal index export: %v\n", err)
		return 1
	}
	return 0
}
