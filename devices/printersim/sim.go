package printersim

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/bawaba/bawaba/devices/escpos"
	"github.com/bawaba/bawaba/devices/receipt/typeset"
	"github.com/bawaba/bawaba/devices/serialport"
	"github.com/bawaba/bawaba/devices/simport"
	"github.com/skip2/go-qrcode"
)

// Options configure a simulated printer. The zero value is an 80 mm printer with
// native QR support that keeps pages in memory only.
type Options struct {
	// WidthDots is the print width; zero means 576.
	WidthDots int
	// Dir receives every cut page as receipt-NNNN.png; empty writes no files.
	Dir string
	// NoQR makes the printer ignore GS ( k, like models without native QR.
	NoQR bool
	// BufferBytes is the receive buffer; bytes beyond it are lost, as on a printer
	// without flow control. Zero means 64 KiB.
	BufferBytes int
}

// Flags are the conditions an operator or test injects.
type Flags struct {
	PaperNearEnd bool
	PaperOut     bool
	CoverOpen    bool
	CutterError  bool
	Offline      bool
}

// Page is one cut receipt.
type Page struct {
	Image *image.Gray
	Path  string // PNG file, empty when Options.Dir is empty
	Err   error  // writing the PNG failed
}

// Limits that keep hostile input from exhausting memory.
const (
	maxCommand  = 1 << 20 // a longer command's data is skipped, not buffered
	maxPaper    = 32768   // dots of paper before the simulator cuts by itself
	keptPages   = 64
	lineSpacing = 6 // dots between text lines beyond the cell height (30-dot pitch)
	cellW       = 12
	cellH       = 24
)

// Sim is one simulated printer. Serve it on one connection at a time.
type Sim struct {
	// Faults delay, garble or silence replies; see simport.Faults.
	simport.Faults

	opts Options
	ts   *typeset.Typesetter

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced whenever pages, flags or the queue change
	flags    Flags
	garbled  bool
	rx       []byte   // received bytes not yet a whole command
	skip     int      // data bytes of an oversized command still to discard
	queue    [][]byte // whole commands waiting to be printed
	queued   int
	overflow int
	pageNo   int

	// printing state, touched only by the interpreter under mu
	st    state
	line  []cell
	paper *image.Gray
	y     int
	pages []Page
}

type state struct {
	align escpos.Align
	// left and area are GS L and GS W in dots (the motion unit is one dot at
	// the 203 and 180 dpi defaults); they take effect at the start of a line.
	left, area   int
	bold         bool
	sizeW, sizeH int
	qrModule     int
	qrLevel      qrcode.RecoveryLevel
	qrData       []byte
}

type cell struct {
	ch           byte
	bold         bool
	sizeW, sizeH int
}

// New returns a printer with paper loaded, cover closed and no errors.
func New(opts Options) (*Sim, error) {
	if opts.WidthDots == 0 {
		opts.WidthDots = 576
	}
	if opts.WidthDots < 64 || opts.WidthDots%8 != 0 || opts.WidthDots > 2048 {
		return nil, fmt.Errorf("printersim: width %d dots is not a printer width", opts.WidthDots)
	}
	if opts.BufferBytes <= 0 {
		opts.BufferBytes = 64 << 10
	}
	ts, err := typeset.Load()
	if err != nil {
		return nil, fmt.Errorf("printersim: %w", err)
	}
	s := &Sim{opts: opts, ts: ts, changed: make(chan struct{})}
	s.reset()
	s.newPaper()
	return s, nil
}

// SetFlags replaces the injected conditions. Clearing the stopping ones resumes
// printing of whatever is buffered.
func (s *Sim) SetFlags(f Flags) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flags = f
	s.notifyLocked()
}

// Flags returns the injected conditions.
func (s *Sim) Flags() Flags {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.flags
}

// SetGarbled makes every status reply a byte that cannot be a status byte, as a
// line at the wrong speed would deliver.
func (s *Sim) SetGarbled(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.garbled = on
}

// Overflow is how many received bytes were lost because the buffer was full.
func (s *Sim) Overflow() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.overflow
}

// Pages returns the pages cut so far (the most recent 64).
func (s *Sim) Pages() []Page {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Page(nil), s.pages...)
}

// Paper returns a copy of the printed but not yet cut paper.
func (s *Sim) Paper() *image.Gray {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cropLocked()
}

// WaitPages waits until at least n pages have been cut and returns them.
func (s *Sim) WaitPages(ctx context.Context, n int) ([]Page, error) {
	for {
		s.mu.Lock()
		if len(s.pages) >= n {
			p := append([]Page(nil), s.pages...)
			s.mu.Unlock()
			return p, nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, fmt.Errorf("printersim: waiting for page %d: %w", n, ctx.Err())
		}
	}
}

// Control applies an operator command, for cmd/devsim: "near-end", "paper-out",
// "cover-open", "cutter-error", "offline" or "garbled" followed by "on" or "off",
// or "clear" to turn every condition off.
func (s *Sim) Control(cmd string) error {
	f := strings.Fields(strings.ToLower(cmd))
	if len(f) == 1 && f[0] == "clear" {
		s.SetFlags(Flags{})
		s.SetGarbled(false)
		return nil
	}
	if len(f) != 2 || (f[1] != "on" && f[1] != "off") {
		return fmt.Errorf("printersim: control %q: want <condition> on|off or clear", cmd)
	}
	on := f[1] == "on"
	s.mu.Lock()
	defer s.mu.Unlock()
	switch f[0] {
	case "near-end":
		s.flags.PaperNearEnd = on
	case "paper-out":
		s.flags.PaperOut = on
	case "cover-open":
		s.flags.CoverOpen = on
	case "cutter-error":
		s.flags.CutterError = on
	case "offline":
		s.flags.Offline = on
	case "garbled":
		s.garbled = on
	default:
		return fmt.Errorf("printersim: control %q: unknown condition %q", cmd, f[0])
	}
	s.notifyLocked()
	return nil
}

// Serve receives rw's bytes until ctx ends or rw fails, answering status requests
// on rw and printing in the background. Close rw to stop a Read in progress.
func (s *Sim) Serve(ctx context.Context, rw io.ReadWriter) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.interpret(ctx)
	}()
	defer wg.Wait()
	buf := make([]byte, 4096)
	for {
		n, err := rw.Read(buf)
		if n > 0 {
			for _, reply := range s.receive(buf[:n]) {
				if err := s.Send(ctx, rw, []byte{reply}); err != nil {
					return fmt.Errorf("printersim: reply: %w", err)
				}
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil && !errors.Is(err, serialport.ErrTimeout) {
			return fmt.Errorf("printersim: read: %w", err)
		}
	}
}

// receive splits incoming bytes into commands, answers status requests at once and
// queues the rest for printing. It returns the status replies to send.
func (s *Sim) receive(b []byte) (replies []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.skip > 0 {
		k := min(s.skip, len(b))
		s.skip -= k
		b = b[k:]
	}
	s.rx = append(s.rx, b...)
	for len(s.rx) > 0 {
		n, ok := escpos.CommandLen(s.rx)
		if !ok {
			if n > maxCommand {
				s.skip = n - len(s.rx)
				s.rx = s.rx[:0]
			}
			break
		}
		cmd := s.rx[:n]
		if n == 3 && cmd[0] == escpos.DLE && cmd[1] == escpos.EOT {
			replies = append(replies, s.statusLocked(escpos.StatusKind(cmd[2])))
		} else if s.queued+n > s.opts.BufferBytes {
			s.overflow += n
		} else {
			s.queue = append(s.queue, append([]byte(nil), cmd...))
			s.queued += n
		}
		s.rx = s.rx[n:]
	}
	// Keep rx from pinning a large backing array once drained.
	if len(s.rx) == 0 {
		s.rx = nil
	}
	s.notifyLocked()
	return replies
}

func (s *Sim) statusLocked(k escpos.StatusKind) byte {
	f := s.flags
	st := escpos.Status{
		Offline:       f.Offline || f.PaperOut || f.CoverOpen || f.CutterError,
		CoverOpen:     f.CoverOpen,
		PaperEndStop:  f.PaperOut,
		ErrorOccurred: f.CutterError,
		CutterError:   f.CutterError,
		PaperNearEnd:  f.PaperNearEnd || f.PaperOut,
		PaperOut:      f.PaperOut,
	}
	b := st.StatusByte(k)
	if s.garbled {
		b |= 0x81
	}
	return b
}

func (s *Sim) stoppedLocked() bool {
	f := s.flags
	return f.PaperOut || f.CoverOpen || f.CutterError || f.Offline
}

// interpret prints queued commands whenever the printer is able to.
func (s *Sim) interpret(ctx context.Context) {
	for {
		s.mu.Lock()
		for len(s.queue) > 0 && !s.stoppedLocked() {
			cmd := s.queue[0]
			s.queue[0] = nil
			s.queue = s.queue[1:]
			s.queued -= len(cmd)
			s.execLocked(cmd)
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return
		}
	}
}

// drainLocked prints everything queued now; tests and fuzzing use it to run
// without the goroutines of Serve.
func (s *Sim) drainLocked() {
	for len(s.queue) > 0 && !s.stoppedLocked() {
		cmd := s.queue[0]
		s.queue = s.queue[1:]
		s.queued -= len(cmd)
		s.execLocked(cmd)
	}
}

func (s *Sim) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Sim) reset() {
	s.st = state{sizeW: 1, sizeH: 1, qrModule: 3, qrLevel: qrcode.Low, area: s.opts.WidthDots}
	s.line = s.line[:0]
}

// printArea is where the current line prints: from the left margin, the print
// area width but never past the paper, as Epson documents for GS L and GS W.
func (s *Sim) printArea() (x0, w int) {
	x0 = min(s.st.left, s.opts.WidthDots-cellW)
	return x0, max(min(s.st.area, s.opts.WidthDots-x0), cellW)
}

func (s *Sim) newPaper() {
	s.paper = image.NewGray(image.Rect(0, 0, s.opts.WidthDots, 1024))
	typeset.Fill(s.paper, 0xFF)
	s.y = 0
}

// ensureLocked grows the paper to hold h more rows.
func (s *Sim) ensureLocked(h int) {
	if s.y+h > maxPaper {
		s.cutLocked()
	}
	need := s.y + h
	if need <= s.paper.Rect.Dy() {
		return
	}
	n := image.NewGray(image.Rect(0, 0, s.opts.WidthDots, max(need, 2*s.paper.Rect.Dy())))
	typeset.Fill(n, 0xFF)
	draw.Draw(n, s.paper.Rect, s.paper, image.Point{}, draw.Src)
	s.paper = n
}

func (s *Sim) cropLocked() *image.Gray {
	out := image.NewGray(image.Rect(0, 0, s.opts.WidthDots, s.y))
	draw.Draw(out, out.Rect, s.paper, image.Point{}, draw.Src)
	return out
}

// cutLocked ends the current page and writes its PNG.
func (s *Sim) cutLocked() {
	s.pageNo++
	p := Page{Image: s.cropLocked()}
	if s.opts.Dir != "" {
		p.Path = filepath.Join(s.opts.Dir, fmt.Sprintf("receipt-%04d.png", s.pageNo))
		p.Err = writePNG(p.Path, p.Image)
	}
	s.pages = append(s.pages, p)
	if len(s.pages) > keptPages {
		s.pages = append([]Page(nil), s.pages[len(s.pages)-keptPages:]...)
	}
	s.newPaper()
	s.notifyLocked()
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
