//go:build !linux

package pdq

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
