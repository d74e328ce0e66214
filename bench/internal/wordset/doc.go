// Package wordset is the tokenization a team would write first, used by the
// naive baseline and by the evaluation to measure how far an edited post is
// from its original: NFKC (golang.org/x/text/unicode/norm), full case
// folding (golang.org/x/text/cases), words are maximal runs of letters,
// marks and digits, and shingles are hashed runs of n consecutive words.
//
// # Concurrency
//
// All functions are safe for concurrent use.
package wordset
