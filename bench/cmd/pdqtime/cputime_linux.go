package main

import (
	"syscall"
	"time"
)

// threadCPU returns the CPU time (user + system) consumed by the calling
// OS thread; main locks itself to one thread so this is the time spent
// hashing, whatever else runs on the machine.
func threadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
