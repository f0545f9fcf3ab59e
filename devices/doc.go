// Package devices is the root of the kiosk's hardware layer: drivers for the serial
// devices (receipt printer, document reader, card reader, barcode scanner, fingerprint
// sensor), faithful simulators of each on pseudo-terminals, and the device manager
// that keeps them connected and reports their health.
package devices
