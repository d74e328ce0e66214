// Package evasion generates evaded copies of a post with named techniques,
// one at a time or in combinations, the way re-posters dodge text filters
// (see research/normalize.md §3): other-keyboard letters, inserted harakat,
// tatweel stuffing, invisible characters, presentation forms, digit scripts,
// homoglyphs, fullwidth and mathematical letters, leetspeak and Arabizi,
// spaced and dotted letters, repeated letters, case and punctuation noise,
// word edits, sentence reorder and quoting a passage inside a longer post.
//
// Every technique is deterministic given a seed and the post's identity, and
// reports when it does not apply (for example digit scripts on a post
// without digits, or homoglyphs on Arabic script), so that the evaluation
// counts only posts the technique really changed.
//
// # Concurrency
//
// Techniques and the tables are immutable; Apply is safe for concurrent use.
//
// # Stability
//
// Outputs are fixed for a seed and this package's code. Changing a table or
// a technique changes the evaluation's data: regenerate docs/EVAL.md in the
// same change.
package evasion
