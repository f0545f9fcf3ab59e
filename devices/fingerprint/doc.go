// Package fingerprint drives UART fingerprint modules speaking the ZhianTec ZFM /
// Hangzhou Grow R30x "EF01" protocol (R305, R307, R503, and the Adafruit sensors).
// Packet encodes and decodes frames with their checksums; Sensor issues the
// module's instructions and turns confirmation codes into *Error values with a Code
// the UI maps to a message ("no finger", "image too messy", …); Capture, Enroll,
// Identify and Verify are the flows the kiosk runs.
//
// # Caveats
//
//   - The module answers one command at a time; Sensor serialises callers.
//   - A reply that arrives after its command timed out can be mistaken for the next
//     reply; Sensor drops buffered bytes before each command to keep that window small.
//   - Templates from SimTemplate are synthetic stand-ins, not real minutiae.
package fingerprint
