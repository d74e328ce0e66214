//go:build race

package account

// raceEnabled shrinks the evaluation under the race detector, which slows
// it about tenfold.
const raceEnabled = true
