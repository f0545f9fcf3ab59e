package fingerprint

import (
	"encoding/binary"
	"errors"
)

// Packet identifiers.
const (
	PIDCommand = 0x01
	PIDData    = 0x02
	PIDAck     = 0x07
	PIDEnd     = 0x08 // last data packet
)

// DefaultAddress is the module address out of the factory.
const DefaultAddress uint32 = 0xFFFFFFFF

// MaxPayload bounds a packet's payload: data packets carry at most 256 bytes.
const MaxPayload = 256 + 1

var (
	// ErrShort means more bytes are needed before a packet can be decoded.
	ErrShort = errors.New("fingerprint: short packet")
	// ErrSync means the bytes at the front are not a packet header; Decode's n says
	// how many to skip.
	ErrSync = errors.New("fingerprint: no packet header")
	// ErrChecksum means a whole packet arrived with a wrong checksum.
	ErrChecksum = errors.New("fingerprint: bad checksum")
	// ErrLength means the length field is impossible (zero payload or too long).
	ErrLength = errors.New("fingerprint: bad length")
	// ErrPID means an unknown packet identifier.
	ErrPID = errors.New("fingerprint: bad packet identifier")
)

// Packet is one EF01 frame.
type Packet struct {
	Addr    uint32
	PID     byte
	Payload []byte
}

// Encode returns the wire bytes: EF 01, address, PID, length (payload + 2), payload,
// checksum (low 16 bits of PID + length bytes + payload), all big-endian.
func (p Packet) Encode() []byte {
	b := make([]byte, 0, 11+len(p.Payload))
	b = append(b, 0xEF, 0x01)
	b = binary.BigEndian.AppendUint32(b, p.Addr)
	b = append(b, p.PID)
	b = binary.BigEndian.AppendUint16(b, uint16(len(p.Payload)+2))
	b = append(b, p.Payload...)
	return binary.BigEndian.AppendUint16(b, checksum(b[6:]))
}

func checksum(b []byte) uint16 {
	var s uint16
	for _, c := range b {
		s += uint16(c)
	}
	return s
}

// Decode reads one packet from the front of b. It returns the packet and the number
// of bytes it used. On ErrShort nothing is used; on ErrSync, ErrLength and ErrPID, n
// bytes of noise should be skipped; on ErrChecksum the n bytes of the broken packet
// are used up.
func Decode(b []byte) (p Packet, n int, err error) {
	if len(b) == 0 {
		return Packet{}, 0, ErrShort
	}
	if b[0] != 0xEF || (len(b) > 1 && b[1] != 0x01) {
		return Packet{}, skip(b), ErrSync
	}
	if len(b) < 9 {
		return Packet{}, 0, ErrShort
	}
	switch b[6] {
	case PIDCommand, PIDData, PIDAck, PIDEnd:
	default:
		return Packet{}, skip(b), ErrPID
	}
	l := int(binary.BigEndian.Uint16(b[7:9]))
	if l < 3 || l-2 > MaxPayload {
		return Packet{}, skip(b), ErrLength
	}
	if len(b) < 9+l {
		return Packet{}, 0, ErrShort
	}
	end := 9 + l
	if checksum(b[6:end-2]) != binary.BigEndian.Uint16(b[end-2:end]) {
		return Packet{}, end, ErrChecksum
	}
	return Packet{
		Addr:    binary.BigEndian.Uint32(b[2:6]),
		PID:     b[6],
		Payload: append([]byte(nil), b[9:end-2]...),
	}, end, nil
}

// skip is the distance to the next possible header after b[0].
func skip(b []byte) int {
	for i := 1; i < len(b); i++ {
		if b[i] == 0xEF {
			return i
		}
	}
	return len(b)
}
