//go:build !unix

package scheduler

func processCPU() int64 { return -1 }
