//go:build race

package main

// hashRaceEnabled reports a -race build, under which the conformance run
// over the shared reference images (large PNG decodes, no concurrency) is
// skipped.
const hashRaceEnabled = true
