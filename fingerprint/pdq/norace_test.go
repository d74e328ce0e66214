//go:build !race

package pdq

const raceEnabled = false
