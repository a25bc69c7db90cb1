//go:build !unix

package load

func processCPU() int64 { return -1 }
