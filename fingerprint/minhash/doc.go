// Package minhash computes MinHash signatures of shingle sets, estimates
// Jaccard similarity from them, and derives LSH band keys whose band shape is
// chosen from a recall target.
//
//	p, _ := normalize.New(normalize.Conservative, language.Urdu)
//	sh, _ := shingle.New(p)                               // word 3-grams
//	mh, _ := minhash.New(minhash.WithShingler(sh))        // 128 values
//	a, b := mh.SumString(post), mh.SumString(banned)
//	j, err := a.Jaccard(b)                                // ErrIncompatible on mixed params
//	bands, rows := minhash.BandsFor(128, 0.5, 0.95)       // 23 x 3
//	keys := a.BandKeys(nil, bands, rows)
//
// # Scheme
//
// The default scheme is one-permutation hashing (Li, Owen, Zhang 2012): each
// shingle hash is mixed once with a keyed SplitMix64 finalizer (a bijective
// full-avalanche mixer), its high 32 bits choose one of Size bins and its low
// 32 bits are the value; each bin keeps its minimum. Empty bins — most of them
// for a 50-word post — are filled by optimal densification (Shrivastava
// 2017): bin i copies the value of the first non-empty bin in its own
// pseudo-random donor sequence. For every bin, two sets agree with
// probability equal to their Jaccard similarity, and different bins use
// independent sequences, so the estimator has (close to) the variance
// J(1-J)/Size of independent permutations; the tests check both on random
// sets and on text.
//
// Every position is therefore hashed independently of its neighbours, unlike
// the h1 + i*h2 family of dgryski/go-minhash (used by ekzhu/minhash-lsh),
// where one shingle with small h1 and h2 wins runs of consecutive positions —
// whole LSH bands — and unrelated posts sharing one frequent shingle get
// estimates near 0.8. The tests include that regression, on Latin and
// Arabic-script text, and a band-degeneracy test.
//
// The Permutations scheme (one independent mixer per pair of positions) is
// kept for cross-checks; it is about ten times slower.
//
// # Concurrency
//
// A *Hasher is immutable and safe for concurrent use by multiple goroutines.
// A Signature is a value whose methods never modify it; SumInto,
// SumTextInto and UnmarshalBinary write into the Signature they are given,
// which must not be read concurrently.
//
// # Stability
//
// A Signature carries its Params (scheme, size, seed, the shingle and
// normalize parameters, FormatVersion); Jaccard returns ErrIncompatible for
// signatures with different Params instead of a meaningless number. Values
// are the same in every process and on every platform for the same Params;
// golden vectors in testdata pin them, and any change of output bumps
// FormatVersion. The binary layout is specified in docs/FORMAT.md ("Text
// fingerprints").
//
// # Security considerations
//
// The decoders (UnmarshalBinary, UnmarshalText) accept untrusted input: they
// check every length and field, allocate at most 16 KiB for values, and never
// panic. The seed is not a secret key; an adversary who knows it can craft
// texts with chosen signatures.
//
// # References
//
//   - A. Z. Broder, "On the resemblance and containment of documents", 1997.
//   - P. Li, A. Owen, C.-H. Zhang, "One permutation hashing", NIPS 2012.
//   - A. Shrivastava, "Optimal densification for fast and accurate minwise
//     hashing", ICML 2017.
//   - J. Leskovec, A. Rajaraman, J. Ullman, "Mining of Massive Datasets",
//     ch. 3 (banding).
package minhash
