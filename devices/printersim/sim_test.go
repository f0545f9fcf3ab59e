package printersim

import (
	"bytes"
	"context"
	"image"
	"io"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/escpos"
	"github.com/bawaba/bawaba/devices/receipt"
)

func mustSim(t testing.TB, opts Options) *Sim {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// feed runs bytes through the simulator synchronously and returns its replies.
func feed(s *Sim, b []byte) []byte {
	replies := s.receive(b)
	s.mu.Lock()
	s.drainLocked()
	s.mu.Unlock()
	return replies
}

func inked(img *image.Gray, r image.Rectangle) int {
	n := 0
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.GrayAt(x, y).Y < 128 {
				n++
			}
		}
	}
	return n
}

func TestStatusReplies(t *testing.T) {
	tests := []struct {
		name  string
		flags Flags
		want  [4]byte // replies to DLE EOT 1, 2, 3, 4
	}{
		{"when all is well every reply is 0x12", Flags{}, [4]byte{0x12, 0x12, 0x12, 0x12}},
		{"when paper is low only n=4 says so", Flags{PaperNearEnd: true}, [4]byte{0x12, 0x12, 0x12, 0x1E}},
		{"when paper is out the printer is offline, stopped by paper end", Flags{PaperOut: true}, [4]byte{0x1A, 0x32, 0x12, 0x7E}},
		{"when the cover is open the printer is offline with cover open", Flags{CoverOpen: true}, [4]byte{0x1A, 0x16, 0x12, 0x12}},
		{"when the cutter jams an error occurred and n=3 names it", Flags{CutterError: true}, [4]byte{0x1A, 0x52, 0x1A, 0x12}},
		{"when offline only n=1 says so", Flags{Offline: true}, [4]byte{0x1A, 0x12, 0x12, 0x12}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustSim(t, Options{})
			s.SetFlags(tt.flags)
			var req []byte
			for k := escpos.StatusPrinter; k <= escpos.StatusPaper; k++ {
				req = escpos.AppendStatusRequest(req, k)
			}
			got := feed(s, req)
			if !bytes.Equal(got, tt.want[:]) {
				t.Fatalf("replies % x, want % x", got, tt.want)
			}
		})
	}
}

func TestGarbledRepliesAreNotStatusBytes(t *testing.T) {
	s := mustSim(t, Options{})
	s.SetGarbled(true)
	for _, b := range feed(s, escpos.AppendStatusRequest(nil, escpos.StatusPaper)) {
		if escpos.ValidStatusByte(b) {
			t.Fatalf("garbled reply 0x%02x passes as a status byte", b)
		}
	}
}

func TestStateMachine(t *testing.T) {
	raster, _ := escpos.AppendRaster(nil, 2, 4, bytes.Repeat([]byte{0xFF}, 8))
	tests := []struct {
		name  string
		in    []byte
		check func(t *testing.T, s *Sim)
	}{
		{
			name: "when a right-justified band is printed its dots end at the right edge",
			in:   append(escpos.AppendAlign(nil, escpos.AlignRight), raster...),
			check: func(t *testing.T, s *Sim) {
				p := s.Paper()
				if p.Rect.Dy() != 4 || inked(p, image.Rect(560, 0, 576, 4)) != 64 || inked(p, image.Rect(0, 0, 560, 4)) != 0 {
					t.Fatalf("paper %v, ink right %d", p.Rect, inked(p, image.Rect(560, 0, 576, 4)))
				}
			},
		},
		{
			name: "when centred the band sits in the middle",
			in:   append(escpos.AppendAlign(nil, escpos.AlignCenter), raster...),
			check: func(t *testing.T, s *Sim) {
				if n := inked(s.Paper(), image.Rect(280, 0, 296, 4)); n != 64 {
					t.Fatalf("ink in the middle = %d, want 64", n)
				}
			},
		},
		{
			name: "when text is double size and bold the state says so and LF prints a 54-dot line",
			in:   escpos.AppendText(escpos.AppendBold(escpos.AppendSize(nil, 2, 2), true), "HI"),
			check: func(t *testing.T, s *Sim) {
				if !s.st.bold || s.st.sizeH != 2 || s.st.sizeW != 2 {
					t.Fatalf("state %+v", s.st)
				}
				p := s.Paper()
				if p.Rect.Dy() != 54 || inked(p, image.Rect(0, 0, 48, 48)) == 0 {
					t.Fatalf("paper %v ink %d", p.Rect, inked(p, p.Rect))
				}
			},
		},
		{
			name: "when ESC @ comes state returns to power-on",
			in:   escpos.AppendInit(escpos.AppendBold(escpos.AppendAlign(nil, escpos.AlignRight), true)),
			check: func(t *testing.T, s *Sim) {
				if s.st.bold || s.st.align != escpos.AlignLeft || s.st.sizeH != 1 {
					t.Fatalf("state %+v", s.st)
				}
			},
		},
		{
			name: "when a QR code is stored and printed it takes module×modules rows",
			in:   must(escpos.AppendQR(escpos.AppendAlign(nil, escpos.AlignCenter), []byte("hello"), 4, escpos.QRLevelM)),
			check: func(t *testing.T, s *Sim) {
				if string(s.st.qrData) != "hello" || s.st.qrModule != 4 {
					t.Fatalf("qr state %+v", s.st)
				}
				if h := s.Paper().Rect.Dy(); h != 21*4 {
					t.Fatalf("QR height %d, want 84 (version 1)", h)
				}
			},
		},
		{
			name: "when a cut arrives the page is finished and a new one begins",
			in:   escpos.AppendCut(escpos.AppendText(nil, "x"), true, 10),
			check: func(t *testing.T, s *Sim) {
				pages := s.Pages()
				if len(pages) != 1 || pages[0].Image.Rect.Dy() != 40 || s.Paper().Rect.Dy() != 0 {
					t.Fatalf("pages %d, first %v", len(pages), pages[0].Image.Rect)
				}
			},
		},
		{
			name: "when GS L and GS W set a print area a right-justified band ends at the area's right edge",
			in:   append(escpos.AppendAlign([]byte{escpos.GS, 'L', 16, 0, escpos.GS, 'W', 0x20, 2}, escpos.AlignRight), raster...),
			check: func(t *testing.T, s *Sim) {
				// Area 16..560 (544 dots): the 16-dot band covers 544..560.
				if p := s.Paper(); inked(p, image.Rect(544, 0, 560, 4)) != 64 || inked(p, image.Rect(560, 0, 576, 4)) != 0 {
					t.Fatalf("ink in 544..560 = %d, right of the area %d", inked(p, image.Rect(544, 0, 560, 4)), inked(p, image.Rect(560, 0, 576, 4)))
				}
			},
		},
		{
			name: "when a left margin is set text starts after it",
			in:   escpos.AppendText([]byte{escpos.GS, 'L', 16, 0}, "HI"),
			check: func(t *testing.T, s *Sim) {
				if p := s.Paper(); inked(p, image.Rect(0, 0, 16, 30)) != 0 || inked(p, image.Rect(16, 0, 40, 30)) == 0 {
					t.Fatalf("ink left of the margin %d, in the first cells %d", inked(p, image.Rect(0, 0, 16, 30)), inked(p, image.Rect(16, 0, 40, 30)))
				}
			},
		},
		{
			name: "when the print area is narrower text wraps at it",
			in:   escpos.AppendText([]byte{escpos.GS, 'W', 120, 0}, "WWWWWWWWWWW"),
			check: func(t *testing.T, s *Sim) {
				if p := s.Paper(); p.Rect.Dy() != 60 || inked(p, image.Rect(120, 0, 576, 60)) != 0 {
					t.Fatalf("paper %v, ink past the area %d", p.Rect, inked(p, image.Rect(120, 0, 576, 60)))
				}
			},
		},
		{
			name: "when ESC @ comes the margin and area return to the whole width",
			in:   escpos.AppendText(escpos.AppendInit([]byte{escpos.GS, 'L', 100, 0, escpos.GS, 'W', 100, 0}), "H"),
			check: func(t *testing.T, s *Sim) {
				if s.st.left != 0 || s.st.area != 576 || inked(s.Paper(), image.Rect(0, 0, 12, 30)) == 0 {
					t.Fatalf("state %+v", s.st)
				}
			},
		},
		{
			name: "when a margin is wider than the paper the printer still prints inside it",
			in:   escpos.AppendText([]byte{escpos.GS, 'L', 0xFF, 0xFF, escpos.GS, 'W', 0xFF, 0xFF}, "WW"),
			check: func(t *testing.T, s *Sim) {
				if p := s.Paper(); p.Rect.Dy() != 60 || inked(p, image.Rect(564, 0, 576, 60)) == 0 {
					t.Fatalf("paper %v", p.Rect)
				}
			},
		},
		{
			name: "when text runs past the width the printer wraps it",
			in:   escpos.AppendText(nil, string(bytes.Repeat([]byte{'W'}, 50))),
			check: func(t *testing.T, s *Sim) {
				if h := s.Paper().Rect.Dy(); h != 60 {
					t.Fatalf("paper height %d, want two lines (60)", h)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustSim(t, Options{})
			if r := feed(s, tt.in); len(r) != 0 {
				t.Fatalf("unexpected replies % x", r)
			}
			tt.check(t, s)
		})
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestPaperOutStopsPrintingButNotStatus(t *testing.T) {
	s := mustSim(t, Options{})
	s.SetFlags(Flags{PaperOut: true})
	in := escpos.AppendCut(escpos.AppendText(nil, "queued"), true, 0)
	in = escpos.AppendStatusRequest(in, escpos.StatusPaper)
	if r := feed(s, in); !bytes.Equal(r, []byte{0x7E}) {
		t.Fatalf("status while out = % x, want 7e", r)
	}
	if len(s.Pages()) != 0 || s.Paper().Rect.Dy() != 0 {
		t.Fatal("printed while the paper was out")
	}
	s.SetFlags(Flags{})
	feed(s, nil)
	if len(s.Pages()) != 1 {
		t.Fatal("buffered job not printed after paper was loaded")
	}
}

func TestOverflowDropsBytes(t *testing.T) {
	s := mustSim(t, Options{BufferBytes: 10})
	s.SetFlags(Flags{CoverOpen: true})
	feed(s, bytes.Repeat([]byte{'a'}, 25))
	if got := s.Overflow(); got != 15 {
		t.Fatalf("overflow = %d, want 15", got)
	}
}

func TestOversizedCommandIsSkipped(t *testing.T) {
	s := mustSim(t, Options{})
	// Declares 65535×65535 bytes of raster: far beyond what is buffered.
	feed(s, []byte{escpos.GS, 'v', '0', 0, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3})
	if s.skip != 0xFFFF*0xFFFF-3 || len(s.rx) != 0 {
		t.Fatalf("skip = %d, rx = %d", s.skip, len(s.rx))
	}
}

// When a receipt is printed, the paper matches the kiosk's on-screen rendering
// dot for dot, cut feed aside.
func TestPaperMatchesRender(t *testing.T) {
	r := receipt.Receipt{
		Title:     receipt.Line{AR: "إيصال", EN: "Receipt"},
		Lines:     []receipt.Line{{AR: "الرسوم: 650 ريال", EN: "Fee: SAR 650", Bold: true}},
		Reference: "BWB-7K3Q-9XF2",
		QR:        "BWB-7K3Q-9XF2",
		Time:      time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC),
	}
	for _, tt := range []struct {
		width  int
		native bool
	}{{384, true}, {384, false}, {512, true}, {576, true}, {576, false}} {
		native, width := tt.native, tt.width
		job, err := receipt.Encode(r, receipt.Profile{WidthDots: width, NativeQR: native})
		if err != nil {
			t.Fatal(err)
		}
		want, err := receipt.Render(r, width)
		if err != nil {
			t.Fatal(err)
		}
		s := mustSim(t, Options{WidthDots: width})
		feed(s, job)
		pages := s.Pages()
		if len(pages) != 1 {
			t.Fatalf("native %v: %d pages", native, len(pages))
		}
		got := pages[0].Image
		if got.Rect.Dy() < want.Rect.Dy() {
			t.Fatalf("native %v: paper %d rows, render %d", native, got.Rect.Dy(), want.Rect.Dy())
		}
		diff := 0
		for i := range want.Pix {
			if want.Pix[i] != got.Pix[i] {
				diff++
			}
		}
		if diff != 0 {
			t.Errorf("width %d native %v: %d dots differ between paper and Render", width, native, diff)
		}
		if n := inked(got, image.Rect(0, want.Rect.Dy(), width, got.Rect.Dy())); n != 0 {
			t.Errorf("native %v: %d dots below the receipt", native, n)
		}
	}
}

func TestControl(t *testing.T) {
	s := mustSim(t, Options{})
	for _, cmd := range []string{"paper-out on", "near-end on", "cover-open on", "cutter-error on", "offline on", "garbled on"} {
		if err := s.Control(cmd); err != nil {
			t.Fatal(err)
		}
	}
	if f := s.Flags(); f != (Flags{true, true, true, true, true}) || !s.garbled {
		t.Fatalf("flags %+v", f)
	}
	if err := s.Control("clear"); err != nil || s.Flags() != (Flags{}) || s.garbled {
		t.Fatalf("clear: %v %+v", err, s.Flags())
	}
	for _, bad := range []string{"", "paper-out", "paper-out maybe", "jam on"} {
		if err := s.Control(bad); err == nil {
			t.Errorf("Control(%q) accepted", bad)
		}
	}
}

// Serve on an in-memory pipe: replies come back, pages get cut.
func TestServe(t *testing.T) {
	s := mustSim(t, Options{Dir: t.TempDir()})
	host, dev := pipePair()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, dev) }()
	job := escpos.AppendCut(escpos.AppendText(nil, "hello"), true, 0)
	job = escpos.AppendStatusRequest(job, escpos.StatusPaper)
	if _, err := host.Write(job); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 1)
	if _, err := io.ReadFull(host, b); err != nil || b[0] != 0x12 {
		t.Fatalf("reply % x, %v", b, err)
	}
	wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
	defer wcancel()
	pages, err := s.WaitPages(wctx, 1)
	if err != nil || pages[0].Path == "" || pages[0].Err != nil {
		t.Fatalf("pages %+v, %v", pages, err)
	}
	cancel()
	host.Close()
	dev.Close()
	<-done
}

type pipeEnd struct {
	io.Reader
	io.Writer
	close func() error
}

func (p pipeEnd) Close() error { return p.close() }

func pipePair() (a, b pipeEnd) {
	ar, bw := io.Pipe()
	br, aw := io.Pipe()
	return pipeEnd{ar, aw, func() error { ar.Close(); return aw.Close() }},
		pipeEnd{br, bw, func() error { br.Close(); return bw.Close() }}
}

func FuzzSim(f *testing.F) {
	job, _ := receipt.Encode(receipt.Receipt{Title: receipt.Line{AR: "إيصال", EN: "Receipt"}, QR: "x"}, receipt.Profile{WidthDots: 384, NativeQR: true, NoLogo: true})
	f.Add(job)
	f.Add([]byte{escpos.GS, 'v', '0', 0, 1, 0, 1, 0, 0xFF})
	f.Add([]byte{escpos.DLE, escpos.EOT, 4, escpos.ESC, 'd', 255})
	f.Add([]byte{escpos.GS, '(', 'k', 3, 0, 49, 81, 48})
	f.Add([]byte{escpos.DLE, '0'}) // a bare DLE is data, not a status request
	f.Fuzz(func(t *testing.T, b []byte) {
		// A fresh simulator per input, so a failure reproduces from its input alone.
		s := mustSim(t, Options{WidthDots: 384, BufferBytes: 1 << 16})
		// Feed in two pieces so commands split across reads are exercised.
		half := len(b) / 2
		replies := feed(s, b[:half])
		replies = append(replies, feed(s, b[half:])...)
		for _, r := range replies {
			if !escpos.ValidStatusByte(r) {
				t.Fatalf("invalid status reply 0x%02x", r)
			}
		}
	})
}

func TestBareDLEIsDataNotAStatusRequest(t *testing.T) {
	s := mustSim(t, Options{WidthDots: 384, BufferBytes: 1 << 16})
	// Line noise: a DLE followed by a byte that makes no DLE command, split across
	// two reads as a serial port may deliver it.
	if r := feed(s, []byte{escpos.DLE}); len(r) != 0 {
		t.Fatalf("replies %v to a lone DLE", r)
	}
	if r := feed(s, []byte("0")); len(r) != 0 {
		t.Fatalf("replies %v to DLE '0'", r)
	}
	// The simulator still answers a real status request afterwards.
	if r := feed(s, []byte{escpos.DLE, escpos.EOT, 1}); len(r) != 1 || !escpos.ValidStatusByte(r[0]) {
		t.Fatalf("status reply after noise = %v", r)
	}
}
