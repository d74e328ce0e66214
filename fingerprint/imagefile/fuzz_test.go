package imagefile

import (
	"bytes"
	"errors"
	"image"
	"os"
	"path/filepath"
	"testing"

	"github.com/gharbal/gharbal/fingerprint/pdq"
)

// generic hides an image's concrete type so pdq takes its generic path.
type generic struct{ image.Image }

// FuzzDecodeAndHash decodes arbitrary bytes with small limits and hashes
// what decodes. It must never panic, never return an image over the limit,
// always return a sentinel error, and the hash from pdq's fast path for the
// decoder's image type must equal the generic path's.
func FuzzDecodeAndHash(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	d := Decoder{MaxPixels: 1 << 16, MaxBytes: 1 << 16}
	f.Fuzz(func(t *testing.T, data []byte) {
		img, _, dg, err := d.DecodeDigest(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnknownFormat) &&
				!errors.Is(err, ErrTooManyPixels) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			return
		}
		if dg != DigestBytes(data) {
			t.Fatal("digest differs from DigestBytes")
		}
		b := img.Bounds()
		if int64(b.Dx())*int64(b.Dy()) > d.MaxPixels {
			t.Fatalf("decoded %v over the pixel limit", b)
		}
		h1, q1, err1 := pdq.Sum(img)
		h2, q2, err2 := pdq.Sum(generic{img})
		if (err1 == nil) != (err2 == nil) || h1 != h2 || q1 != q2 {
			t.Fatalf("%T: fast path %v %d %v, generic %v %d %v", img, h1, q1, err1, h2, q2, err2)
		}
		if err1 != nil && !errors.Is(err1, pdq.ErrTooSmall) {
			t.Fatalf("pdq.Sum(%v): %v", b, err1)
		}
	})
}
