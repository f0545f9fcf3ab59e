package scanner_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/scanner"
	"github.com/bawaba/bawaba/devices/scanner/scannersim"
	"github.com/bawaba/bawaba/devices/serialport"
	"github.com/bawaba/bawaba/devices/serialport/serialporttest"
)

func TestFramer(t *testing.T) {
	tests := []struct {
		name string
		opts scanner.Options
		in   string
		want []scanner.Result
	}{
		{"CR LF", scanner.Options{}, "REF-0001\r\n", []scanner.Result{{Scan: scanner.Scan{Data: []byte("REF-0001")}}}},
		{"CR only, two scans", scanner.Options{}, "A\rB\r", []scanner.Result{{Scan: scanner.Scan{Data: []byte("A")}}, {Scan: scanner.Scan{Data: []byte("B")}}}},
		{"LF only", scanner.Options{}, "A\n", []scanner.Result{{Scan: scanner.Scan{Data: []byte("A")}}}},
		{"AIM stripped", scanner.Options{StripAIM: true}, "]Q1مرحبا\r\n", []scanner.Result{{Scan: scanner.Scan{Data: []byte("مرحبا"), AIM: "]Q1", Symbology: "qrcode"}}}},
		{"AIM kept when not stripping", scanner.Options{}, "]C0X\r", []scanner.Result{{Scan: scanner.Scan{Data: []byte("]C0X")}}}},
		{"prefix and AIM", scanner.Options{Prefix: []byte("@"), StripAIM: true}, "@]C0123\r\n", []scanner.Result{{Scan: scanner.Scan{Data: []byte("123"), AIM: "]C0", Symbology: "code128"}}}},
		{"missing prefix", scanner.Options{Prefix: []byte("@")}, "123\r\n", []scanner.Result{{Err: scanner.ErrNoPrefix}}},
		{"too long then fine", scanner.Options{MaxLen: 4}, "12345\rOK\r", []scanner.Result{{Err: scanner.ErrTooLong}, {Scan: scanner.Scan{Data: []byte("OK")}}}},
		{"binary payload kept", scanner.Options{}, "\x00\xff\x1b\r", []scanner.Result{{Scan: scanner.Scan{Data: []byte{0, 0xff, 0x1b}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Feed byte by byte: framing must not depend on how reads split.
			f := scanner.NewFramer(tt.opts)
			var got []scanner.Result
			for i := range len(tt.in) {
				got = append(got, f.Feed([]byte{tt.in[i]})...)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d results, want %d", len(got), len(tt.want))
			}
			for i := range got {
				g, w := got[i], tt.want[i]
				if !errors.Is(g.Err, w.Err) || !bytes.Equal(g.Scan.Data, w.Scan.Data) || g.Scan.AIM != w.Scan.AIM || g.Scan.Symbology != w.Scan.Symbology {
					t.Fatalf("result %d: got %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestReaderAgainstSimulatorOverPTY(t *testing.T) {
	sim := &scannersim.Sim{Prefix: []byte("@"), AIM: true}
	port := serialporttest.Serve(t, serialport.Config{Baud: 115200}, sim.Serve)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	results := make(chan scanner.Result, 8)
	rd := &scanner.Reader{Options: scanner.Options{Prefix: []byte("@"), StripAIM: true}}
	go rd.Run(ctx, port, func(r scanner.Result) { results <- r })

	payload := []byte("BWB-REF-7Q2K9\x00\xc3\xa9")
	if err := sim.Scan(payload, "]Q1"); err != nil {
		t.Fatal(err)
	}
	if err := sim.Noise(32); err != nil {
		t.Fatal(err)
	}
	if err := sim.Scan([]byte("second"), "]C0"); err != nil {
		t.Fatal(err)
	}
	var got []scanner.Result
	for len(got) < 2 {
		select {
		case r := <-results:
			if r.Err == nil {
				got = append(got, r)
			}
		case <-ctx.Done():
			t.Fatal("timed out waiting for scans")
		}
	}
	if !bytes.Equal(got[0].Scan.Data, payload) || got[0].Scan.Symbology != "qrcode" || string(got[1].Scan.Data) != "second" {
		t.Fatalf("got %+v", got)
	}
}

func FuzzFramer(f *testing.F) {
	f.Add([]byte("@]Q1hello\r\n"), true)
	f.Add([]byte("\r\r\n\n"), false)
	f.Add([]byte("]"), true)
	f.Add(bytes.Repeat([]byte("x"), 100), false)
	f.Fuzz(func(t *testing.T, in []byte, aim bool) {
		fr := scanner.NewFramer(scanner.Options{Prefix: []byte("@"), StripAIM: aim, MaxLen: 64})
		total := 0
		for _, r := range fr.Feed(in) {
			if r.Err == nil {
				total += len(r.Scan.Data)
				if len(r.Scan.Data) > 64 || bytes.ContainsAny(r.Scan.Data, "\r\n") {
					t.Fatalf("bad scan %q", r.Scan.Data)
				}
			}
		}
		if total > len(in) {
			t.Fatal("more bytes out than in")
		}
	})
}
