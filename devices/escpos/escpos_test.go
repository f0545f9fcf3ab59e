package escpos

import (
	"bytes"
	"errors"
	"testing"
)

func TestEncoders(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want []byte
	}{
		{"init is ESC @", AppendInit(nil), []byte{0x1B, 0x40}},
		{"centre is ESC a 1", AppendAlign(nil, AlignCenter), []byte{0x1B, 0x61, 0x01}},
		{"right is ESC a 2", AppendAlign(nil, AlignRight), []byte{0x1B, 0x61, 0x02}},
		{"an unknown alignment falls back to left", AppendAlign(nil, Align(9)), []byte{0x1B, 0x61, 0x00}},
		{"bold on is ESC E 1", AppendBold(nil, true), []byte{0x1B, 0x45, 0x01}},
		{"bold off is ESC E 0", AppendBold(nil, false), []byte{0x1B, 0x45, 0x00}},
		{"double width and height is GS ! 0x11", AppendSize(nil, 2, 2), []byte{0x1D, 0x21, 0x11}},
		{"normal size is GS ! 0", AppendSize(nil, 1, 1), []byte{0x1D, 0x21, 0x00}},
		{"sizes are clamped to 1..8", AppendSize(nil, 0, 12), []byte{0x1D, 0x21, 0x07}},
		{"feed 3 lines is ESC d 3", AppendFeed(nil, 3), []byte{0x1B, 0x64, 0x03}},
		{"partial cut after feed is GS V 66 n", AppendCut(nil, true, 4), []byte{0x1D, 0x56, 66, 4}},
		{"full cut after feed is GS V 65 n", AppendCut(nil, false, 0), []byte{0x1D, 0x56, 65, 0}},
		{"text ends with LF", AppendText(nil, "Hi"), []byte{'H', 'i', 0x0A}},
		{"paper status request is DLE EOT 4", AppendStatusRequest(nil, StatusPaper), []byte{0x10, 0x04, 0x04}},
		{"appends keep what was there", AppendInit([]byte{0x0A}), []byte{0x0A, 0x1B, 0x40}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !bytes.Equal(tt.got, tt.want) {
				t.Fatalf("got % x, want % x", tt.got, tt.want)
			}
		})
	}
}

func TestAppendQR(t *testing.T) {
	got, err := AppendQR(nil, []byte("AB"), 6, QRLevelM)
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{
		0x1D, 0x28, 0x6B, 4, 0, 49, 65, 50, 0, // model 2
		0x1D, 0x28, 0x6B, 3, 0, 49, 67, 6, // module 6 dots
		0x1D, 0x28, 0x6B, 3, 0, 49, 69, 49, // level M
		0x1D, 0x28, 0x6B, 5, 0, 49, 80, 48, 'A', 'B', // store 2 bytes
		0x1D, 0x28, 0x6B, 3, 0, 49, 81, 48, // print
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("got % x\nwant % x", got, want)
	}

	long := bytes.Repeat([]byte{'x'}, 300)
	got, err = AppendQR(nil, long, 4, QRLevelL)
	if err != nil {
		t.Fatal(err)
	}
	// The store command's pL pH carry data length + 3 = 303 = 0x012F.
	store := bytes.Index(got, []byte{49, 80, 48})
	if store < 2 || got[store-2] != 0x2F || got[store-1] != 0x01 {
		t.Fatalf("store header wrong: % x", got[store-5:store+3])
	}

	for _, bad := range [][]byte{nil, make([]byte, MaxQRData+1)} {
		if _, err := AppendQR(nil, bad, 4, QRLevelM); !errors.Is(err, ErrQRData) {
			t.Errorf("AppendQR(%d bytes) err = %v, want ErrQRData", len(bad), err)
		}
	}
}

func TestAppendRaster(t *testing.T) {
	got, err := AppendRaster(nil, 2, 3, []byte{1, 2, 3, 4, 5, 6})
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{0x1D, 0x76, 0x30, 0, 2, 0, 3, 0, 1, 2, 3, 4, 5, 6}
	if !bytes.Equal(got, want) {
		t.Fatalf("got % x, want % x", got, want)
	}
	got, err = AppendRaster(nil, 72, 300, make([]byte, 72*300))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got[:8], []byte{0x1D, 0x76, 0x30, 0, 72, 0, 0x2C, 0x01}) {
		t.Fatalf("header % x", got[:8])
	}
	for _, tt := range []struct{ w, h, n int }{{0, 1, 0}, {1, 0, 0}, {2, 2, 3}, {0x10000, 1, 0x10000}} {
		if _, err := AppendRaster(nil, tt.w, tt.h, make([]byte, tt.n)); !errors.Is(err, ErrRasterSize) {
			t.Errorf("AppendRaster(%d, %d, %d bytes) err = %v, want ErrRasterSize", tt.w, tt.h, tt.n, err)
		}
	}
}

func TestCommandLen(t *testing.T) {
	raster, _ := AppendRaster(nil, 2, 2, []byte{1, 2, 3, 4})
	qr, _ := AppendQR(nil, []byte("hello"), 4, QRLevelM)
	tests := []struct {
		name   string
		in     []byte
		wantN  int
		wantOK bool
	}{
		{"empty input needs more", nil, 0, false},
		{"a printable byte is one", []byte("AB"), 1, true},
		{"LF is one", []byte{LF}, 1, true},
		{"ESC alone needs more", []byte{ESC}, 0, false},
		{"ESC @ is two", []byte{ESC, '@', 'x'}, 2, true},
		{"ESC a n is three", AppendAlign(nil, AlignRight), 3, true},
		{"ESC a without n needs three", []byte{ESC, 'a'}, 3, false},
		{"GS ! n is three", AppendSize(nil, 2, 2), 3, true},
		{"GS V 66 n is four", AppendCut(nil, true, 3), 4, true},
		{"GS V 1 is three", []byte{GS, 'V', 1}, 3, true},
		{"GS v 0 counts its data", raster, len(raster), true},
		{"GS v 0 with half its data knows its total", raster[:10], len(raster), false},
		{"GS v 0 header incomplete", raster[:6], 0, false},
		{"GS ( k counts pL pH", qr, 9, true},
		{"DLE EOT n is three", AppendStatusRequest(nil, StatusPaper), 3, true},
		{"DLE ENQ n is three", []byte{DLE, ENQ, 2}, 3, true},
		{"DLE DC4 8 is ten", []byte{DLE, 0x14, 8, 1, 3, 20, 1, 6, 2, 8}, 10, true},
		{"a bare DLE is data", []byte{DLE, 'x'}, 1, true},
		{"GS k m<=6 ends at NUL", []byte{GS, 'k', 4, 'A', 'B', 0, 'z'}, 6, true},
		{"GS k m>=65 counts n", []byte{GS, 'k', 73, 2, 'A', 'B'}, 6, true},
		{"ESC * 24-dot counts three bytes per column", append([]byte{ESC, '*', 33, 2, 0}, make([]byte, 6)...), 11, true},
		{"GS 8 L counts 32-bit length", []byte{GS, '8', 'L', 1, 0, 0, 0, 'x'}, 8, true},
		{"unknown ESC is two", []byte{ESC, 'Z', 1}, 2, true},
		{"unknown GS is two", []byte{GS, 0x7F}, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, ok := CommandLen(tt.in)
			if n != tt.wantN || ok != tt.wantOK {
				t.Fatalf("CommandLen(% x) = %d, %v; want %d, %v", tt.in, n, ok, tt.wantN, tt.wantOK)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	tests := []struct {
		name string
		kind StatusKind
		b    byte
		want Status
	}{
		{"0x12 from n=4 means paper fine", StatusPaper, 0x12, Status{}},
		{"0x7E from n=4 means near end and out", StatusPaper, 0x7E, Status{PaperNearEnd: true, PaperOut: true}},
		{"0x1E from n=4 means near end", StatusPaper, 0x1E, Status{PaperNearEnd: true}},
		{"0x1A from n=1 means offline", StatusPrinter, 0x1A, Status{Offline: true}},
		{"0x16 from n=2 means cover open", StatusOffline, 0x16, Status{CoverOpen: true}},
		{"0x32 from n=2 means stopped by paper end", StatusOffline, 0x32, Status{PaperEndStop: true}},
		{"0x52 from n=2 means an error occurred", StatusOffline, 0x52, Status{ErrorOccurred: true}},
		{"0x1A from n=3 means cutter error", StatusError, 0x1A, Status{CutterError: true}},
		{"0x32 from n=3 means unrecoverable", StatusError, 0x32, Status{Unrecoverable: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Status
			if err := s.ParseStatus(tt.kind, tt.b); err != nil {
				t.Fatal(err)
			}
			if s != tt.want {
				t.Fatalf("got %+v, want %+v", s, tt.want)
			}
			// What the simulator would answer in that state is the same byte back.
			if got := tt.want.StatusByte(tt.kind); got != tt.b {
				t.Fatalf("StatusByte = 0x%02x, want 0x%02x", got, tt.b)
			}
		})
	}
	for _, bad := range []byte{0x00, 0xFF, 0x13, 0x92, 0x10, 0x02} {
		s := Status{Offline: true}
		if err := s.ParseStatus(StatusPrinter, bad); !errors.Is(err, ErrStatusByte) {
			t.Errorf("ParseStatus(0x%02x) err = %v, want ErrStatusByte", bad, err)
		}
		if !s.Offline {
			t.Errorf("ParseStatus(0x%02x) changed the status on error", bad)
		}
	}
	var s Status
	if err := s.ParseStatus(StatusKind(9), 0x12); !errors.Is(err, ErrStatusByte) {
		t.Errorf("unknown kind err = %v", err)
	}
}

func FuzzCommandLen(f *testing.F) {
	raster, _ := AppendRaster(nil, 1, 1, []byte{0xFF})
	qr, _ := AppendQR(nil, []byte("x"), 3, QRLevelM)
	for _, seed := range [][]byte{nil, raster, qr, AppendCut(nil, true, 1), {GS, 'k', 2, 'a'}, {ESC, 'D', 1, 2}, {GS, '8', 'L', 0xFF, 0xFF, 0xFF, 0xFF}, {DLE, 0x14, 8}} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		n, ok := CommandLen(b)
		if ok && (n < 1 || n > len(b)) {
			t.Fatalf("complete command of length %d in %d bytes", n, len(b))
		}
		if !ok && n != 0 && n <= len(b) {
			t.Fatalf("incomplete yet declared length %d fits in %d bytes", n, len(b))
		}
		if len(b) > 0 && ok {
			// Consuming a stream command by command always terminates.
			for rest := b; len(rest) > 0; {
				m, ok := CommandLen(rest)
				if !ok {
					break
				}
				rest = rest[m:]
			}
		}
	})
}

func FuzzParseStatus(f *testing.F) {
	f.Add(byte(1), byte(0x12))
	f.Add(byte(4), byte(0x7E))
	f.Add(byte(2), byte(0xFF))
	f.Fuzz(func(t *testing.T, k, b byte) {
		var s Status
		err := s.ParseStatus(StatusKind(k), b)
		if err != nil && s != (Status{}) {
			t.Fatalf("status changed on error: %+v", s)
		}
		if err == nil && !ValidStatusByte(b) {
			t.Fatalf("accepted 0x%02x", b)
		}
	})
}
