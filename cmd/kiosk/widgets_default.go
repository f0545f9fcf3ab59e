//go:build !smoke

package main

import (
	"fyne.io/fyne/v2"
)

// dumpWidgets does nothing outside the smoke build.
func dumpWidgets(fyne.Window, screenSource) {}
