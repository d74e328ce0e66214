package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/gharbal/gharbal/fingerprint/imagefile"
	"github.com/gharbal/gharbal/fingerprint/pdq"
)

var hashCommand = command{
	summary: "print PDQ, MD5 and SHA-256 of image files as JSON Lines",
	run:     runHash,
}

// hashRecord is one output line of "gharbal hash".
type hashRecord struct {
	Path     string     `json:"path"`
	PDQ      pdq.Hash   `json:"pdq"`
	Quality  int        `json:"quality"`
	MD5      string     `json:"md5"`
	SHA256   string     `json:"sha256"`
	Width    int        `json:"width"`
	Height   int        `json:"height"`
	Dihedral []pdq.Hash `json:"dihedral,omitempty"`
}

const hashUsage = `usage: gharbal hash [flags] FILE...

Prints one JSON line per image file (JPEG, PNG, GIF first frame, BMP, WebP):
  {"path", "pdq", "quality", "md5", "sha256", "width", "height"}
pdq is Meta's PDQ hash (64 hex digits, full resolution as HMA and
ThreatExchange compute it, or the reference command's 512x512 squash with
-mode squash-512); quality is 0-100 (below 50: too flat to match); md5 and
sha256 hash the file's bytes. With -dihedral, "dihedral" lists the hashes of
the 8 rotations and flips (original, rotate90, rotate180, rotate270, flipx,
flipy, flipplus1, flipminus1). FILE "-" reads standard input.

A file that cannot be read, decoded or hashed is an error naming it: the
command stops with exit status 1, unless -skip-invalid is given, in which
case it reports the file on standard error and goes on (exit status 0).
`

func runHash(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("hash", hashUsage, stderr)
	dihedral := fs.Bool("dihedral", false, "also print the 8 dihedral hashes")
	skip := fs.Bool("skip-invalid", false, "report undecodable files on stderr and go on")
	maxPixels := fs.Int64("max-pixels", imagefile.DefaultMaxPixels, "reject images with more pixels than this, from the header (negative: no limit)")
	maxBytes := fs.Int64("max-bytes", imagefile.DefaultMaxBytes, "reject files longer than this many bytes (negative: no limit)")
	mode := fs.String("mode", pdq.FullResolution.String(), "PDQ mode: full-resolution or squash-512")
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	var m pdq.Mode
	switch *mode {
	case pdq.FullResolution.String():
		m = pdq.FullResolution
	case pdq.Squash512.String():
		m = pdq.Squash512
	default:
		fmt.Fprintf(stderr, "gharbal hash: unknown -mode %q (want %v or %v)\n", *mode, pdq.FullResolution, pdq.Squash512)
		return 2
	}
	if *maxPixels == 0 || *maxBytes == 0 {
		fmt.Fprintln(stderr, "gharbal hash: -max-pixels and -max-bytes must not be 0")
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "gharbal hash: no files given")
		fs.Usage()
		return 2
	}
	h := &imageHasher{
		dec:      imagefile.Decoder{MaxPixels: *maxPixels, MaxBytes: *maxBytes},
		pdq:      pdq.NewHasher(pdq.WithMode(m)),
		dihedral: *dihedral,
		stdin:    stdin,
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	skipped := 0
	for _, path := range fs.Args() {
		rec, err := h.hash(path)
		if err != nil {
			if !*skip {
				out.Flush()
				fmt.Fprintf(stderr, "gharbal hash: %s: %v\n", path, err)
				return 1
			}
			skipped++
			fmt.Fprintf(stderr, "gharbal hash: skipped %s: %v\n", path, err)
			continue
		}
		if err := enc.Encode(rec); err != nil {
			fmt.Fprintf(stderr, "gharbal hash: %v\n", err)
			return 1
		}
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "gharbal hash: %v\n", err)
		return 1
	}
	if skipped > 0 {
		fmt.Fprintf(stderr, "gharbal hash: skipped %d of %d files\n", skipped, fs.NArg())
	}
	return 0
}

// imageHasher hashes files one after the other, reusing its PDQ buffers.
type imageHasher struct {
	dec      imagefile.Decoder
	pdq      *pdq.Hasher
	dihedral bool
	stdin    io.Reader
}

func (h *imageHasher) hash(path string) (*hashRecord, error) {
	var r io.Reader = h.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	img, _, dg, err := h.dec.DecodeDigest(r)
	if err != nil {
		return nil, err
	}
	b := img.Bounds()
	rec := &hashRecord{Path: path, MD5: dg.MD5Hex(), SHA256: dg.SHA256Hex(), Width: b.Dx(), Height: b.Dy()}
	if h.dihedral {
		d, q, err := h.pdq.Dihedral(img)
		if err != nil {
			return nil, err
		}
		rec.PDQ, rec.Quality, rec.Dihedral = d[pdq.Original], q, d[:]
	} else {
		rec.PDQ, rec.Quality, err = h.pdq.Sum(img)
		if err != nil {
			return nil, err
		}
	}
	return rec, nil
}
