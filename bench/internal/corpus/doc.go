// Package corpus builds the evaluation's banned set, its hard negatives and
// the unrelated host text for quoted passages, from one-sentence-per-line
// text files.
//
// The real text lives in ../shared/data/text beside the repository and is
// read at evaluation time only, never copied into the project. When that
// folder is absent the package falls back to the small samples in
// bench/testdata/text, written for this project.
//
// Every selection is a pure function of the input lines and a seed, so two
// runs with the same data and seed build the same sets.
//
// # Security considerations
//
// Only local files are read, line by line; a line longer than 64 KiB or not
// valid UTF-8 is skipped, so memory stays bounded by the files' sizes.
//
// # Concurrency
//
// Functions are safe for concurrent use; the returned values are not
// modified by the package after they are returned.
package corpus
