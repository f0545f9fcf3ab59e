package serialport

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/tarm/serial"
)

// DefaultReadTimeout is used when Config.ReadTimeout is zero. It bounds how long a
// Close waits for a concurrent Read to notice it.
const DefaultReadTimeout = 100 * time.Millisecond

// Config says which port to open and how.
type Config struct {
	// Path is the device node, e.g. /dev/ttyUSB0 or a simulator's symlink.
	Path string
	// Baud is the line speed; zero means 9600. Pseudo-terminals ignore it.
	Baud int
	// ReadTimeout is how long one Read waits for the first byte before returning
	// ErrTimeout; zero means DefaultReadTimeout. Granularity is 100 ms.
	ReadTimeout time.Duration
}

// Port is an open serial line.
type Port interface {
	io.ReadWriteCloser
}

// ErrorCode classifies a serial failure so callers switch on it instead of matching
// strings; the UI maps each code to a translated message.
type ErrorCode int

// Error codes carried by *PortError.
const (
	// Other is any failure not classified below (bad baud rate, not a tty, …).
	Other ErrorCode = iota
	// PortNotFound: the device node does not exist (unplugged, wrong path).
	PortNotFound
	// PortBusy: another process holds the port.
	PortBusy
	// PermissionDenied: the kiosk user may not open the node (dialout group).
	PermissionDenied
	// Disconnected: the device went away while open (hang-up, EIO, ENODEV).
	Disconnected
)

func (c ErrorCode) String() string {
	switch c {
	case PortNotFound:
		return "port not found"
	case PortBusy:
		return "port busy"
	case PermissionDenied:
		return "permission denied"
	case Disconnected:
		return "disconnected"
	default:
		return "serial error"
	}
}

// PortError is the typed error returned by Open and by Port reads and writes.
type PortError struct {
	Code ErrorCode
	Err  error // the underlying OS error, may be nil
}

func (e *PortError) Error() string {
	if e.Err == nil {
		return e.Code.String()
	}
	return e.Code.String() + ": " + e.Err.Error()
}

func (e *PortError) Unwrap() error { return e.Err }

// CodeOf returns the code of the first *PortError in err's chain, and false if there
// is none.
func CodeOf(err error) (ErrorCode, bool) {
	var pe *PortError
	if errors.As(err, &pe) {
		return pe.Code, true
	}
	return Other, false
}

var (
	// ErrTimeout is returned by Read when no byte arrived within the read timeout.
	// It is not a failure: the line is simply quiet.
	ErrTimeout = errors.New("serialport: read timeout")
	// ErrClosed is returned by Read and Write after Close.
	ErrClosed = errors.New("serialport: port closed")
)

// Open opens cfg.Path as a raw 8N1 serial line.
func Open(cfg Config) (Port, error) {
	baud := cfg.Baud
	if baud == 0 {
		baud = 9600
	}
	timeout := cfg.ReadTimeout
	if timeout <= 0 {
		timeout = DefaultReadTimeout
	}
	sp, err := serial.OpenPort(&serial.Config{Name: cfg.Path, Baud: baud, ReadTimeout: timeout})
	if err != nil {
		return nil, fmt.Errorf("open serial %s: %w", cfg.Path, classify(err))
	}
	return &port{sp: sp, path: cfg.Path, timeout: timeout}, nil
}

type port struct {
	sp      *serial.Port
	path    string
	timeout time.Duration
	closed  atomic.Bool
}

func (p *port) Read(b []byte) (int, error) {
	if p.closed.Load() {
		return 0, ErrClosed
	}
	if len(b) == 0 {
		return 0, nil
	}
	start := time.Now()
	n, err := p.sp.Read(b)
	if n > 0 {
		// A following Read reports any error that came with these bytes.
		return n, nil
	}
	if p.closed.Load() {
		return 0, ErrClosed
	}
	if err == nil || errors.Is(err, io.EOF) {
		// termios VTIME expiry and a hung-up line both read as zero bytes. Expiry
		// cannot happen before the timeout has elapsed, so an early zero read is a
		// hang-up.
		if time.Since(start) >= p.timeout/2 {
			return 0, ErrTimeout
		}
		return 0, fmt.Errorf("serial %s: read: %w", p.path, &PortError{Code: Disconnected, Err: io.ErrUnexpectedEOF})
	}
	return 0, fmt.Errorf("serial %s: read: %w", p.path, classify(err))
}

func (p *port) Write(b []byte) (int, error) {
	if p.closed.Load() {
		return 0, ErrClosed
	}
	n, err := p.sp.Write(b)
	if err != nil {
		return n, fmt.Errorf("serial %s: write: %w", p.path, classify(err))
	}
	return n, nil
}

func (p *port) Close() error {
	if p.closed.Swap(true) {
		return nil
	}
	if err := p.sp.Close(); err != nil {
		return fmt.Errorf("serial %s: close: %w", p.path, err)
	}
	return nil
}

// classify wraps an OS error in a *PortError with the matching code.
func classify(err error) error {
	var pe *PortError
	if errors.As(err, &pe) {
		return err
	}
	code := Other
	switch {
	case errors.Is(err, fs.ErrNotExist):
		code = PortNotFound
	case errors.Is(err, syscall.EBUSY):
		code = PortBusy
	case errors.Is(err, fs.ErrPermission):
		code = PermissionDenied
	case errors.Is(err, syscall.EIO), errors.Is(err, syscall.ENXIO), errors.Is(err, syscall.ENODEV),
		errors.Is(err, syscall.EPIPE), errors.Is(err, fs.ErrClosed):
		code = Disconnected
	}
	return &PortError{Code: code, Err: err}
}
