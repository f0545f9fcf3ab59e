package fingerprint

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/bawaba/bawaba/devices/serialport"
)

// Instruction codes.
const (
	insGenImg      = 0x01
	insImg2Tz      = 0x02
	insMatch       = 0x03
	insSearch      = 0x04
	insRegModel    = 0x05
	insStore       = 0x06
	insLoadChar    = 0x07
	insUpChar      = 0x08
	insDownChar    = 0x09
	insDeleteChar  = 0x0C
	insEmpty       = 0x0D
	insVfyPwd      = 0x13
	insTemplateNum = 0x1D
)

// DataPacketSize is the payload of each data packet (the module default, 128).
const DataPacketSize = 128

var (
	// ErrNoReply is returned when the module did not answer within Options.Timeout.
	ErrNoReply = errors.New("fingerprint: no reply from sensor")
	// ErrProtocol is returned for a reply of the wrong kind or size.
	ErrProtocol = errors.New("fingerprint: unexpected reply")
)

// Options configure a Sensor; the zero value fits a factory-default module.
type Options struct {
	// Address is the module address; zero means DefaultAddress.
	Address uint32
	// Password is sent by VerifyPassword (factory default 0).
	Password uint32
	// Timeout bounds each command's reply; zero means 2 s.
	Timeout time.Duration
	// Poll is the pause between captures while waiting for a finger; zero means 200 ms.
	Poll time.Duration
	// After waits like time.After; nil means time.After. Tests inject their own.
	After func(time.Duration) <-chan time.Time
}

// Sensor talks to one module over an open port. Methods are safe for concurrent
// use; commands are serialised.
type Sensor struct {
	rw   io.ReadWriter
	opts Options
	mu   sync.Mutex
	buf  []byte
	rbuf []byte
}

// New returns a Sensor speaking on rw.
func New(rw io.ReadWriter, o Options) *Sensor {
	if o.Address == 0 {
		o.Address = DefaultAddress
	}
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Second
	}
	if o.Poll <= 0 {
		o.Poll = 200 * time.Millisecond
	}
	if o.After == nil {
		o.After = time.After
	}
	return &Sensor{rw: rw, opts: o, rbuf: make([]byte, 512)}
}

// command sends one instruction and returns the ack's data after the
// confirmation code, or an *Error for a non-OK code.
func (s *Sensor) command(ctx context.Context, op string, ins byte, params ...byte) ([]byte, error) {
	s.buf = s.buf[:0] // stale bytes belong to an earlier, failed exchange
	if err := s.send(PIDCommand, append([]byte{ins}, params...)); err != nil {
		return nil, fmt.Errorf("fingerprint: %s: %w", op, err)
	}
	p, err := s.receive(ctx)
	if err != nil {
		return nil, fmt.Errorf("fingerprint: %s: %w", op, err)
	}
	if p.PID != PIDAck || len(p.Payload) < 1 {
		return nil, fmt.Errorf("fingerprint: %s: %w", op, ErrProtocol)
	}
	if c := Code(p.Payload[0]); c != CodeOK {
		return nil, &Error{Code: c, Op: op}
	}
	return p.Payload[1:], nil
}

func (s *Sensor) send(pid byte, payload []byte) error {
	_, err := s.rw.Write(Packet{Addr: s.opts.Address, PID: pid, Payload: payload}.Encode())
	return err
}

// receive reads until one packet for our address decodes, skipping noise. A packet
// with a bad checksum is an error: the module's answer was damaged on the wire.
func (s *Sensor) receive(ctx context.Context) (Packet, error) {
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	for {
		for len(s.buf) > 0 {
			p, n, err := Decode(s.buf)
			if errors.Is(err, ErrShort) {
				break
			}
			s.buf = s.buf[n:]
			switch {
			case errors.Is(err, ErrChecksum):
				return Packet{}, err
			case err != nil:
				continue // noise
			case p.Addr != s.opts.Address:
				continue
			}
			return p, nil
		}
		if ctx.Err() != nil {
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return Packet{}, ErrNoReply
			}
			return Packet{}, ctx.Err()
		}
		n, err := s.rw.Read(s.rbuf)
		s.buf = append(s.buf, s.rbuf[:n]...)
		if err != nil && !errors.Is(err, serialport.ErrTimeout) {
			return Packet{}, err
		}
		if len(s.buf) > 4096 {
			s.buf = s.buf[len(s.buf)-4096:]
		}
	}
}

func u16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }

// VerifyPassword sends the configured password; modules with a password set refuse
// other commands until it is verified. The device manager uses it as a handshake.
func (s *Sensor) VerifyPassword(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.command(ctx, "VfyPwd", insVfyPwd, binary.BigEndian.AppendUint32(nil, s.opts.Password)...)
	return err
}

// GenImg captures a finger image into the image buffer; ErrNoFinger when the
// sensor is empty.
func (s *Sensor) GenImg(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.command(ctx, "GenImg", insGenImg)
	return err
}

// Img2Tz turns the image into a character file in buffer 1 or 2.
func (s *Sensor) Img2Tz(ctx context.Context, buf byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.command(ctx, "Img2Tz", insImg2Tz, buf)
	return err
}

// RegModel combines CharBuffer1 and CharBuffer2 into a template.
func (s *Sensor) RegModel(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.command(ctx, "RegModel", insRegModel)
	return err
}

// Store saves buffer buf at library page.
func (s *Sensor) Store(ctx context.Context, buf byte, page uint16) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.command(ctx, "Store", insStore, append([]byte{buf}, u16(page)...)...)
	return err
}

// LoadChar loads the template at library page into buffer buf.
func (s *Sensor) LoadChar(ctx context.Context, buf byte, page uint16) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.command(ctx, "LoadChar", insLoadChar, append([]byte{buf}, u16(page)...)...)
	return err
}

// Delete removes count templates starting at page.
func (s *Sensor) Delete(ctx context.Context, page, count uint16) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.command(ctx, "DeleteChar", insDeleteChar, append(u16(page), u16(count)...)...)
	return err
}

// Empty clears the whole library.
func (s *Sensor) Empty(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.command(ctx, "Empty", insEmpty)
	return err
}

// Match compares CharBuffer1 with CharBuffer2; ErrNoMatch when they differ.
func (s *Sensor) Match(ctx context.Context) (score uint16, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := s.command(ctx, "Match", insMatch)
	if err != nil {
		return 0, err
	}
	if len(d) < 2 {
		return 0, fmt.Errorf("fingerprint: Match: %w", ErrProtocol)
	}
	return binary.BigEndian.Uint16(d), nil
}

// Search looks buffer buf up in count library pages from start; ErrNotFound when
// nobody matches.
func (s *Sensor) Search(ctx context.Context, buf byte, start, count uint16) (page, score uint16, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := s.command(ctx, "Search", insSearch, append(append([]byte{buf}, u16(start)...), u16(count)...)...)
	if err != nil {
		return 0, 0, err
	}
	if len(d) < 4 {
		return 0, 0, fmt.Errorf("fingerprint: Search: %w", ErrProtocol)
	}
	return binary.BigEndian.Uint16(d), binary.BigEndian.Uint16(d[2:]), nil
}

// TemplateNum is how many templates the library holds.
func (s *Sensor) TemplateNum(ctx context.Context) (uint16, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := s.command(ctx, "TemplateNum", insTemplateNum)
	if err != nil {
		return 0, err
	}
	if len(d) < 2 {
		return 0, fmt.Errorf("fingerprint: TemplateNum: %w", ErrProtocol)
	}
	return binary.BigEndian.Uint16(d), nil
}

// UpChar uploads the character file in buffer buf from the module.
func (s *Sensor) UpChar(ctx context.Context, buf byte) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.command(ctx, "UpChar", insUpChar, buf); err != nil {
		return nil, err
	}
	var out []byte
	for {
		p, err := s.receive(ctx)
		if err != nil {
			return nil, fmt.Errorf("fingerprint: UpChar: %w", err)
		}
		if p.PID != PIDData && p.PID != PIDEnd {
			return nil, fmt.Errorf("fingerprint: UpChar: %w", ErrProtocol)
		}
		out = append(out, p.Payload...)
		if len(out) > 4*TemplateSize {
			return nil, fmt.Errorf("fingerprint: UpChar: %w", ErrProtocol)
		}
		if p.PID == PIDEnd {
			return out, nil
		}
	}
}

// DownChar downloads tmpl into buffer buf of the module.
func (s *Sensor) DownChar(ctx context.Context, buf byte, tmpl []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.command(ctx, "DownChar", insDownChar, buf); err != nil {
		return err
	}
	for i := 0; i < len(tmpl); i += DataPacketSize {
		end := min(i+DataPacketSize, len(tmpl))
		pid := byte(PIDData)
		if end == len(tmpl) {
			pid = PIDEnd
		}
		if err := s.send(pid, tmpl[i:end]); err != nil {
			return fmt.Errorf("fingerprint: DownChar: %w", err)
		}
	}
	return nil
}

// Capture waits for a finger (polling GenImg), then turns the image into a
// character file in buffer buf. onFinger, if not nil, is called once the image is
// taken, so the UI can say "hold still". Capture returns image-quality errors
// (ErrImageMessy, ErrFewFeatures) for the caller to ask for another try.
func (s *Sensor) Capture(ctx context.Context, buf byte, onFinger func()) error {
	for {
		err := s.GenImg(ctx)
		if err == nil {
			break
		}
		if !errors.Is(err, ErrNoFinger) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.opts.After(s.opts.Poll):
		}
	}
	if onFinger != nil {
		onFinger()
	}
	return s.Img2Tz(ctx, buf)
}

// WaitRemoved polls until the finger is lifted.
func (s *Sensor) WaitRemoved(ctx context.Context) error {
	for {
		err := s.GenImg(ctx)
		if errors.Is(err, ErrNoFinger) {
			return nil
		}
		if err != nil && !errors.Is(err, ErrImageMessy) && !errors.Is(err, ErrFewFeatures) {
			var e *Error
			if !errors.As(err, &e) {
				return err
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.opts.After(s.opts.Poll):
		}
	}
}

// Enroll captures the same finger twice (lifting in between), builds a template
// and stores it at page.
func (s *Sensor) Enroll(ctx context.Context, page uint16, onFinger func()) error {
	if err := s.Capture(ctx, 1, onFinger); err != nil {
		return err
	}
	if err := s.WaitRemoved(ctx); err != nil {
		return err
	}
	if err := s.Capture(ctx, 2, onFinger); err != nil {
		return err
	}
	if err := s.RegModel(ctx); err != nil {
		return err
	}
	return s.Store(ctx, 1, page)
}

// Identify captures a finger and searches the first capacity pages of the library.
func (s *Sensor) Identify(ctx context.Context, capacity uint16, onFinger func()) (page, score uint16, err error) {
	if err := s.Capture(ctx, 1, onFinger); err != nil {
		return 0, 0, err
	}
	return s.Search(ctx, 1, 0, capacity)
}

// Verify is the kiosk's 1:1 check: the template on record (from the central
// registry) goes into CharBuffer2, the live finger into CharBuffer1, and the module
// compares them. ErrNoMatch when it is not the same finger.
func (s *Sensor) Verify(ctx context.Context, onRecord []byte, onFinger func()) (score uint16, err error) {
	if err := s.Capture(ctx, 1, onFinger); err != nil {
		return 0, err
	}
	if err := s.DownChar(ctx, 2, onRecord); err != nil {
		return 0, err
	}
	return s.Match(ctx)
}

// CaptureTemplate captures a finger and uploads its template, for sending to the
// central service.
func (s *Sensor) CaptureTemplate(ctx context.Context, onFinger func()) ([]byte, error) {
	if err := s.Capture(ctx, 1, onFinger); err != nil {
		return nil, err
	}
	return s.UpChar(ctx, 1)
}
