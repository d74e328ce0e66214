// Package imagefile decodes image files of untrusted origin with limits,
// and hashes their raw bytes, for fingerprinting with package
// github.com/gharbal/gharbal/fingerprint/pdq.
//
// Supported formats are JPEG, PNG, GIF (first frame), BMP and WebP (lossy
// and lossless), recognised by their magic bytes from a fixed table: what
// other packages register with package image does not change what is
// accepted. Every decode first reads the header and rejects images of more
// than MaxPixels pixels (default DefaultMaxPixels, 50 megapixels) before
// any pixel memory is allocated, and reads at most MaxBytes bytes (default
// DefaultMaxBytes, 256 MiB). Malformed and truncated files are errors
// wrapping ErrCorrupt.
//
//	f, _ := os.Open(path)
//	img, format, digest, err := imagefile.Decoder{}.DecodeDigest(f)
//	hash, quality, err := pdq.Sum(img)
//
// # Concurrency
//
// Decoder is a value type; its methods and the package functions are safe
// for concurrent use.
//
// # Security considerations
//
// The decoders are the standard library's (image/jpeg, image/png,
// image/gif) and golang.org/x/image's (bmp, webp), so their security fixes
// arrive with Go and x/image updates: go.mod requires x/image v0.48.0;
// never go below v0.45.0, the first release with the decoder fixes this
// package was written against. The
// pixel limit bounds decoded memory at about 4 bytes (8 for 16-bit PNGs)
// per allowed pixel; the byte limit bounds the time spent on an input. A
// GIF's later frames are not decoded. Decoding does not apply EXIF
// orientation, colour profiles or gamma, as the PDQ reference does not;
// rotated copies are found with pdq.Dihedral instead.
//
// MD5 is provided only because hash lists carry it; it is not collision
// resistant. Match exact copies on SHA-256 where the list has it.
//
// # Stability
//
// Decoded pixels follow the Go decoders, which may change between Go
// versions (rarely); for JPEG they differ slightly from libjpeg-turbo's,
// which moves PDQ hashes by 0-2 bits on most photos (see package pdq).
//
// # References
//
//   - The decoders: image/jpeg, image/png, image/gif, golang.org/x/image/bmp
//     and golang.org/x/image/webp; image.DecodeConfig's documentation on
//     bounding allocations by the header.
//   - Hash lists carrying MD5 and SHA-256 beside PDQ: Tech Against
//     Terrorism's TCAP hash list (MD5, SHA-256, SHA-512, PDQ), GIFCT's
//     hash-sharing database (PDQ, MD5), ThreatExchange (HASH_MD5,
//     HASH_SHA256, HASH_PDQ).
package imagefile
