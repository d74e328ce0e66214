//go:build !race

package main

const hashRaceEnabled = false
