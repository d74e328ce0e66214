// Package match is an index of banned items that answers, for a post or an
// image, "which known item is this a copy of, and why", in microseconds.
//
// A moderation service builds or loads an [Index] at startup and queries it
// from any number of goroutines:
//
//	ix, err := match.ReadFile("banned.ghx", 4<<30)
//	...
//	for _, m := range ix.MatchText(post) {
//		// m.ItemID, m.Label, m.Signal, m.Score, m.Spans (byte offsets into post)
//	}
//
// Almost every post a service sees is unrelated to every banned item, so
// the common path is a cheap, certain "no": a Bloom prefilter rejects more
// than 99.5% of unrelated posts before any lookup, allocating nothing. The rare
// copy is found despite evasion (the text is normalized first, see package
// normalize) and explained: which item, which signal, the score, and for
// text the matched passage as byte offsets into the post as sent.
//
// # Signals
//
// An [Item] carries any of: a text, PDQ image hashes, the MD5 and SHA-256 of
// its raw bytes. A [Query] is matched through every signal it carries:
//
//   - [SignalText], near-duplicate text: the query is an edited copy of the
//     item. Candidates come from MinHash LSH bands over word 3-shingles
//     (package fingerprint/minhash, one-permutation hashing with an
//     independent hash per bin) and from the containment keys below; every
//     candidate is then verified with the Jaccard similarity of the two
//     shingle sets computed from the stored set (24-bit shingle values,
//     exact up to a 2^-24 chance per shingle pair), never with the MinHash
//     estimate. Precision therefore does not rest on the estimate.
//   - [SignalContainment], a quoted passage: the item, or a substantial
//     passage of it, inside a longer text. Keys are hashes of 5-word windows,
//     winnowed (window DefaultWindow) and kept in an inverted index, so any
//     passage of DefaultWindow+4 words or more that the query shares with an
//     item is found (bar about 1 in 500, stopped by the prefilter); the
//     score is the containment |I ∩ Q| / |I| of the item's shingles in the
//     query's.
//   - [SignalTextExact]: texts of fewer than [MinTextTokens] tokens, where
//     Jaccard of a handful of shingles is noise, match only when equal after
//     normalization.
//   - [SignalPDQ]: PDQ hashes within Hamming distance 31 (Meta's threshold),
//     found by multi-index hashing (16 slots of 16 bits, as Meta's reference
//     and HMA do) rather than a scan. Queries carry the 8 dihedral variants
//     ([PDQQuery]) so rotated and mirrored copies match; images whose
//     quality is below 50 are refused.
//   - [SignalMD5], [SignalSHA256]: exact digests of the raw bytes, as hash
//     lists exchange them ([ReadHashList], [WriteHashList]).
//   - [SignalSimHash] (off by default, [WithSimHash]): 64-bit SimHash of the
//     shingles, a cheap shareable signal.
//
// # Default thresholds
//
// [DefaultTextThreshold] (Jaccard 0.5 on word 3-shingles) is the definition
// of a near-duplicate in the synthetic benchmark of research/neardup.md §4.
// There, with the defaults, the index measured precision 1.000 and recall
// 1.000 at 10^4 and 10^5 posts and 1.000 / 0.997 at 10^6 (recall 0.99 for
// pairs in [0.5, 0.6)), where ekzhu/minhash-lsh measured 0.942 / 0.876 at
// 10^5 (bench/cmd/matchbench). [DefaultContainmentThreshold] 0.5 with at
// least [DefaultMinContainedShingles] shingles reports a post that quotes at
// least half of an item, and at least about ten words of it.
// [DefaultPDQThreshold] 31 is Meta's, HMA's and ThreatExchange's.
//
// [DefaultBands] x [DefaultRows] (8 x 2) trades memory (8 bytes per band
// per item) for recall near the threshold: 8 bands of 2 rows make a pair at
// J = 0.5 a candidate with probability 0.90 by themselves, and the
// containment keys, which also propose near-duplicate candidates, bring the
// measured recall to 0.997. Rows of 2 rather than 3 keep edits spread evenly
// through a post (which break every long shared run, and so the containment
// keys) from escaping: at J = 0.52 such a copy is a band candidate with
// probability 0.92 instead of 0.70. The whole index then takes about 323
// bytes per 50-word post.
//
// [DefaultPrefilterRate] 0.5% is the fraction of unrelated posts allowed
// past the Bloom filter. What an unrelated post shares with a large index
// is almost always a single key: a common 5-word phrase, one band of two
// MinHash rows (Zipf text repeats common phrases), or a false positive.
// So a long post passes only when two of its keys pass, or one "solo" key:
// a containment key around which a passage sharing no other key could be
// long enough to be contained (short or sparsely keyed items), or a band
// key of such an item with at most 3 containment keys; solo keys are set
// in the filter a second time under their own tag. Near-duplicates share
// several keys, and a quoted passage that the keys find almost always gets
// past (TestQuotedPassagesPassPrefilter: 4 of 1848 such quotes of items of
// 8 to 50 words are stopped). The filter is sized so
// that its own false positives (two per query, as above) take a quarter of
// the rate. Measured on 4000 unrelated synthetic posts: 0.00% pass at 10^5
// items and 0.30% at 10^6 (single-key rule before: 0.50% and 1.48%), with
// precision 1.000 and recall 1.000 at both sizes (single-key rule, same
// corpus: 1.000 / 0.997 at 10^6, one pair missed). Every
// threshold is overridable; the solo keys are chosen for the containment
// thresholds the items were indexed with, so lowering those on ReadIndex
// can miss short passages that only the lowered thresholds accept.
//
// # Concurrency
//
// An *Index is safe for concurrent use. Queries are lock-free: they load an
// immutable state (a compact base segment, a small delta segment of recent
// additions, a bitset of removed base items) through an atomic pointer and
// never wait for writers. Writers ([Index.Add], [Index.AddBatch],
// [Index.Remove], [Index.Apply]) are serialized by a mutex; each builds the
// next state and publishes it atomically, so a query sees a write entirely
// or not at all. The delta is merged into the base when it reaches about
// the square root of the base's size, and removed items are dropped when
// they reach a quarter of it. [LogWriter] and [LogReader] are not safe for
// concurrent use. The functions [ReadIndex], [ReadHashList] and
// [WriteHashList] are safe to call concurrently.
//
// # Stability
//
// Snapshots ([Index.WriteTo], [ReadIndex]) and logs are versioned by
// [SnapshotVersion] and specified byte by byte in docs/FORMAT.md. A snapshot
// records every parameter, including normalize.Version, the Unicode version
// of the normalization tables and the shingle and MinHash format versions;
// a build whose fingerprints would differ refuses it with ErrIncompatible
// rather than silently missing matches. Rebuild the index from the items
// (or replay the log from an empty index) after such an upgrade.
//
// Replicas: an index loaded from a snapshot of sequence number S that
// applies log entries S+1, S+2, ... in order reaches exactly the writer's
// state (the same matches and the same snapshot bytes).
//
// # Security considerations
//
// Snapshots, logs and hash lists may come from other parties. Readers take a
// byte limit; every length and count in a file is checked against the
// bytes actually present before anything is allocated, buffers grow with the
// bytes read rather than with what a header claims, every section carries a
// CRC-32C, and structure (sortedness, item numbers, offsets, identifier
// uniqueness, parameter ranges) is validated, so a hostile file yields
// ErrCorrupt, ErrTruncated, ErrTooLarge, ErrForeign or ErrIncompatible and
// never a panic (FuzzReadSnapshot, FuzzLogReader, FuzzReadHashList). A
// checksum is not a signature: a party that can write the file can make it
// match or miss anything, so load snapshots only from a trusted writer over
// an authenticated channel.
//
// Queries are untrusted: every function is total on arbitrary input and its
// memory is bounded by the input's size. Long posts cost time in proportion
// to their length; callers should bound post sizes. Keys are hashes with a
// public default seed ([WithSeed] changes it): someone who knows the seed
// and the banned texts can craft near-misses, as with any public fingerprint.
// Texts themselves are not stored in the index or its snapshots, only
// hashes of their shingles.
//
// # References
//
//   - A. Z. Broder, "On the resemblance and containment of documents", 1997.
//   - S. Schleimer, D. S. Wilkerson, A. Aiken, "Winnowing: local algorithms
//     for document fingerprinting", SIGMOD 2003.
//   - M. Norouzi, A. Punjani, D. J. Fleet, "Fast exact search in Hamming
//     space with multi-index hashing", IEEE TPAMI 2014.
//   - F. Putze, P. Sanders, J. Singler, "Cache-, hash- and space-efficient
//     Bloom filters", WEA 2007.
//   - Meta ThreatExchange: pdq/README-MIH.md, HMA (hasher-matcher-actioner).
package match
