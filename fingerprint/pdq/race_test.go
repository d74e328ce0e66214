//go:build race

package pdq

// raceEnabled reports a -race build, under which the slow conformance runs
// on JPEG/WebP inputs (which test decoding noise, not concurrency) are
// skipped.
const raceEnabled = true
