//go:build unix

package load

import "syscall"

// processCPU returns the CPU time this process has used, in nanoseconds,
// or -1 when unknown. Benchmarks report it beside wall time because the
// development machine is shared and wall time swings with its load.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
