// Package logfile is where the kiosk and the central service write their logs on
// a deployed machine: JSON lines (log/slog) in a file that is rotated by size, so
// a kiosk that runs for months in a town with no technician never fills its
// disk with logs. The newest file is NAME, older ones NAME.1 … NAME.N; the
// oldest is dropped.
//
// What goes into a log is the caller's concern: no personal data is ever logged
// (the wire and identity types redact themselves in slog; tests scan the logs).
package logfile

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
)

// Defaults for Options.
const (
	DefaultMaxBytes = 10 << 20 // 10 MiB per file
	DefaultKeep     = 5        // NAME.1 … NAME.5 besides NAME
)

// Options bound the files.
type Options struct {
	MaxBytes int64 // rotate when a write would take the file past this; 0: DefaultMaxBytes
	Keep     int   // rotated files kept; 0: DefaultKeep
}

// File is an io.Writer that rotates by size. It is safe for concurrent use.
type File struct {
	path string
	opt  Options

	mu   sync.Mutex
	f    *os.File
	size int64
}

// Open opens (or creates, mode 0600: logs are for staff) the log file at path.
func Open(path string, o Options) (*File, error) {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Keep <= 0 {
		o.Keep = DefaultKeep
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("logfile: %w", err)
	}
	l := &File{path: path, opt: o}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *File) open() error {
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("logfile: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("logfile: %w", err)
	}
	l.f, l.size = f, st.Size()
	return nil
}

// Write appends p, rotating first when p would take the file past MaxBytes. A
// line is never split between two files.
func (l *File) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return 0, os.ErrClosed
	}
	if l.size > 0 && l.size+int64(len(p)) > l.opt.MaxBytes {
		if err := l.rotate(); err != nil {
			// Keep logging into the old file rather than losing the line.
			fmt.Fprintf(os.Stderr, "logfile: rotate: %v\n", err)
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

// rotate shifts NAME.i to NAME.i+1 (dropping the oldest) and starts a new NAME.
func (l *File) rotate() error {
	if err := l.f.Close(); err != nil {
		return err
	}
	l.f = nil
	var errs []error
	for i := l.opt.Keep - 1; i >= 1; i-- {
		from, to := fmt.Sprintf("%s.%d", l.path, i), fmt.Sprintf("%s.%d", l.path, i+1)
		if err := os.Rename(from, to); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := os.Rename(l.path, l.path+".1"); err != nil {
		errs = append(errs, err)
	}
	if err := l.open(); err != nil {
		return errors.Join(append(errs, err)...)
	}
	return errors.Join(errs...)
}

// Close flushes the current file to the disk and closes it: a kiosk that exits
// for maintenance may be switched off next, and its last lines say why it
// stopped.
func (l *File) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := errors.Join(l.f.Sync(), l.f.Close())
	l.f = nil
	return err
}

// Logger returns a JSON slog.Logger writing to w at level.
func Logger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}
