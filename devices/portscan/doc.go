// Package portscan lists the serial ports present on this machine, for staff
// to pick a device's port from rather than type a path: the on-board UARTs
// (/dev/ttyS*), USB serial adapters (/dev/ttyUSB*), USB CDC-ACM devices
// (/dev/ttyACM*), and the stable names udev gives USB devices under
// /dev/serial/by-id, each resolved to the port it points at.
//
// # Caveats
//
//   - The kernel makes /dev/ttyS0 … ttyS31 whether or not a UART is behind
//     them. A ttyS port is listed only when /sys/class/tty/<name>/type is not 0
//     (PORT_UNKNOWN, no UART); where sysfs says nothing, it is listed.
//   - A by-id link is the name to save: it survives replugging into another
//     USB socket, where ttyUSB0 may become ttyUSB1. Ports carry both names.
//   - Listing reads directories only; no port is opened, so listing never
//     disturbs a device in use.
package portscan
