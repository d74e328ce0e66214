package imagefile

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"image"
	"io"
)

// Digest holds the cryptographic hashes of a file's raw bytes, which hash
// lists (GIFCT, TCAP, NCMEC, ThreatExchange) carry beside PDQ to find exact
// copies. MD5 is included for compatibility with those lists only; it is
// not collision resistant.
type Digest struct {
	MD5    [md5.Size]byte
	SHA256 [sha256.Size]byte
	Size   int64 // number of bytes hashed
}

// MD5Hex returns the MD5 as 32 lower-case hex digits.
func (d Digest) MD5Hex() string { return hex.EncodeToString(d.MD5[:]) }

// SHA256Hex returns the SHA-256 as 64 lower-case hex digits.
func (d Digest) SHA256Hex() string { return hex.EncodeToString(d.SHA256[:]) }

// DigestBytes returns the Digest of b.
func DigestBytes(b []byte) Digest {
	return Digest{MD5: md5.Sum(b), SHA256: sha256.Sum256(b), Size: int64(len(b))}
}

// digester computes MD5 and SHA-256 in one pass.
type digester struct {
	md5, sha hash.Hash
	n        int64
}

func newDigester() *digester { return &digester{md5: md5.New(), sha: sha256.New()} }

func (d *digester) Write(p []byte) (int, error) {
	d.md5.Write(p)
	d.sha.Write(p)
	d.n += int64(len(p))
	return len(p), nil
}

func (d *digester) sum() Digest {
	var out Digest
	d.md5.Sum(out.MD5[:0])
	d.sha.Sum(out.SHA256[:0])
	out.Size = d.n
	return out
}

// DigestReader returns the Digest of everything in r, reading at most
// maxBytes bytes (0 means DefaultMaxBytes, negative no limit); a longer
// input is ErrTooLarge.
func DigestReader(r io.Reader, maxBytes int64) (Digest, error) {
	if maxBytes == 0 {
		maxBytes = DefaultMaxBytes
	}
	d := newDigester()
	if _, err := io.Copy(d, &limitReader{r: r, n: maxBytes}); err != nil {
		return Digest{}, err
	}
	return d.sum(), nil
}

// DecodeDigest decodes the image in r as Decode does and returns the Digest
// of all of r's bytes, reading r to its end (at most MaxBytes bytes in all,
// ErrTooLarge otherwise) in one pass: the bytes are not held in memory. On a
// decoding error the image and digest are zero.
func (d Decoder) DecodeDigest(r io.Reader) (image.Image, string, Digest, error) {
	dg := newDigester()
	lr := &limitReader{r: r, n: d.maxBytes()}
	tee := io.TeeReader(lr, dg)
	img, name, err := d.decode(tee, lr)
	if err != nil {
		return nil, name, Digest{}, err
	}
	if _, err := io.Copy(io.Discard, tee); err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, name, Digest{}, fmt.Errorf("%s: %w", name, ErrTooLarge)
		}
		return nil, name, Digest{}, err
	}
	return img, name, dg.sum(), nil
}
