// Package evalrun is the evaluation pipeline behind bench/cmd/eval: it
// builds the banned set and its hard negatives, generates evaded copies,
// runs every text matcher and the image hashes on the same data, and writes
// docs/EVAL.md with its plots.
//
// # Concurrency
//
// RunText, RunImages and WriteDocs may run concurrently with other runs;
// a TextResult or ImageResult must not be modified while a report is
// written from it. RunImages uses GOMAXPROCS goroutines internally.
package evalrun
