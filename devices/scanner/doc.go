// Package scanner reads barcode and QR scanners in serial mode: each scan arrives as
// [prefix][AIM identifier]payload followed by CR, LF or CRLF. Payloads stay bytes
// (receipt references, digital-ID QR codes that may be UTF-8 Arabic or binary).
package scanner
