package serialport_test

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/serialport"
	"github.com/bawaba/bawaba/devices/serialport/serialporttest"
)

func TestPTYExchangesBytesBothWays(t *testing.T) {
	master, p := serialporttest.PairConfig(t, serialport.Config{Baud: 115200})

	// Every byte value must pass unchanged: no CR/LF translation, no echo.
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	if _, err := p.Write(all); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(all))
	if _, err := io.ReadFull(master, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, all) {
		t.Fatalf("driver→sim: got % x", got)
	}

	if _, err := master.Write(all); err != nil {
		t.Fatal(err)
	}
	got = readN(t, p, len(all))
	if !bytes.Equal(got, all) {
		t.Fatalf("sim→driver: got % x", got)
	}
}

func readN(t *testing.T, p io.Reader, n int) []byte {
	t.Helper()
	var out []byte
	buf := make([]byte, n)
	deadline := time.Now().Add(10 * time.Second)
	for len(out) < n && time.Now().Before(deadline) {
		k, err := p.Read(buf[:n-len(out)])
		out = append(out, buf[:k]...)
		if err != nil && !errors.Is(err, serialport.ErrTimeout) {
			t.Fatalf("read after %d bytes: %v", len(out), err)
		}
	}
	return out
}

func TestQuietLineTimesOut(t *testing.T) {
	_, p := serialporttest.PairConfig(t, serialport.Config{ReadTimeout: 100 * time.Millisecond})
	if _, err := p.Read(make([]byte, 8)); !errors.Is(err, serialport.ErrTimeout) {
		t.Fatalf("want ErrTimeout, got %v", err)
	}
}

func TestClosedMasterReadsAsDisconnected(t *testing.T) {
	master, p := serialporttest.PairConfig(t, serialport.Config{ReadTimeout: time.Second})
	master.Close()
	_, err := p.Read(make([]byte, 8))
	if code, ok := serialport.CodeOf(err); !ok || code != serialport.Disconnected {
		t.Fatalf("read: want Disconnected, got %v", err)
	}
	_, err = p.Write([]byte("x"))
	if code, ok := serialport.CodeOf(err); !ok || code != serialport.Disconnected {
		t.Fatalf("write: want Disconnected, got %v", err)
	}
}

func TestOpenErrorsAreTyped(t *testing.T) {
	tests := []struct {
		name string
		path string
		want serialport.ErrorCode
	}{
		{"missing node", filepath.Join(t.TempDir(), "ttyNONE"), serialport.PortNotFound},
		{"not a tty", t.TempDir(), serialport.Other},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := serialport.Open(serialport.Config{Path: tt.path})
			code, ok := serialport.CodeOf(err)
			if !ok || code != tt.want {
				t.Fatalf("got %v (code %v), want %v", err, code, tt.want)
			}
		})
	}
}

func TestReadAfterCloseIsErrClosed(t *testing.T) {
	_, p := serialporttest.PairConfig(t, serialport.Config{})
	p.Close()
	if _, err := p.Read(make([]byte, 1)); !errors.Is(err, serialport.ErrClosed) {
		t.Fatalf("got %v", err)
	}
}
