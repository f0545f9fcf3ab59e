package fingerprint_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/identity/biometric"
)

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func TestPacketVectors(t *testing.T) {
	// devices.md §4.1, verified by computing.
	tests := []struct {
		name string
		p    fingerprint.Packet
		wire string
	}{
		{"GenImg command", fingerprint.Packet{Addr: fingerprint.DefaultAddress, PID: fingerprint.PIDCommand, Payload: []byte{0x01}}, "ef01ffffffff010003010005"},
		{"OK ack", fingerprint.Packet{Addr: fingerprint.DefaultAddress, PID: fingerprint.PIDAck, Payload: []byte{0x00}}, "ef01ffffffff07000300000a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hex.EncodeToString(tt.p.Encode()); got != tt.wire {
				t.Fatalf("encode = %s", got)
			}
			p, n, err := fingerprint.Decode(unhex(tt.wire))
			if err != nil || n != 12 || p.PID != tt.p.PID || !bytes.Equal(p.Payload, tt.p.Payload) {
				t.Fatalf("decode = %+v %d %v", p, n, err)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		err  error
		n    int
	}{
		{"empty", "", fingerprint.ErrShort, 0},
		{"half header", "ef01ffff", fingerprint.ErrShort, 0},
		{"noise before header", "0102ef01", fingerprint.ErrSync, 2},
		{"bad checksum", "ef01ffffffff010003010006", fingerprint.ErrChecksum, 12},
		{"unknown pid", "ef01ffffffff090003010005", fingerprint.ErrPID, 12},
		{"zero length", "ef01ffffffff010000", fingerprint.ErrLength, 9},
		{"truncated payload", "ef01ffffffff01000301", fingerprint.ErrShort, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, n, err := fingerprint.Decode(unhex(tt.in))
			if !errors.Is(err, tt.err) || n != tt.n {
				t.Fatalf("got n=%d err=%v", n, err)
			}
		})
	}
}

func TestSimTemplate(t *testing.T) {
	a, b := fingerprint.SimTemplate("1000000008"), fingerprint.SimTemplate("2000000006")
	if len(a) != fingerprint.TemplateSize || hex.EncodeToString(a[:4]) == hex.EncodeToString(b[:4]) {
		t.Fatal("templates not distinct or wrong size")
	}
	if s := biometric.MatchScore(a, a); s != 1 {
		t.Fatalf("self similarity %v", s)
	}
	if s := biometric.MatchScore(a, b); s > 0.6 || s < 0.4 {
		t.Fatalf("different fingers similarity %v", s)
	}
	if !bytes.Equal(a, biometric.SyntheticTemplate("1000000008")) {
		t.Fatal("SimTemplate is not the central service's biometric.SyntheticTemplate")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(unhex("ef01ffffffff010003010005"))
	f.Add(unhex("ef01ffffffff07000300000a"))
	f.Add(unhex("ef01ffffffff0200820000"))
	f.Add([]byte{0xef, 0xef, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		for len(b) > 0 {
			p, n, err := fingerprint.Decode(b)
			if errors.Is(err, fingerprint.ErrShort) {
				if n != 0 {
					t.Fatal("short with progress")
				}
				return
			}
			if n <= 0 || n > len(b) {
				t.Fatalf("n=%d of %d", n, len(b))
			}
			if err == nil && !bytes.Equal(p.Encode(), b[:n]) {
				t.Fatalf("re-encode differs: % x vs % x", p.Encode(), b[:n])
			}
			b = b[n:]
		}
	})
}
