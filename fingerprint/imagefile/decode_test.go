package imagefile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/gif"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
)

var sampleFormats = map[string]string{
	"sample.png": "png", "sample.jpg": "jpeg", "sample.gif": "gif", "sample.bmp": "bmp", "sample.webp": "webp",
}

func TestDecodeFormats(t *testing.T) {
	for name, want := range sampleFormats {
		data := readSample(t, name)
		// One byte at a time, as a slow network reader would deliver it.
		img, format, err := Decoder{}.Decode(iotest.OneByteReader(bytes.NewReader(data)))
		if err != nil {
			t.Errorf("Decode(%s) error %v", name, err)
			continue
		}
		if format != want {
			t.Errorf("Decode(%s) format %q, want %q", name, format, want)
		}
		if b := img.Bounds(); b.Dx() != 96 || b.Dy() != 64 {
			t.Errorf("Decode(%s) bounds %v, want 96x64", name, b)
		}
		cfg, format, err := Decoder{}.DecodeConfig(bytes.NewReader(data))
		if err != nil || format != want || cfg.Width != 96 || cfg.Height != 64 {
			t.Errorf("DecodeConfig(%s) = %+v %q %v", name, cfg, format, err)
		}
	}
}

// TestDecodeWebPPixels checks the hand-made lossless WebP decodes to the
// colours it encodes.
func TestDecodeWebPPixels(t *testing.T) {
	img, _, err := Decode(bytes.NewReader(readSample(t, "sample.webp")), 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bb, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, bb >> 8}] = true
		}
	}
	if len(seen) != 2 || !seen[[3]uint32{100, 40, 60}] || !seen[[3]uint32{100, 220, 60}] {
		t.Errorf("WebP colours %v, want (100,40,60) and (100,220,60)", seen)
	}
}

func TestGIFFirstFrame(t *testing.T) {
	data := readSample(t, "sample.gif")
	all, err := gif.DecodeAll(bytes.NewReader(data))
	if err != nil || len(all.Image) != 2 {
		t.Fatalf("sample.gif: %v, %d frames", err, len(all.Image))
	}
	img, _, err := Decode(bytes.NewReader(data), 0)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := img.(*image.Paletted)
	if !ok || !bytes.Equal(p.Pix, all.Image[0].Pix) || bytes.Equal(p.Pix, all.Image[1].Pix) {
		t.Error("Decode(gif) did not return the first frame")
	}
}

func TestPixelLimit(t *testing.T) {
	data := readSample(t, "sample.png")
	if _, _, err := Decode(bytes.NewReader(data), 96*64); err != nil {
		t.Errorf("limit = pixels: %v", err)
	}
	for name := range sampleFormats {
		_, _, err := Decode(bytes.NewReader(readSample(t, name)), 96*64-1)
		if !errors.Is(err, ErrTooManyPixels) {
			t.Errorf("%s at limit-1: error %v, want ErrTooManyPixels", name, err)
		}
	}
	if _, _, err := (Decoder{MaxPixels: -1}).Decode(bytes.NewReader(data)); err != nil {
		t.Errorf("no limit: %v", err)
	}
}

// pngHeader returns a PNG signature and IHDR chunk for a w x h 8-bit RGBA
// image, followed by nothing: a decoder that trusted it would allocate
// w*h*4 bytes.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 17)
	copy(ihdr, "IHDR")
	binary.BigEndian.PutUint32(ihdr[4:], w)
	binary.BigEndian.PutUint32(ihdr[8:], h)
	ihdr[12], ihdr[13] = 8, 6
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(ihdr)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(ihdr))
	return b.Bytes()
}

// TestDecompressionBombs checks absurd headers are rejected from the header.
func TestDecompressionBombs(t *testing.T) {
	// (With 32-bit ints, image/png itself rejects the size: ErrCorrupt.)
	if _, _, err := Decode(bytes.NewReader(pngHeader(100000, 100000)), 0); !errors.Is(err, ErrTooManyPixels) &&
		!(strconv.IntSize == 32 && errors.Is(err, ErrCorrupt)) {
		t.Errorf("PNG 100000x100000: error %v, want ErrTooManyPixels", err)
	}
	// A JPEG whose SOF declares 65000x65000: patch the sample's frame header.
	jpg := bytes.Clone(readSample(t, "sample.jpg"))
	i := bytes.Index(jpg, []byte{0xff, 0xc0})
	if i < 0 {
		t.Fatal("no SOF0 in sample.jpg")
	}
	binary.BigEndian.PutUint16(jpg[i+5:], 65000)
	binary.BigEndian.PutUint16(jpg[i+7:], 65000)
	if _, _, err := Decode(bytes.NewReader(jpg), 0); !errors.Is(err, ErrTooManyPixels) {
		t.Errorf("JPEG 65000x65000: error %v, want ErrTooManyPixels", err)
	}
	// A GIF whose logical screen is 65535x65535.
	g := bytes.Clone(readSample(t, "sample.gif"))
	binary.LittleEndian.PutUint16(g[6:], 65535)
	binary.LittleEndian.PutUint16(g[8:], 65535)
	if _, _, err := Decode(bytes.NewReader(g), 0); !errors.Is(err, ErrTooManyPixels) {
		t.Errorf("GIF 65535x65535: error %v, want ErrTooManyPixels", err)
	}
	// A BMP of 2^31-1 x 2^31-1.
	bm := bytes.Clone(readSample(t, "sample.bmp"))
	binary.LittleEndian.PutUint32(bm[18:], 1<<31-1)
	binary.LittleEndian.PutUint32(bm[22:], 1<<31-1)
	if _, _, err := Decode(bytes.NewReader(bm), 0); err == nil {
		t.Error("BMP 2^31-1 squared: no error")
	}
	// A WebP of 16384x16384 (the VP8L maximum): the sample's header with
	// its size fields (14 bits each after the signature byte) set to all
	// ones, and nothing after.
	wp := bytes.Clone(readSample(t, "sample.webp"))[:21+5]
	wp[21], wp[22], wp[23], wp[24] = 0xff, 0xff, 0xff, wp[24]|0x0f
	binary.LittleEndian.PutUint32(wp[4:], uint32(len(wp)-8))
	binary.LittleEndian.PutUint32(wp[16:], 5)
	if cfg, _, err := (Decoder{}).DecodeConfig(bytes.NewReader(wp)); err != nil || cfg.Width != 16384 || cfg.Height != 16384 {
		t.Fatalf("patched WebP header: %+v, %v", cfg, err)
	}
	if _, _, err := Decode(bytes.NewReader(wp), 0); !errors.Is(err, ErrTooManyPixels) {
		t.Errorf("WebP 16384x16384: error %v, want ErrTooManyPixels", err)
	}
}

// TestTruncated checks every proper prefix of every sample is an error
// (never a panic), except GIF prefixes that hold the whole first frame and
// the WebP without its final padding byte.
func TestTruncated(t *testing.T) {
	for name := range sampleFormats {
		data := readSample(t, name)
		// About 200 prefixes per file, always including the last ones.
		step := max(1, len(data)/200)
		for n := len(data) - 1; n >= 0; n -= step {
			_, _, err := Decode(bytes.NewReader(data[:n]), 0)
			if err == nil {
				if name == "sample.gif" {
					continue // the first frame may end before the file does
				}
				if name == "sample.webp" && n == len(data)-1 {
					continue // the RIFF padding byte after an odd-sized chunk
				}
				t.Errorf("%s truncated to %d of %d bytes: no error", name, n, len(data))
				continue
			}
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnknownFormat) {
				t.Errorf("%s truncated to %d: error %v, want ErrCorrupt or ErrUnknownFormat", name, n, err)
			}
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	for _, in := range []string{"", "hello, world", "GIF8", "RIFF\x00\x00\x00\x00WAVEfmt "} {
		if _, _, err := Decode(strings.NewReader(in), 0); !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("Decode(%q) error %v, want ErrUnknownFormat", in, err)
		}
	}
}

func TestByteLimit(t *testing.T) {
	data := readSample(t, "sample.png")
	n := int64(len(data))
	if _, _, err := (Decoder{MaxBytes: n}).Decode(bytes.NewReader(data)); err != nil {
		t.Errorf("limit = size: %v", err)
	}
	if _, _, err := (Decoder{MaxBytes: n - 10}).Decode(bytes.NewReader(data)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("limit = size-10: error %v, want ErrTooLarge", err)
	}
	// Trailing bytes beyond the limit: DecodeDigest reads them and fails.
	withTail := append(bytes.Clone(data), make([]byte, 100)...)
	if _, _, _, err := (Decoder{MaxBytes: n + 50}).DecodeDigest(bytes.NewReader(withTail)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("DecodeDigest with tail over the limit: error %v, want ErrTooLarge", err)
	}
}

func TestDigest(t *testing.T) {
	d := DigestBytes([]byte("abc"))
	if d.MD5Hex() != "900150983cd24fb0d6963f7d28e17f72" ||
		d.SHA256Hex() != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" || d.Size != 3 {
		t.Errorf("DigestBytes(abc) = %s %s %d", d.MD5Hex(), d.SHA256Hex(), d.Size)
	}
	for name := range sampleFormats {
		data := append(readSample(t, name), "trailing bytes after the image"...)
		img, _, got, err := Decoder{}.DecodeDigest(iotest.HalfReader(bytes.NewReader(data)))
		if err != nil || img == nil {
			t.Errorf("DecodeDigest(%s) error %v", name, err)
			continue
		}
		if want := DigestBytes(data); got != want {
			t.Errorf("DecodeDigest(%s) digest %s, want the whole input's %s", name, got.SHA256Hex(), want.SHA256Hex())
		}
		r, err := DigestReader(bytes.NewReader(data), 0)
		if err != nil || r != DigestBytes(data) {
			t.Errorf("DigestReader(%s) = %v, %v", name, r, err)
		}
	}
	if _, err := DigestReader(bytes.NewReader(make([]byte, 100)), 99); !errors.Is(err, ErrTooLarge) {
		t.Errorf("DigestReader over the limit: error %v, want ErrTooLarge", err)
	}
	if _, _, _, err := (Decoder{}).DecodeDigest(strings.NewReader("not an image")); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("DecodeDigest(text) error %v", err)
	}
}

func TestReadError(t *testing.T) {
	boom := errors.New("boom")
	data := readSample(t, "sample.png")
	r := io.MultiReader(bytes.NewReader(data[:100]), iotest.ErrReader(boom))
	if _, _, err := Decode(r, 0); !errors.Is(err, boom) {
		t.Errorf("Decode with a failing reader: error %v, want it wrapped", err)
	}
}

// TestConcurrentDecode runs decoders from several goroutines (-race).
func TestConcurrentDecode(t *testing.T) {
	var d Decoder
	var wg sync.WaitGroup
	for name := range sampleFormats {
		data := readSample(t, name)
		wg.Go(func() {
			for range 5 {
				if _, _, _, err := d.DecodeDigest(bytes.NewReader(data)); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		})
	}
	wg.Wait()
}
