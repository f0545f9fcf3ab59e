//go:build !linux

package main

import "os"

// Elsewhere the PIN is read as a line, echo and all; the service runs on Linux.
func isTerminal(*os.File) bool { return false }

func noEcho(*os.File) func() { return func() {} }
