package printer

import (
	"context"
	"errors"
	"io"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bawaba/bawaba/devices/escpos"
	"github.com/bawaba/bawaba/devices/receipt"
)

// silentPort accepts writes and never answers, like a printer that is switched off
// behind a live USB adapter.
type silentPort struct {
	r *io.PipeReader
	w *io.PipeWriter
}

func newSilentPort() *silentPort {
	r, w := io.Pipe()
	return &silentPort{r, w}
}
func (s *silentPort) Read(b []byte) (int, error)  { return s.r.Read(b) }
func (s *silentPort) Write(b []byte) (int, error) { return len(b), nil }
func (s *silentPort) Close() error                { return s.w.Close() }

func TestSilentPrinterTimesOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		port := newSilentPort()
		defer port.Close()
		p := New(port, receipt.Profile{}, Options{ReplyTimeout: 3 * time.Second})
		start := time.Now()
		_, err := p.Status(context.Background())
		if !errors.Is(err, ErrNoResponse) {
			t.Fatalf("err = %v, want ErrNoResponse", err)
		}
		if waited := time.Since(start); waited != 3*time.Second {
			t.Fatalf("waited %v, want exactly the reply timeout", waited)
		}
		port.Close()
		synctest.Wait()
	})
}

func TestCanceledStatus(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		port := newSilentPort()
		defer port.Close()
		p := New(port, receipt.Profile{}, Options{ReplyTimeout: time.Hour})
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if _, err := p.Status(ctx); !errors.Is(err, &Error{Code: Canceled}) {
			t.Fatalf("err = %v, want Canceled", err)
		}
		port.Close()
		synctest.Wait()
	})
}

func TestChunkLen(t *testing.T) {
	raster, _ := escpos.AppendRaster(nil, 10, 10, make([]byte, 100)) // 108 bytes
	text := escpos.AppendText(nil, "abc")                            // 4 one-byte commands
	tests := []struct {
		name  string
		job   []byte
		limit int
		want  int
	}{
		{"when everything fits it is one chunk", text, 100, 4},
		{"when the limit falls inside a command the chunk ends before it", append(append([]byte{}, text...), raster...), 50, 4},
		{"when one command is larger than the limit it goes alone", append(append([]byte{}, raster...), text...), 50, 108},
		{"when a tail is truncated it is sent as is", raster[:20], 10, 20},
		{"when the limit is reached exactly the chunk stops there", text, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := chunkLen(tt.job, tt.limit); got != tt.want {
				t.Fatalf("chunkLen = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestErrorText(t *testing.T) {
	err := &Error{Code: PaperOutError, Op: "print", Sent: 2048}
	if got := err.Error(); got != "printer: print: paper out after 2048 bytes" {
		t.Fatalf("Error() = %q", got)
	}
	if errors.Is(err, ErrCoverOpen) || !errors.Is(err, ErrPaperOut) {
		t.Fatal("errors.Is matches by code only")
	}
}
