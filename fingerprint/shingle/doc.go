// Package shingle turns text into sequences of hashed shingles: word n-grams
// or character n-grams of the text's normalized form, each hashed to 64 bits
// with a seeded, stable hash, together with the byte span of the ORIGINAL
// (un-normalized) input that produced it. It also selects position-robust
// subsets of a shingle sequence by winnowing.
//
// A [Shingler] is built once from a [normalize.Profile] and options, and then
// used from any goroutine:
//
//	p, _ := normalize.New(normalize.Conservative, language.Urdu)
//	sh, _ := shingle.New(p, shingle.WithKind(shingle.Words), shingle.WithN(3))
//	seq := sh.AppendShingles(nil, post)       // []Shingle, in text order
//	sel := shingle.Winnow(nil, seq, 8)        // passage fingerprints
//
// # Tokens
//
// Tokens are maximal runs of letters (\pL), combining marks (\pM) and digits
// (\pN) of the normalized text. A zero-width non-joiner or joiner (U+200C,
// U+200D) inside a run continues the word and is not part of the token bytes,
// so "می‌خواهم" and "میخواهم" are the same token. A change between an
// Arabic-script letter and a letter of another script ends a token; digits
// join the token they touch. Everything else (spaces, punctuation, symbols,
// emoji) separates tokens.
//
// Character shingles are taken over the same letters, marks and digits with
// every separator removed (the "de-spaced" text), so they survive word-boundary
// games: Urdu space omission, ZWNJ written as a space, and spaced letters
// ("b o m b") all give the same character n-grams as the plain spelling.
//
// A text with at least one token but fewer than n tokens (or characters)
// yields exactly one shingle covering all of them, so short posts still have a
// fingerprint. A text without tokens yields none.
//
// # Hashing
//
// Each word token is hashed with seeded XXH3-64 (github.com/zeebo/xxh3); an
// n-gram's hash combines its n token hashes (or its n code points) with
// XXH64-style rounds and a final avalanche. XXH3 was chosen by measurement
// (bench/cmd/fpratio, process CPU time on this project's 2-vCPU machine): on
// 6-byte tokens seeded XXH3, cespare/xxhash/v2 and hash/fnv are within 20%
// of each other (4-5 ns); on 32-byte inputs XXH3 takes 4.3 ns against 7.8 ns
// (xxhash) and 19 ns (FNV-1a), and on a 300-byte post 22 ns against 26 ns and
// 279 ns. XXH3 also takes a seed natively and mixes fully, while FNV-1a
// leaves similar tokens with similar hashes. hash/maphash is not
// used because its values differ between processes.
//
// # Offsets
//
// [Shingle.Start] and [Shingle.End] are byte offsets in the input given to
// [Shingler.AppendShingles] (or written to a [Hasher]), computed from
// [normalize.Profile.AppendOffsets]. The span starts at the first input byte
// of the first token (or character) and ends after the last input rune of the
// last one, including combining marks and tatweel that follow it. Inputs
// longer than 2 GiB are not supported (offsets are int32).
//
// # Concurrency
//
// A *Shingler is immutable and safe for concurrent use by multiple
// goroutines. A *Hasher is not: use one per goroutine. [Winnow] is a pure
// function.
//
// # Stability
//
// For fixed [Params] the output is the same in every process and on every
// platform. Any change to tokenization, hashing or span mapping bumps
// [FormatVersion]; golden vectors in testdata pin the outputs. Params carries
// the normalization version too, so a normalize upgrade that changes output is
// visible in every fingerprint built from these shingles.
//
// # Security considerations
//
// Input is untrusted: every function is total on arbitrary bytes (invalid
// UTF-8 is skipped by the normalizer) and memory is bounded by the input size.
// A [Hasher] buffers at most 64 KiB of input beyond the current write. The
// seed is not a secret key: anyone who knows it can craft collisions, so do
// not rely on shingle hashes as a keyed MAC.
//
// # References
//
//   - A. Z. Broder, "On the resemblance and containment of documents", 1997.
//   - S. Schleimer, D. S. Wilkerson, A. Aiken, "Winnowing: local algorithms
//     for document fingerprinting", SIGMOD 2003.
//   - Y. Collet, XXH3 specification (xxHash), 2019–2020.
package shingle
