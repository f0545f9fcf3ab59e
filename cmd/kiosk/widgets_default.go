//go:build !smoke

package main

import (
	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/kiosk/shell"
)

// dumpWidgets does nothing outside the smoke build.
func dumpWidgets(fyne.Window, *shell.Shell) {}
