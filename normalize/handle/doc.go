// Package handle normalizes account handles (user names) so that the mirror
// accounts of a banned account share one comparison form:
//
//	TTP_Official, T.T.P_0fficiaI2, ttp.officiall, ΤΤΡ_news, therealttp  -> skeleton "tp"
//
// Normalize splits a handle at separators (_ . - and other punctuation),
// camel-case boundaries and script changes; joins spelled-out letters
// (T.T.P); removes trailing digits, a leading @ and affix words that mirror
// accounts add (official, real, new, backup, page, news, language tags, and
// Roman Urdu, Urdu, Pashto, Persian and Arabic equivalents such as asli,
// rasmi, رسمی, الرسمي, نیا); folds look-alike letters (Cyrillic, Greek, small
// capitals, fullwidth and mathematical letters) and leet (0→o, 1→i, 4→a,
// $→s ...); and forms a skeleton in which i, l and 1 are one letter, rn is m,
// vv is w and doubled letters are single. Every removal and fold is listed in
// Handle.Stripped, and Handle.Explain prints them.
//
// A Handle also carries the namekey.Key of its kept parts, so that a Latin
// handle and an Arabic-script one (Tehrik-i-Taliban, تحریک_طالبان) can be
// matched across scripts; the skeleton itself is per script.
//
// # Concurrency
//
// A Normalizer is immutable after New and safe for concurrent use. Handle
// values are plain values.
//
// # Stability
//
// Outputs are versioned by Version (and namekey.Version for Handle.Key);
// testdata/golden_v1.txt pins them. Any change to the affix list or the
// skeleton rules bumps Version.
//
// # Security considerations
//
// Normalize is total and bounded: it reads at most MaxInputBytes and never
// panics on any input. Removing affixes is deliberately greedy; a skeleton
// match between two handles is a lead for review, and short skeletons (one or
// two letters) match many unrelated handles: combine them with other
// profile fields (package match/account).
//
// # References
//
//   - Unicode Technical Standard #39, Unicode Security Mechanisms (skeletons, confusables).
//   - research/normalize.md §2.5 (Latin look-alikes, leet, spaced letters) and §4 (name keys).
package handle
