// Package mrz reads the machine-readable zone of travel documents (ICAO Doc 9303):
// ID cards (TD1, 3×30), visas and small cards (TD2, 2×36) and passports (TD3, 2×44).
// Parse validates every check digit, including the composite one, and rejects a
// misread with an *Error naming the field that failed. Framer turns the bytes a
// serial document reader sends (STX/ETX, SOH…ETX+BCC, CR/LF variants, "_" padding,
// "OCR LINE n:" labels) into MRZ lines, ending a message on ETX or an inter-byte gap.
//
// # Caveats
//
//   - A Document holds personal data. Its String and LogValue show only the format
//     and issuing state; never log its fields.
//   - Two-digit years are resolved by the caller with a reference time (BirthTime,
//     ExpiryTime), because the right century depends on "now".
//   - The SOH…ETX+BCC checksum is taken as the XOR of the bytes after SOH up to and
//     including ETX (the common convention; the 3M manual excerpt does not define it).
package mrz
