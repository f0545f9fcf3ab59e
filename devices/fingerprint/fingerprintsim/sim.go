// Package fingerprintsim simulates an R30x / ZFM fingerprint module on a serial
// line, speaking the EF01 protocol byte for byte. Its state is the module's: one
// image buffer, CharBuffer1/2 and a page → template library. A person is simulated
// by Place (a synthetic finger, fingerprint.SimTemplate) and Lift; FailNext makes
// the next capture fail with a chosen confirmation code (image too messy, …), and
// the embedded simport.Faults add slowness, silence, garbage and bad checksums.
package fingerprintsim

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"sync"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/simport"
	"github.com/bawaba/bawaba/identity/biometric"
)

// MatchThreshold is the bit similarity from which two templates are one finger.
const MatchThreshold = biometric.Threshold

// Sim is a simulated module. The zero value is not usable; call New.
type Sim struct {
	simport.Faults

	mu       sync.Mutex
	addr     uint32
	password uint32
	capacity uint16
	finger   string // placed finger, "" when none
	image    string // finger in the image buffer, "" when none
	char     [3][]byte
	lib      map[uint16][]byte
	failNext fingerprint.Code
	recvBuf  byte // buffer a DownChar is filling, 0 when none
	recv     []byte
}

// New returns a module with the factory address and password and an empty library
// of capacity pages.
func New(capacity uint16) *Sim {
	return &Sim{addr: fingerprint.DefaultAddress, capacity: capacity, lib: map[uint16][]byte{}}
}

// Place puts the synthetic finger fingerID on the sensor.
func (s *Sim) Place(fingerID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.finger = fingerID
}

// Lift takes the finger off the sensor.
func (s *Sim) Lift() { s.Place("") }

// FailNext makes the next GenImg or Img2Tz answer code instead of succeeding.
func (s *Sim) FailNext(code fingerprint.Code) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = code
}

// Enrolled stores fingerID's template at page directly, as if enrolled earlier.
func (s *Sim) Enrolled(page uint16, fingerID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lib[page] = fingerprint.SimTemplate(fingerID)
}

// Templates is how many templates the library holds.
func (s *Sim) Templates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.lib)
}

// Serve answers the host's packets on rw until ctx ends or rw fails.
func (s *Sim) Serve(ctx context.Context, rw io.ReadWriter) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	in := make(chan []byte)
	errc := make(chan error, 1)
	go func() {
		for {
			b := make([]byte, 512)
			n, err := rw.Read(b)
			if n > 0 {
				select {
				case in <- b[:n]:
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				errc <- err
				return
			}
		}
	}()
	var buf []byte
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-errc:
			return err
		case b := <-in:
			buf = append(buf, b...)
		}
		for len(buf) > 0 {
			p, n, err := fingerprint.Decode(buf)
			if errors.Is(err, fingerprint.ErrShort) {
				break
			}
			buf = buf[n:]
			var replies [][]byte
			switch {
			case errors.Is(err, fingerprint.ErrChecksum):
				replies = s.ack(fingerprint.CodePacketError)
			case err != nil:
				continue
			default:
				replies = s.handle(p)
			}
			for _, r := range replies {
				if err := s.Send(ctx, rw, r); err != nil {
					return err
				}
			}
		}
	}
}

func (s *Sim) packet(pid byte, payload []byte) []byte {
	b := fingerprint.Packet{Addr: s.addr, PID: pid, Payload: payload}.Encode()
	if s.BadChecksums() {
		b[len(b)-1] ^= 0x5A
	}
	return b
}

func (s *Sim) ack(code fingerprint.Code, data ...byte) [][]byte {
	return [][]byte{s.packet(fingerprint.PIDAck, append([]byte{byte(code)}, data...))}
}

func u16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }

// handle runs one packet and returns the packets to send back.
func (s *Sim) handle(p fingerprint.Packet) [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.Addr != s.addr {
		return nil // another module's packet
	}
	if p.PID == fingerprint.PIDData || p.PID == fingerprint.PIDEnd {
		if s.recvBuf == 0 {
			return nil
		}
		s.recv = append(s.recv, p.Payload...)
		if p.PID == fingerprint.PIDEnd {
			s.char[s.recvBuf] = s.recv
			s.recvBuf, s.recv = 0, nil
		}
		return nil
	}
	if p.PID != fingerprint.PIDCommand || len(p.Payload) == 0 {
		return s.ack(fingerprint.CodePacketError)
	}
	ins, arg := p.Payload[0], p.Payload[1:]
	bufArg := func() (byte, bool) {
		if len(arg) < 1 || (arg[0] != 1 && arg[0] != 2) {
			return 0, false
		}
		return arg[0], true
	}
	switch ins {
	case 0x13: // VfyPwd
		if len(arg) != 4 {
			return s.ack(fingerprint.CodePacketError)
		}
		if binary.BigEndian.Uint32(arg) != s.password {
			return s.ack(fingerprint.CodeWrongPassword)
		}
		return s.ack(fingerprint.CodeOK)
	case 0x01: // GenImg
		if s.finger == "" {
			s.image = ""
			return s.ack(fingerprint.CodeNoFinger)
		}
		if c := s.takeFail(); c != fingerprint.CodeOK {
			s.image = ""
			return s.ack(c)
		}
		s.image = s.finger
		return s.ack(fingerprint.CodeOK)
	case 0x02: // Img2Tz
		b, ok := bufArg()
		if !ok {
			return s.ack(fingerprint.CodePacketError)
		}
		if c := s.takeFail(); c != fingerprint.CodeOK {
			return s.ack(c)
		}
		if s.image == "" {
			return s.ack(fingerprint.CodeNoValidImage)
		}
		s.char[b] = fingerprint.SimTemplate(s.image)
		return s.ack(fingerprint.CodeOK)
	case 0x03: // Match
		sim := biometric.MatchScore(s.char[1], s.char[2])
		if sim < MatchThreshold {
			return s.ack(fingerprint.CodeNoMatch, 0, 0)
		}
		return s.ack(fingerprint.CodeOK, u16(score(sim))...)
	case 0x04, 0x1B: // Search, HiSpeedSearch
		b, ok := bufArg()
		if !ok || len(arg) != 5 {
			return s.ack(fingerprint.CodePacketError)
		}
		start, count := binary.BigEndian.Uint16(arg[1:]), binary.BigEndian.Uint16(arg[3:])
		for pg := uint32(start); pg < uint32(start)+uint32(count) && pg < uint32(s.capacity); pg++ {
			if t, ok := s.lib[uint16(pg)]; ok {
				if sim := biometric.MatchScore(s.char[b], t); sim >= MatchThreshold {
					return s.ack(fingerprint.CodeOK, append(u16(uint16(pg)), u16(score(sim))...)...)
				}
			}
		}
		return s.ack(fingerprint.CodeNotFound, 0, 0, 0, 0)
	case 0x05: // RegModel
		if s.char[1] == nil || biometric.MatchScore(s.char[1], s.char[2]) < MatchThreshold {
			return s.ack(fingerprint.CodeEnrollMismatch)
		}
		s.char[2] = s.char[1]
		return s.ack(fingerprint.CodeOK)
	case 0x06, 0x07: // Store, LoadChar
		b, ok := bufArg()
		if !ok || len(arg) != 3 {
			return s.ack(fingerprint.CodePacketError)
		}
		page := binary.BigEndian.Uint16(arg[1:])
		if page >= s.capacity {
			return s.ack(fingerprint.CodeBadLocation)
		}
		if ins == 0x06 {
			if s.char[b] == nil {
				return s.ack(fingerprint.CodeBadTemplate)
			}
			s.lib[page] = s.char[b]
			return s.ack(fingerprint.CodeOK)
		}
		t, ok := s.lib[page]
		if !ok {
			return s.ack(fingerprint.CodeBadTemplate)
		}
		s.char[b] = t
		return s.ack(fingerprint.CodeOK)
	case 0x08: // UpChar
		b, ok := bufArg()
		if !ok {
			return s.ack(fingerprint.CodePacketError)
		}
		t := s.char[b]
		if t == nil {
			return s.ack(fingerprint.CodeUploadFail)
		}
		out := s.ack(fingerprint.CodeOK)
		for i := 0; i < len(t); i += fingerprint.DataPacketSize {
			end := min(i+fingerprint.DataPacketSize, len(t))
			pid := byte(fingerprint.PIDData)
			if end == len(t) {
				pid = fingerprint.PIDEnd
			}
			out = append(out, s.packet(pid, t[i:end]))
		}
		return out
	case 0x09: // DownChar
		b, ok := bufArg()
		if !ok {
			return s.ack(fingerprint.CodePacketError)
		}
		s.recvBuf, s.recv = b, nil
		return s.ack(fingerprint.CodeOK)
	case 0x0C: // DeleteChar
		if len(arg) != 4 {
			return s.ack(fingerprint.CodePacketError)
		}
		start, count := binary.BigEndian.Uint16(arg), binary.BigEndian.Uint16(arg[2:])
		if uint32(start)+uint32(count) > uint32(s.capacity) {
			return s.ack(fingerprint.CodeBadLocation)
		}
		for pg := uint32(start); pg < uint32(start)+uint32(count); pg++ {
			delete(s.lib, uint16(pg))
		}
		return s.ack(fingerprint.CodeOK)
	case 0x0D: // Empty
		clear(s.lib)
		return s.ack(fingerprint.CodeOK)
	case 0x1D: // TemplateNum
		return s.ack(fingerprint.CodeOK, u16(uint16(len(s.lib)))...)
	}
	return s.ack(fingerprint.CodePacketError)
}

func (s *Sim) takeFail() fingerprint.Code {
	c := s.failNext
	s.failNext = fingerprint.CodeOK
	return c
}

// score maps similarity 0.9–1.0 onto the 50–300 range real modules report.
func score(sim float64) uint16 {
	return uint16(50 + (sim-MatchThreshold)/(1-MatchThreshold)*250)
}
