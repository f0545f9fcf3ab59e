// Package simport hosts device simulators on pseudo-terminals: each Host owns one
// pty behind a stable symlink (what a driver is configured with), runs a simulator
// on its master end, and can unplug and replug it the way a person pulls a USB cable.
// Faults is the shared set of run-time misbehaviours (slow, mute, garbage bytes,
// wrong checksums) that every simulator embeds.
package simport
