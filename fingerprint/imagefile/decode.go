package imagefile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"strings"

	"golang.org/x/image/bmp"
	"golang.org/x/image/webp"
)

// DefaultMaxPixels is the pixel limit used when none is given: 50
// megapixels, so a 48-megapixel phone photo passes; about 200 MB decoded as
// RGBA, 75 MB as 4:2:0 YCbCr.
const DefaultMaxPixels = 50_000_000

// DefaultMaxBytes is the file size limit used when none is given: 256 MiB.
const DefaultMaxBytes = 256 << 20

// Sentinel errors. Errors returned by this package wrap one of them (and,
// for ErrCorrupt, the decoder's own error as well).
var (
	// ErrUnknownFormat: the data is not JPEG, PNG, GIF, BMP or WebP.
	ErrUnknownFormat = errors.New("imagefile: unknown image format")
	// ErrTooManyPixels: the header declares more pixels than the limit.
	ErrTooManyPixels = errors.New("imagefile: image exceeds the pixel limit")
	// ErrTooLarge: the input is longer than the byte limit.
	ErrTooLarge = errors.New("imagefile: input exceeds the byte limit")
	// ErrCorrupt: the decoder rejected the data (malformed or truncated
	// file, zero width or height, unsupported variant).
	ErrCorrupt = errors.New("imagefile: corrupt or unsupported image")
)

// format is one supported file format, recognised by its magic bytes ('?'
// matches any byte).
type format struct {
	name         string
	magic        string
	decode       func(io.Reader) (image.Image, error)
	decodeConfig func(io.Reader) (image.Config, error)
}

// formats is a fixed table: decoding does not depend on which formats other
// packages registered with package image.
var formats = []format{
	{"jpeg", "\xff\xd8", jpeg.Decode, jpeg.DecodeConfig},
	{"png", "\x89PNG\r\n\x1a\n", png.Decode, png.DecodeConfig},
	{"gif", "GIF87a", gif.Decode, gif.DecodeConfig},
	{"gif", "GIF89a", gif.Decode, gif.DecodeConfig},
	{"bmp", "BM????\x00\x00\x00\x00", bmp.Decode, bmp.DecodeConfig},
	{"webp", "RIFF????WEBPVP8", webp.Decode, webp.DecodeConfig},
}

// Formats lists the names of the supported formats, as returned by Decode.
func Formats() []string { return []string{"jpeg", "png", "gif", "bmp", "webp"} }

func sniff(b []byte) *format {
	for i := range formats {
		f := &formats[i]
		if len(b) < len(f.magic) {
			continue
		}
		ok := true
		for j := 0; j < len(f.magic) && ok; j++ {
			ok = f.magic[j] == '?' || f.magic[j] == b[j]
		}
		if ok {
			return f
		}
	}
	return nil
}

// Decoder decodes images with limits. The zero Decoder uses
// DefaultMaxPixels and DefaultMaxBytes. A Decoder is a value and safe for
// concurrent use.
type Decoder struct {
	// MaxPixels bounds width*height as declared by the header, checked
	// before any pixel is decoded; 0 means DefaultMaxPixels, a negative
	// value means no limit.
	MaxPixels int64
	// MaxBytes bounds the number of bytes read from the input; 0 means
	// DefaultMaxBytes, a negative value means no limit.
	MaxBytes int64
}

func (d Decoder) maxPixels() int64 {
	if d.MaxPixels == 0 {
		return DefaultMaxPixels
	}
	return d.MaxPixels
}

func (d Decoder) maxBytes() int64 {
	if d.MaxBytes == 0 {
		return DefaultMaxBytes
	}
	return d.MaxBytes
}

// Decode decodes one image from r: JPEG, PNG, GIF (the first frame), BMP or
// WebP, recognised by its content, not by any name. It first decodes the
// header and returns ErrTooManyPixels if width*height exceeds MaxPixels,
// so a decompression bomb or an absurd header costs no memory. It returns
// ErrTooLarge if r holds more than MaxBytes bytes before the image ends,
// ErrUnknownFormat, or ErrCorrupt (wrapping the decoder's error) for a
// malformed or truncated file. The string is the format name ("jpeg",
// "png", "gif", "bmp", "webp").
//
// Decode reads r only as far as the decoder needs; it does not apply EXIF
// orientation (neither does the PDQ reference).
func (d Decoder) Decode(r io.Reader) (image.Image, string, error) {
	lr := &limitReader{r: r, n: d.maxBytes()}
	return d.decode(lr, lr)
}

// decode decodes from r, which reads through lr (or is lr), so that a
// decoder error caused by the byte limit is reported as ErrTooLarge
// whatever the decoder made of it.
func (d Decoder) decode(r io.Reader, lr *limitReader) (image.Image, string, error) {
	br := bufio.NewReaderSize(r, 4096)
	head, err := br.Peek(16)
	if len(head) == 0 && err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, "", err
		}
		if err == io.EOF {
			return nil, "", fmt.Errorf("%w: empty input", ErrUnknownFormat)
		}
		return nil, "", err
	}
	f := sniff(head)
	if f == nil {
		return nil, "", ErrUnknownFormat
	}
	// Decode the header while recording the bytes it consumes, then decode
	// the image from the recording followed by the rest of the input.
	rec := &recorder{r: br}
	cfg, err := f.decodeConfig(rec)
	if err != nil {
		return nil, f.name, decodeError(f.name, err, lr)
	}
	if err := checkSize(cfg.Width, cfg.Height, d.maxPixels()); err != nil {
		return nil, f.name, fmt.Errorf("%s: %w", f.name, err)
	}
	img, err := f.decode(io.MultiReader(bytes.NewReader(rec.buf), br))
	if err != nil {
		return nil, f.name, decodeError(f.name, err, lr)
	}
	b := img.Bounds()
	if err := checkSize(b.Dx(), b.Dy(), d.maxPixels()); err != nil {
		return nil, f.name, fmt.Errorf("%s: decoded %w", f.name, err)
	}
	return img, f.name, nil
}

// DecodeConfig returns the format and dimensions declared by the header of
// the image in r, reading only the header (up to MaxBytes). It does not
// apply the pixel limit; Decode does.
func (d Decoder) DecodeConfig(r io.Reader) (image.Config, string, error) {
	lr := &limitReader{r: r, n: d.maxBytes()}
	br := bufio.NewReaderSize(lr, 4096)
	head, _ := br.Peek(16)
	f := sniff(head)
	if f == nil {
		return image.Config{}, "", ErrUnknownFormat
	}
	cfg, err := f.decodeConfig(br)
	if err != nil {
		return image.Config{}, f.name, decodeError(f.name, err, lr)
	}
	return cfg, f.name, nil
}

// Decode decodes one image from r with the given pixel limit (0 means
// DefaultMaxPixels, negative no limit) and DefaultMaxBytes; see
// Decoder.Decode. It is safe for concurrent use.
func Decode(r io.Reader, maxPixels int) (image.Image, string, error) {
	return Decoder{MaxPixels: int64(maxPixels)}.Decode(r)
}

func checkSize(w, h int, maxPixels int64) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("%w: %dx%d pixels", ErrCorrupt, w, h)
	}
	if maxPixels >= 0 && int64(w)*int64(h) > maxPixels {
		return fmt.Errorf("%w: %dx%d is more than %d pixels", ErrTooManyPixels, w, h, maxPixels)
	}
	return nil
}

func decodeError(name string, err error, lr *limitReader) error {
	if errors.Is(err, ErrTooLarge) || (lr != nil && lr.exceeded) {
		return fmt.Errorf("%s: %w", name, ErrTooLarge)
	}
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	if strings.HasPrefix(err.Error(), name+":") {
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return fmt.Errorf("%w: %s: %w", ErrCorrupt, name, err)
}

// limitReader returns ErrTooLarge once more than n bytes are requested
// beyond the first n (n < 0: unlimited).
type limitReader struct {
	r        io.Reader
	n        int64
	exceeded bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return l.r.Read(p)
	}
	if l.n == 0 {
		// Tell a true end of input from an over-long one.
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			l.exceeded = true
			return 0, ErrTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// recorder keeps a copy of everything read through it.
type recorder struct {
	r   io.Reader
	buf []byte
}

func (r *recorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.buf = append(r.buf, p[:n]...)
	return n, err
}
