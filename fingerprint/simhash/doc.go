// Package simhash computes 64-bit SimHash fingerprints (Charikar 2002) of
// weighted features and compares them by Hamming distance.
//
//	sh, _ := shingle.New(profile)                        // word 3-grams
//	h, _ := simhash.New(simhash.WithShingler(sh))
//	a, b := h.SumString(post), h.SumString(banned)
//	d, err := a.Distance(b)                              // ErrIncompatible on mixed params
//
// Features are 64-bit hashes (for text: shingle hashes, which are
// script-independent, so every script gets distinct fingerprints — unlike
// mfonda/simhash, whose ASCII tokenizer gives every Arabic-script text the
// same fingerprint). Each feature is mixed with a keyed full-avalanche mixer
// before voting, so weak feature hashes still give balanced bits. Weights
// (for example IDF) are float32; SumText uses unit weights per shingle
// occurrence.
//
// SimHash estimates the angle between feature vectors, not Jaccard. On short
// posts a few edits move many bits: prefer minhash for near-duplicate
// decisions and use SimHash as a cheap, 8-byte shareable signal.
//
// # Concurrency
//
// A *Hasher is immutable and safe for concurrent use. Hash is a comparable
// value, safe to copy and share.
//
// # Stability
//
// Every Hash carries its FormatVersion and a 32-bit identifier of its Params
// (seed, shingle and normalize parameters); Distance returns ErrIncompatible
// for hashes that differ in either. For the same Params the bits are the same
// in every process and on every platform; golden vectors in testdata pin them
// and any change of output bumps FormatVersion. The binary layout is in
// docs/FORMAT.md ("Text fingerprints").
//
// # Security considerations
//
// The decoders accept only their fixed sizes and never panic. SimHash is not
// collision-resistant: an adversary can craft texts with chosen fingerprints.
//
// # References
//
//   - M. S. Charikar, "Similarity estimation techniques from rounding
//     algorithms", STOC 2002.
//   - G. S. Manku, A. Jain, A. Das Sarma, "Detecting near-duplicates for web
//     crawling", WWW 2007.
package simhash
