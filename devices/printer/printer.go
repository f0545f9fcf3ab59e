package printer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/bawaba/bawaba/devices/escpos"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/devices/serialport"
)

// Options tune the driver. Zero values pick the defaults noted on each field.
type Options struct {
	// ChunkBytes is how much is written between status checks; zero means 1024.
	// A single command larger than this (a raster band) goes alone.
	ChunkBytes int
	// ReplyTimeout bounds the wait for a status byte; zero means 2 s.
	ReplyTimeout time.Duration
	// SettleGap is how long the driver listens after a reply for stray bytes that
	// would make it doubtful; zero means 5 ms.
	SettleGap time.Duration
}

// Printer is one receipt printer on one port. Methods are safe for concurrent use
// and run one at a time.
type Printer struct {
	rw   io.ReadWriter
	prof receipt.Profile
	opts Options

	mu   sync.Mutex // one exchange at a time
	once sync.Once
	rx   chan []byte
	rerr chan error // the reader's final error, buffered
	dead error      // set once the reader has ended

	lastMu sync.Mutex
	last   Status
}

// New returns a driver for the printer on rw (usually a serialport.Port) laid out
// with profile p.
func New(rw io.ReadWriter, p receipt.Profile, opts Options) *Printer {
	if opts.ChunkBytes <= 0 {
		opts.ChunkBytes = 1024
	}
	if opts.ReplyTimeout <= 0 {
		opts.ReplyTimeout = 2 * time.Second
	}
	if opts.SettleGap <= 0 {
		opts.SettleGap = 5 * time.Millisecond
	}
	return &Printer{rw: rw, prof: p, opts: opts, rx: make(chan []byte, 64), rerr: make(chan error, 1)}
}

// LastStatus is the status seen by the most recent exchange, without asking.
func (p *Printer) LastStatus() Status {
	p.lastMu.Lock()
	defer p.lastMu.Unlock()
	return p.last
}

func (p *Printer) setLast(s Status) {
	p.lastMu.Lock()
	p.last = s
	p.lastMu.Unlock()
}

// startReader moves incoming bytes to p.rx so waits can honour timeouts and ctx.
func (p *Printer) startReader() {
	p.once.Do(func() {
		go func() {
			buf := make([]byte, 256)
			for {
				n, err := p.rw.Read(buf)
				if n > 0 {
					p.rx <- append([]byte(nil), buf[:n]...)
				}
				if err != nil && !errors.Is(err, serialport.ErrTimeout) {
					p.rerr <- err
					close(p.rx)
					return
				}
			}
		}()
	})
}

// Status asks the printer for all four status bytes.
func (p *Printer) Status(ctx context.Context) (Status, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.statusLocked(ctx)
}

func (p *Printer) statusLocked(ctx context.Context) (Status, error) {
	var raw escpos.Status
	for k := escpos.StatusPrinter; k <= escpos.StatusPaper; k++ {
		if err := p.queryLocked(ctx, k, &raw); err != nil {
			s := Status{Device: DeviceOffline, Paper: PaperUnknown}
			if c, ok := codeOf(err); ok && c == NoDevice {
				s.Device = DeviceNoDevice
			}
			p.setLast(s)
			return s, err
		}
	}
	s := fromRaw(raw)
	p.setLast(s)
	return s, nil
}

// queryLocked sends DLE EOT k and parses the one reply into raw. A reply mixed
// with stray bytes is asked for once more before it counts as a protocol error.
func (p *Printer) queryLocked(ctx context.Context, k escpos.StatusKind, raw *escpos.Status) error {
	p.startReader()
	var lastErr error
	for attempt := 0; attempt < 2; attempt++ {
		p.drain()
		if p.dead != nil {
			return &Error{Code: NoDevice, Op: "status", Err: p.dead}
		}
		if _, err := p.rw.Write(escpos.AppendStatusRequest(nil, k)); err != nil {
			return &Error{Code: NoDevice, Op: "status", Err: err}
		}
		got, err := p.collect(ctx)
		if err != nil {
			return err
		}
		if len(got) == 1 {
			if lastErr = raw.ParseStatus(k, got[0]); lastErr == nil {
				return nil
			}
		} else {
			lastErr = fmt.Errorf("%d bytes in reply to DLE EOT %d: % x", len(got), k, got[:min(len(got), 8)])
		}
	}
	return &Error{Code: Protocol, Op: "status", Err: lastErr}
}

// drain discards bytes that arrived unasked (late replies, line noise).
func (p *Printer) drain() {
	for {
		select {
		case _, ok := <-p.rx:
			if !ok {
				p.noteDead()
				return
			}
		default:
			return
		}
	}
}

func (p *Printer) noteDead() {
	if p.dead == nil {
		p.dead = <-p.rerr
	}
}

// collect waits for a reply and the settle gap after it.
func (p *Printer) collect(ctx context.Context) ([]byte, error) {
	timeout := time.NewTimer(p.opts.ReplyTimeout)
	defer timeout.Stop()
	var got []byte
	var settle <-chan time.Time
	for {
		select {
		case b, ok := <-p.rx:
			if !ok {
				p.noteDead()
				return nil, &Error{Code: NoDevice, Op: "status", Err: p.dead}
			}
			got = append(got, b...)
			settle = time.After(p.opts.SettleGap)
		case <-settle:
			return got, nil
		case <-timeout.C:
			if len(got) > 0 {
				return got, nil
			}
			return nil, &Error{Code: NoResponse, Op: "status", Err: fmt.Errorf("no reply within %v", p.opts.ReplyTimeout)}
		case <-ctx.Done():
			return nil, &Error{Code: Canceled, Op: "status", Err: ctx.Err()}
		}
	}
}

// Print lays r out for this printer and sends it. It checks the printer first and
// after every chunk; a printer that stops ends the job with a typed *Error.
func (p *Printer) Print(ctx context.Context, r receipt.Receipt) error {
	job, err := receipt.Encode(r, p.prof)
	if err != nil {
		return &Error{Code: BadReceipt, Op: "print", Err: err}
	}
	return p.PrintRaw(ctx, job)
}

// PrintRaw sends an already encoded ESC/POS job the same way Print does.
func (p *Printer) PrintRaw(ctx context.Context, job []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, err := p.statusLocked(ctx)
	if err != nil {
		return err
	}
	if err := s.err("print", 0); err != nil {
		return err
	}
	sent := 0
	for sent < len(job) {
		n := chunkLen(job[sent:], p.opts.ChunkBytes)
		if _, err := p.rw.Write(job[sent : sent+n]); err != nil {
			return &Error{Code: NoDevice, Op: "print", Sent: sent, Err: err}
		}
		sent += n
		if ctx.Err() != nil {
			return &Error{Code: Canceled, Op: "print", Sent: sent, Err: ctx.Err()}
		}
		if err := p.checkLocked(ctx, sent); err != nil {
			return err
		}
	}
	return nil
}

// checkLocked is the cheap between-chunks check: one DLE EOT 1, and the full
// status only when the printer says it is offline.
func (p *Printer) checkLocked(ctx context.Context, sent int) error {
	var raw escpos.Status
	if err := p.queryLocked(ctx, escpos.StatusPrinter, &raw); err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Op, e.Sent = "print", sent
		}
		return err
	}
	if !raw.Offline {
		return nil
	}
	s, err := p.statusLocked(ctx)
	if err != nil {
		return err
	}
	if err := s.err("print", sent); err != nil {
		return err
	}
	return &Error{Code: Offline, Op: "print", Sent: sent, Status: s}
}

// chunkLen returns how many bytes of job make up whole commands within max bytes;
// a first command longer than max is returned whole.
func chunkLen(job []byte, limit int) int {
	n := 0
	for n < len(job) {
		c, ok := escpos.CommandLen(job[n:])
		if !ok {
			// A truncated tail: send it as it is, the printer will wait for the rest.
			return len(job)
		}
		if n > 0 && n+c > limit {
			break
		}
		n += c
		if n >= limit {
			break
		}
	}
	return n
}
