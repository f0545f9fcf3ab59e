// Package usb is the staff screen's USB transfer: it writes the kiosk's waiting
// requests to a USB stick as a signed bundle for the central service, and reads
// back the receipt central writes, marking the requests it took as delivered. The
// formats, signatures and safe writing are package sync/transfer's; this package is
// only the screen: choosing the stick, two actions, a progress bar, and what
// happened in words.
//
// # Caveats
//
//   - Sticks are looked for among the file systems mounted under /media, /mnt and
//     /run/media (the kiosk's desktop or udisks mounts them); Options.Path adds one
//     fixed place (a setting, and the tests' directory). Nothing here mounts or
//     unmounts a stick: staff remove it once the screen says the bundle is written.
//   - The work runs off the Fyne goroutine; the screen shows its progress through
//     fyne.Do. Leaving the screen does not stop an export that has begun: it runs to
//     its end (the bundle is whole or absent), and its result is not shown.
//   - The screen shows counts and file names only: a bundle's content is sealed, and
//     a receipt holds record IDs and codes, never personal data.
package usb
