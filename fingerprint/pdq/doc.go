// Package pdq computes PDQ, Meta's 256-bit perceptual image hash, bit for
// bit as Meta's reference implementation does, so that hashes computed here
// match hashes exchanged through ThreatExchange, HMA, GIFCT's hash-sharing
// database and Tech Against Terrorism's TCAP.
//
// A hash comes with a quality, 0..100: hashes of quality below MinQuality
// come from flat images and should be neither indexed nor queried. Two
// hashes match when their Hamming distance is at most MatchThreshold:
//
//	h, q, err := pdq.Sum(img)
//	if err == nil && q >= pdq.MinQuality && h.Distance(known) <= pdq.MatchThreshold { ... }
//
// The algorithm (pdq/cpp/hashing/pdqhashing.cpp): float32 luma; a tent blur
// made of two passes of box filters along rows and columns, window
// ceil(side/128); centre sampling to 64x64; a quality metric from the
// 64x64's gradients; the 16x16 low-frequency block of a 64-point DCT-II;
// bit k = 16i+j set when coefficient (i, j) exceeds the median. Every
// float32 operation is done in the reference's order, with explicit
// conversions that forbid fused multiply-adds (which Go may otherwise use
// on arm64, ppc64le, s390x and amd64 v3), so results do not depend on the
// architecture.
//
// Two reference behaviours exist. Meta's library, HMA, python-threatexchange
// and the Java port hash the full-resolution image (FullResolution, the
// default, and what Sum does). The reference command pdq-photo-hasher first
// squashes any image larger than 512 pixels in either direction to 512x512
// (Squash512). The two differ by a few bits on large images.
//
// Decoding is not part of this package (see package
// github.com/gharbal/gharbal/fingerprint/imagefile, which bounds pixels and
// bytes). Hashes of JPEG files depend on the decoder: Go's image/jpeg and
// libjpeg-turbo produce slightly different pixels, which moves hashes by
// 0-2 bits typically. PNG and other lossless inputs hash exactly as the
// reference. Hasher.SumLuma accepts luma from any decoder.
//
// # Concurrency
//
// Sum and Dihedral are safe for concurrent use (they draw Hashers from a
// sync.Pool). A Hasher is not: use one per goroutine. Hash is a value.
//
// # Stability
//
// Hashes are specified by the reference implementation and never change on
// purpose; Version is bumped if a fix changes any output, and golden tests
// in testdata/ pin the outputs of each version. The hexadecimal form
// (String, ParseHex) is the reference's: 64 lower-case hex digits, the
// reference's 16-bit word 15 first.
//
// # Security considerations
//
// Hashing reads every pixel once and allocates working memory of about
// (height/128 + 6) * width * 4 bytes, a small fraction of the decoded image
// (ErrTooLarge beyond 1 GiB). The cost of hashing is linear in the pixel
// count, so bound the pixel count of untrusted images when decoding them
// (package imagefile does). Hashing never panics on pixel content; like
// the images' own At methods, it may panic on a malformed image value
// (a Pix slice shorter than its Rect and Stride require), which decoders
// and the image.NewXxx constructors never produce. PDQ is
// not a cryptographic hash: an adversary can alter an image to move its
// hash or to collide with a given hash; use it to find near-copies of known
// material, with MD5/SHA-256 of the file bytes for exact copies.
//
// # References
//
//   - Meta, "The TMK+PDQF and PDQ hashing algorithms" (hashing.pdf) and the
//     reference implementation, https://github.com/facebook/ThreatExchange
//     (pdq/cpp), BSD licence; this package was written from its
//     specification and checked against its outputs (testdata/README.md).
//   - Torben Mogensen's median algorithm, implementation by N. Devillard
//     (public domain), as used by the reference for the threshold.
//   - Christoph Zauner, "Implementation and Benchmarking of Perceptual Image
//     Hash Functions", 2010 (the DCT formulation).
package pdq
