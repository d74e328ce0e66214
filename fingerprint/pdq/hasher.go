package pdq

import (
	"errors"
	"fmt"
	"image"
	"math"
	"sync"
)

// Sentinel errors returned (possibly wrapped) by the hashing functions.
var (
	// ErrTooSmall reports an image narrower or shorter than 5 pixels (or a
	// nil image), which the reference cannot hash (it returns the zero hash
	// with quality 0).
	ErrTooSmall = errors.New("pdq: image smaller than 5x5 pixels")
	// ErrTooLarge reports an image whose working buffers would exceed 1 GiB
	// (more than about 34 gigapixels); decoders never produce one.
	ErrTooLarge = errors.New("pdq: image too large to hash")
	// ErrInvalidLuma reports a luma slice whose length is not width*height,
	// or that holds a value that is not finite or exceeds MaxLuma in
	// magnitude.
	ErrInvalidLuma = errors.New("pdq: invalid luma")
)

// errNilImage is returned for a nil image, which has no pixels.
var errNilImage = fmt.Errorf("%w: nil image", ErrTooSmall)

// MinDim is the smallest width and height the reference hashes.
const MinDim = 5

// MaxLuma bounds the magnitude of the values SumLuma and DihedralLuma
// accept. Luma computed from 8-bit channels is in 0..255.
const MaxLuma = 1 << 20

// Mode selects which reference behaviour a Hasher reproduces.
type Mode uint8

const (
	// FullResolution hashes the image at its own size, as Meta's hashing
	// library, HMA, python-threatexchange and the Java port do. The hashes
	// exchanged through ThreatExchange and HMA are of this kind. It is the
	// default (the zero Mode).
	FullResolution Mode = iota
	// Squash512 first resizes any image wider or taller than 512 pixels to
	// exactly 512x512 by nearest-neighbour sampling (source pixel
	// floor(x*W/512), aspect ratio not kept), as the reference command
	// pdq-photo-hasher does through CImg. Images with both sides <= 512 are
	// hashed unchanged. Hashes differ from FullResolution ones by a few bits.
	// (The command decodes through ImageMagick, which reads an image whose
	// pixels are all grey as greyscale, luma = grey level; this package
	// applies the grey path only to grey image types. The difference moves
	// some DCT values but no hash in the reference test set.)
	Squash512
)

// String returns "full-resolution" or "squash-512".
func (m Mode) String() string {
	switch m {
	case FullResolution:
		return "full-resolution"
	case Squash512:
		return "squash-512"
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}

// Option configures a Hasher. Options are applied once, by NewHasher.
type Option func(*Hasher)

// WithMode selects the reference behaviour to reproduce (default
// FullResolution). NewHasher panics if m is not one of the declared Modes:
// that is a programming error, not a property of any input.
func WithMode(m Mode) Option {
	return func(h *Hasher) { h.mode = m }
}

// Orientation names one of the eight dihedral variants returned by
// Dihedral, in the reference implementation's order (its index into the
// returned array).
type Orientation uint8

const (
	Original   Orientation = iota // the image as given
	Rotate90                      // rotated 90 degrees counter-clockwise
	Rotate180                     // rotated 180 degrees
	Rotate270                     // rotated 270 degrees counter-clockwise
	FlipX                         // top and bottom swapped
	FlipY                         // left and right swapped (mirrored)
	FlipPlus1                     // transposed about the main diagonal
	FlipMinus1                    // transposed about the anti-diagonal
)

var orientationNames = [8]string{"original", "rotate90", "rotate180", "rotate270", "flipx", "flipy", "flipplus1", "flipminus1"}

// String returns the lower-case name of o, such as "rotate90".
func (o Orientation) String() string {
	if int(o) < len(orientationNames) {
		return orientationNames[o]
	}
	return fmt.Sprintf("Orientation(%d)", uint8(o))
}

// Hasher computes PDQ hashes, reusing its buffers from one image to the
// next: after the first image of a given width, hashing allocates nothing.
// Its working memory is about (height/128 + 6) x width x 4 bytes, far less
// than the image itself (about 0.5 MB for a 12-megapixel photo); buffers
// over 32 MiB (only for images hundreds of thousands of pixels wide) are
// released after use.
//
// A Hasher is not safe for concurrent use: use one per goroutine, or the
// package-level Sum and Dihedral, which draw Hashers from a pool. The zero
// Hasher is not usable; call NewHasher.
type Hasher struct {
	mode Mode
	src  source
	st   stream
	dct  dctState
}

// NewHasher returns a Hasher configured by opts. It panics on an invalid
// Mode (see WithMode).
func NewHasher(opts ...Option) *Hasher {
	h := &Hasher{}
	for _, o := range opts {
		o(h)
	}
	if h.mode != FullResolution && h.mode != Squash512 {
		panic(fmt.Sprintf("pdq: NewHasher: invalid %v", h.mode))
	}
	return h
}

// Mode returns the Mode the Hasher was built with.
func (h *Hasher) Mode() Mode { return h.mode }

// Sum returns the PDQ hash of img and its quality, 0..100 (see MinQuality).
// It reads img's pixels within img.Bounds() and never modifies img.
//
// Luma follows the reference: for *image.Gray and *image.Gray16 images
// (and any image whose ColorModel is color.GrayModel or color.Gray16Model)
// the 8-bit grey level is the luma; otherwise luma is
// 0.299 R + 0.587 G + 0.114 B in float32 over the image's non-premultiplied
// 8-bit R, G, B (16-bit channels use their high byte; alpha is ignored, as
// the reference drops it). Images narrower or shorter than MinDim return
// ErrTooSmall (in Squash512 mode, after the resize: the reference command
// squashes even a 600x3 image to 512x512); ErrTooLarge is returned for
// bounds whose working buffers would exceed 1 GiB. On error the hash is
// zero.
//
// As in the reference library, a 64x64 image (after the Squash512 resize,
// if any) is used directly without the blur; Dihedral blurs it as its
// reference entry point does, so for 64x64 images only Sum(img) and
// Dihedral(img)[Original] may differ slightly.
func (h *Hasher) Sum(img image.Image) (Hash, int, error) {
	if img == nil {
		return Hash{}, 0, errNilImage
	}
	if err := h.src.setImage(img, h.mode); err != nil {
		return Hash{}, 0, err
	}
	defer h.src.release()
	return h.sum()
}

// Dihedral returns the hashes of the eight dihedral variants of img (index
// with Orientation; [Original] is img's own hash) and img's quality. They
// are computed from one DCT, as the reference's
// pdqDihedralHash256esFromFloatLuma does; each is close to, but not always
// equal to, the hash of the correspondingly rotated or flipped image.
// Querying with all eight finds rotated, mirrored and EXIF-reoriented copies.
func (h *Hasher) Dihedral(img image.Image) ([8]Hash, int, error) {
	if img == nil {
		return [8]Hash{}, 0, errNilImage
	}
	if err := h.src.setImage(img, h.mode); err != nil {
		return [8]Hash{}, 0, err
	}
	defer h.src.release()
	return h.dihedral()
}

// SumLuma hashes a caller-computed luma plane: width*height float32 values
// in row-major order, as the reference's pdqHash256FromFloatLuma takes
// (that function overwrites its input; SumLuma does not modify luma). Use
// it with a decoder that reproduces another system's pixels exactly. The
// Hasher's Mode applies. Values must be finite with magnitude at most
// MaxLuma (ErrInvalidLuma).
func (h *Hasher) SumLuma(luma []float32, width, height int) (Hash, int, error) {
	if err := h.src.setLuma(luma, width, height, h.mode); err != nil {
		return Hash{}, 0, err
	}
	defer h.src.release()
	return h.sum()
}

// DihedralLuma is Dihedral for a caller-computed luma plane (see SumLuma).
func (h *Hasher) DihedralLuma(luma []float32, width, height int) ([8]Hash, int, error) {
	if err := h.src.setLuma(luma, width, height, h.mode); err != nil {
		return [8]Hash{}, 0, err
	}
	defer h.src.release()
	return h.dihedral()
}

// maxRetained bounds the working memory a Hasher keeps between images: a
// very wide outlier image must not pin its buffers in a pooled Hasher.
const maxRetained = 32 << 20

// trim drops the working buffers if they exceed maxRetained bytes.
func (h *Hasher) trim() {
	n := cap(h.st.cb1.ring) + cap(h.st.cb1.sums) + cap(h.st.cb2.ring) + cap(h.st.r1out[0]) + cap(h.st.r1out[1]) +
		cap(h.st.sums2[0]) + cap(h.st.sums2[1]) + cap(h.st.luma[0]) + cap(h.st.luma[1]) + cap(h.src.full)
	if 4*n > maxRetained {
		h.st = stream{}
		h.src.full = nil
	}
}

func (h *Hasher) sum() (Hash, int, error) {
	defer h.trim()
	if err := h.downsample(true); err != nil {
		return Hash{}, 0, err
	}
	q := quality(&h.dct.a)
	h.dct.transform()
	var out Hash
	toBits(&h.dct.b, &out)
	return out, q, nil
}

func (h *Hasher) dihedral() ([8]Hash, int, error) {
	defer h.trim()
	var out [8]Hash
	if err := h.downsample(false); err != nil {
		return out, 0, err
	}
	q := quality(&h.dct.a)
	h.dct.transform()
	h.dct.dihedral(&out)
	return out, q, nil
}

// downsample fills h.dct.a with the 64x64 blurred and decimated luma.
// shortcut64 enables the reference's no-blur path for 64x64 inputs.
func (h *Hasher) downsample(shortcut64 bool) error {
	rows, cols := h.src.rows, h.src.cols
	if rows < MinDim || cols < MinDim {
		return fmt.Errorf("%w: %dx%d", ErrTooSmall, cols, rows)
	}
	if shortcut64 && rows == 64 && cols == 64 {
		h.st.luma[0] = growF(h.st.luma[0], 64)
		for i := range 64 {
			copy(h.dct.a[i][:], h.src.row(i, h.st.luma[0]))
		}
		return nil
	}
	wc := (rows + 127) / 128
	if int64(wc+6)*int64(cols) > 1<<28 {
		return fmt.Errorf("%w: %dx%d", ErrTooLarge, cols, rows)
	}
	h.st.run(&h.src, &h.dct.a)
	return nil
}

var pools = [2]sync.Pool{
	{New: func() any { return NewHasher(WithMode(FullResolution)) }},
	{New: func() any { return NewHasher(WithMode(Squash512)) }},
}

// Sum returns the full-resolution PDQ hash and quality of img using a
// pooled Hasher (see Hasher.Sum). It is safe for concurrent use.
func Sum(img image.Image) (Hash, int, error) {
	h := pools[FullResolution].Get().(*Hasher)
	defer pools[FullResolution].Put(h)
	return h.Sum(img)
}

// Dihedral returns the eight full-resolution dihedral hashes and the
// quality of img using a pooled Hasher (see Hasher.Dihedral). It is safe for
// concurrent use.
func Dihedral(img image.Image) ([8]Hash, int, error) {
	h := pools[FullResolution].Get().(*Hasher)
	defer pools[FullResolution].Put(h)
	return h.Dihedral(img)
}

// checkLuma validates a caller-supplied luma plane.
func checkLuma(luma []float32, width, height int) error {
	if width < 0 || height < 0 || int64(width)*int64(height) != int64(len(luma)) {
		return fmt.Errorf("%w: %d values for %dx%d", ErrInvalidLuma, len(luma), width, height)
	}
	for i, v := range luma {
		if !(math.Abs(float64(v)) <= MaxLuma) {
			return fmt.Errorf("%w: value %v at index %d", ErrInvalidLuma, v, i)
		}
	}
	return nil
}
