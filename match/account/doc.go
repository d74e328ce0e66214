// Package account finds mirror accounts: new accounts that copy a banned
// account under another spelling. A Profile (handle, display name, bio,
// avatar PDQ hash, links) is compared with the known profiles of an Index
// field by field, and each Match explains every field's score:
//
//	ttp 0.91 handle=0.80(same skeleton "tp") name=1.00(name-key tokens 1.00 (TRK TLBN BKSTN vs TRK TLBN BKSTN)) avatar=0.94(pdq distance 4)
//
// # Fields
//
//   - handle: package normalize/handle (separators, trailing digits,
//     official/real/backup affixes, look-alikes, leet, doubled letters): 1 for
//     the same skeleton (0.8 when it has under three letters), 0.9 × key
//     confidence for the same cross-script name key, else the best of the
//     skeletons' bigram Dice and the name-key token Dice (also against the
//     known display name, × 0.8).
//   - name: the display name's affixes are removed the same way and its tokens
//     keyed with normalize/namekey; the score is the token Dice (any shared
//     key reading counts), scaled by how many consonants the matched keys
//     carry (short keys such as DS match many unrelated words).
//   - bio: exact Jaccard of the sets of character 5-shingles
//     (fingerprint/shingle over the Conservative normalizer).
//   - avatar: 1 − d/64 for the PDQ distance d (0.52 at pdq.MatchThreshold).
//   - links: overlap coefficient of the normalized links (scheme, www., query,
//     trailing slash removed; telegram.me and t.me/s/ folded to t.me/).
//
// The combined score is the weighted mean of the fields present on both
// sides, Σ wᵢsᵢ / max(Σ wᵢ, MinEvidence): with little shared evidence the
// score shrinks toward 0, so one matching short handle is not a match.
// DefaultWeights (handle 3, name 3, bio 2, avatar 1, links 3),
// DefaultMinEvidence 4 and DefaultThreshold 0.55 were chosen by a grid search
// on generated mirror accounts and unrelated real-looking profiles (dev seed,
// recall at ≤ 0.5 % false matches); on a separate test seed they find
// 98.5 % of mirrors (96.3 % of the mirrors of group accounts) at 0.8 %
// false matches (docs/EVAL.md, "Mirror accounts";
// go test -run TestMirrorEval -v ./match/account/, and -args -weights to
// repeat the search).
//
// # Retrieval
//
// Query looks up candidates by handle skeleton, name-key tokens (handle and
// display name together, so a handle spelled like a known display name is
// found), the eight smallest bio shingle hashes and the links; keys posted by
// more than 2,000 profiles are skipped as uninformative. Avatars are compared
// with every known avatar (a linear scan of 32-byte hashes, about 10 ns each).
//
// # Concurrency
//
// An Index is safe for concurrent use: Add and Remove take a write lock,
// Query and Len a read lock. Match values are not shared.
//
// # Stability
//
// Scores are versioned by Version together with the versions in Params
// (handle, namekey, shingle). DefaultWeights, DefaultMinEvidence and
// DefaultThreshold change only with Version and a new evaluation.
//
// # Security considerations
//
// Every profile field is bounded (MaxBioBytes, MaxNameBytes, MaxLinks, and the
// bounds of the handle and namekey packages), so a hostile profile costs
// bounded work. A match is a lead for a moderator, not proof: the evaluation's
// hard negatives (journalists, researchers, parties and people that share a
// group's words) show where it errs.
//
// # References
//
//   - research/normalize.md §4 (cross-script name keys).
//   - Meta, The TMK+PDQF Video-Hashing Algorithm and the PDQ Image Hashing Algorithm
//     (pdq/README.md: distance threshold 31).
//   - A. Z. Broder, On the resemblance and containment of documents, 1997 (shingles, Jaccard).
package account
