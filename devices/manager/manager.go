package manager

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/bawaba/bawaba/devices/docreader"
	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/devices/printer"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/devices/scanner"
	"github.com/bawaba/bawaba/devices/serialport"
	"github.com/bawaba/bawaba/sync/backoff"
)

// Kind is the type of device on a port.
type Kind string

// Device kinds.
const (
	Printer     Kind = "printer"
	DocReader   Kind = "docreader"
	CardReader  Kind = "cardreader"
	Scanner     Kind = "scanner"
	Fingerprint Kind = "fingerprint"
)

// State is the XFS4IoT Common.Status device value.
type State string

// Device states.
const (
	StateStarting      State = "starting"
	StateOnline        State = "online"
	StateOffline       State = "offline"       // the port is there, the device does not answer
	StateNoDevice      State = "noDevice"      // the port is gone (unplugged)
	StateHardwareError State = "hardwareError" // needs service
	StateUserError     State = "userError"     // a person can fix it (paper, cover)
	StateDeviceBusy    State = "deviceBusy"    // in use by a flow (fingerprint capture, printing)
)

// Paper is the XFS4IoT printer paper supply; empty for devices without paper.
type Paper string

// Paper supply values.
const (
	PaperUnknown Paper = "unknown"
	PaperFull    Paper = "full"
	PaperLow     Paper = "low"
	PaperOut     Paper = "out"
	PaperJammed  Paper = "jammed"
)

// Status is one device's health.
type Status struct {
	Name   string
	Kind   Kind
	State  State
	Paper  Paper
	Detail string // why it is not online, one of Details ("port_not_found", "cover_open"); no personal data
	Since  time.Time
}

// EventType names what happened.
type EventType string

// Event types.
const (
	StatusChanged  EventType = "StatusChanged"
	DocumentRead   EventType = "DocumentRead"   // Document, or Err (*mrz.Error) for a misread
	CardInserted   EventType = "CardInserted"   // Card, or Err (*magstripe.Error) for a bad swipe
	BarcodeRead    EventType = "BarcodeRead"    // Barcode, or Err for a dropped frame
	FingerDetected EventType = "FingerDetected" // a finger is on the sensor during a flow
)

// Event is published to subscribers. Only the fields of its Type are set.
type Event struct {
	Type     EventType
	Device   string
	Status   Status
	Document *mrz.Document
	Card     *magstripe.Card
	Barcode  *scanner.Scan
	Err      error
}

var (
	// ErrUnavailable is returned by device operations while the device is not
	// connected or not healthy; the kiosk tells the person and carries on.
	ErrUnavailable = errors.New("manager: device unavailable")
	// ErrUnknownDevice is returned for a device name that is not configured.
	ErrUnknownDevice = errors.New("manager: unknown device")
	// ErrBusy is returned by SetPort while a flow uses the device (a print, a
	// fingerprint capture): its port is not changed under it. Try again when
	// it is done.
	ErrBusy = errors.New("manager: device in use")
)

// Device configures one port.
type Device struct {
	// Name identifies the device in events and calls; empty means string(Kind).
	Name string
	Kind Kind
	Path string
	Baud int
	// Scanner configures scanner framing (Kind Scanner only).
	Scanner scanner.Options
	// Profile is the receipt layout (Kind Printer only).
	Profile receipt.Profile
	// Fingerprint configures the sensor (Kind Fingerprint only).
	Fingerprint fingerprint.Options
}

// Options configure the Manager; the zero value suits a kiosk.
type Options struct {
	// Backoff spaces out reconnection attempts; see backoff.Options (default 250 ms
	// growing to 1 minute). Tests shorten it.
	Backoff backoff.Options
	// HealthEvery is how often printers and fingerprint sensors are polled; zero
	// means 5 s.
	HealthEvery time.Duration
	// Clock is waited on and read; nil means the wall clock.
	Clock backoff.Clock
	// Open opens a port; nil means serialport.Open.
	Open func(serialport.Config) (serialport.Port, error)
}

// Manager supervises the configured devices.
type Manager struct {
	opts    Options
	devices map[string]*device
	order   []string

	subMu  sync.Mutex
	subs   map[int]chan Event
	nextID int
	drops  int
}

type device struct {
	mu     sync.Mutex
	cfg    Device // Path and Baud change under mu (SetPort)
	gen    int    // bumped by SetPort: a session of an older generation ends
	status Status
	// Set while a session is up; guarded by mu.
	sensor *fingerprint.Sensor
	prn    *printer.Printer
	kill   context.CancelFunc
	ended  chan struct{} // closed when the running session's port is closed
	inFlow bool          // a flow holds use (Print, WithFingerprint), not the health poll

	use sync.Mutex // one flow at a time on request/response devices
	// wake cuts a reconnection backoff short after SetPort (one slot: a
	// pending wake is enough).
	wake chan struct{}
}

// New returns a Manager for devs. Nothing is opened until Run.
func New(devs []Device, o Options) (*Manager, error) {
	if o.HealthEvery <= 0 {
		o.HealthEvery = 5 * time.Second
	}
	if o.Clock == nil {
		o.Clock = backoff.RealClock{}
	}
	if o.Backoff.Clock == nil {
		o.Backoff.Clock = o.Clock
	}
	if o.Open == nil {
		o.Open = serialport.Open
	}
	m := &Manager{opts: o, devices: map[string]*device{}, subs: map[int]chan Event{}}
	for _, d := range devs {
		if d.Name == "" {
			d.Name = string(d.Kind)
		}
		switch d.Kind {
		case Printer, DocReader, CardReader, Scanner, Fingerprint:
		default:
			return nil, fmt.Errorf("manager: device %s: unknown kind %q", d.Name, d.Kind)
		}
		if _, dup := m.devices[d.Name]; dup {
			return nil, fmt.Errorf("manager: device %s configured twice", d.Name)
		}
		st := Status{Name: d.Name, Kind: d.Kind, State: StateStarting, Since: o.Clock.Now()}
		if d.Kind == Printer {
			st.Paper = PaperUnknown
		}
		m.devices[d.Name] = &device{cfg: d, status: st, wake: make(chan struct{}, 1)}
		m.order = append(m.order, d.Name)
	}
	return m, nil
}

// Run supervises every device until ctx ends. It returns ctx.Err().
func (m *Manager) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, name := range m.order {
		d := m.devices[name]
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.supervise(ctx, d)
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// Statuses returns every device's status in configuration order.
func (m *Manager) Statuses() []Status {
	out := make([]Status, 0, len(m.order))
	for _, name := range m.order {
		d := m.devices[name]
		d.mu.Lock()
		out = append(out, d.status)
		d.mu.Unlock()
	}
	return out
}

// Status returns one device's status.
func (m *Manager) Status(name string) (Status, error) {
	d, ok := m.devices[name]
	if !ok {
		return Status{}, fmt.Errorf("%w: %s", ErrUnknownDevice, name)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.status, nil
}

// Subscribe returns a channel of events with room for buf of them, and a function
// that ends the subscription. A subscriber that falls behind loses events rather
// than slowing the devices down; Dropped counts them.
func (m *Manager) Subscribe(buf int) (<-chan Event, func()) {
	ch := make(chan Event, max(buf, 1))
	m.subMu.Lock()
	id := m.nextID
	m.nextID++
	m.subs[id] = ch
	m.subMu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			m.subMu.Lock()
			delete(m.subs, id)
			m.subMu.Unlock()
			close(ch)
		})
	}
}

// Dropped is how many events subscribers missed because their channel was full.
func (m *Manager) Dropped() int {
	m.subMu.Lock()
	defer m.subMu.Unlock()
	return m.drops
}

func (m *Manager) publish(e Event) {
	m.subMu.Lock()
	defer m.subMu.Unlock()
	for _, ch := range m.subs {
		select {
		case ch <- e:
		default:
			m.drops++
		}
	}
}

// setState records a device's state and publishes StatusChanged when it differs.
func (m *Manager) setState(d *device, s State, paper Paper, detail string) {
	d.mu.Lock()
	if d.cfg.Kind != Printer {
		paper = ""
	} else if paper == "" {
		paper = d.status.Paper
	}
	if d.status.State == s && d.status.Paper == paper && d.status.Detail == detail {
		d.mu.Unlock()
		return
	}
	d.status.State, d.status.Paper, d.status.Detail, d.status.Since = s, paper, detail, m.opts.Clock.Now()
	st := d.status
	d.mu.Unlock()
	m.publish(Event{Type: StatusChanged, Device: d.cfg.Name, Status: st})
}

// supervise opens, runs and reopens one device until ctx ends.
func (m *Manager) supervise(ctx context.Context, d *device) {
	bo := backoff.New(m.opts.Backoff)
	for ctx.Err() == nil {
		select {
		case <-d.wake: // the configuration read next is at least as new as this wake
		default:
		}
		d.mu.Lock()
		cfg, gen := serialport.Config{Path: d.cfg.Path, Baud: d.cfg.Baud}, d.gen
		d.mu.Unlock()
		port, err := m.opts.Open(cfg)
		if err != nil {
			m.setState(d, openState(err), PaperUnknown, detail(err))
			m.backOff(ctx, d, bo.Delay(err))
			continue
		}
		sctx, cancel := context.WithCancel(ctx)
		ended := make(chan struct{})
		d.mu.Lock()
		if d.gen != gen {
			// SetPort changed the port while this one was opening.
			d.mu.Unlock()
			cancel()
			port.Close()
			continue
		}
		d.kill, d.ended = cancel, ended
		d.mu.Unlock()
		connected, err := m.session(sctx, d, port)
		cancel()
		port.Close()
		d.mu.Lock()
		d.sensor, d.prn, d.kill, d.ended = nil, nil, nil, nil
		moved := d.gen != gen
		d.mu.Unlock()
		if moved && ctx.Err() == nil {
			// SetPort ended this session to open the new port: not a failure.
			m.setState(d, StateStarting, PaperUnknown, "")
			bo.Reset()
		}
		close(ended)
		if ctx.Err() != nil {
			return
		}
		if moved {
			continue
		}
		if connected {
			// The device worked for a while: retry promptly.
			bo.Reset()
		}
		st := StateOffline
		if c, ok := serialport.CodeOf(err); ok && (c == serialport.Disconnected || c == serialport.PortNotFound) {
			st = StateNoDevice
		}
		m.setState(d, st, PaperUnknown, detail(err))
		m.backOff(ctx, d, bo.Delay(err))
	}
}

// backOff waits out a reconnection delay, cut short when ctx ends or SetPort
// gives the device another port.
func (m *Manager) backOff(ctx context.Context, d *device, delay time.Duration) {
	if delay <= 0 {
		return
	}
	select {
	case <-ctx.Done():
	case <-d.wake:
		// Put back for the loop, which drains it once it has read the new
		// configuration.
		select {
		case d.wake <- struct{}{}:
		default:
		}
	case <-m.opts.Clock.After(delay):
	}
}

// SetPort gives the named device another port and baud rate while the manager
// runs: its session ends (the old port is closed before SetPort returns) and
// the manager opens the new port at once, the device going through starting to
// whatever the new port gives, reported as usual. The other devices are not
// touched. A device a flow is using (a print, a fingerprint capture) is not
// changed: SetPort returns ErrBusy. It returns ctx.Err() if the old session
// takes longer than ctx to end; the change is made all the same.
func (m *Manager) SetPort(ctx context.Context, name, path string, baud int) error {
	d, ok := m.devices[name]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownDevice, name)
	}
	// Hold use, so no flow starts on the old port while it closes. The health
	// poll holds it for one status exchange at most: wait for that, not for a
	// flow.
	for !d.use.TryLock() {
		d.mu.Lock()
		inFlow := d.inFlow
		d.mu.Unlock()
		if inFlow {
			return fmt.Errorf("%w: %s", ErrBusy, name)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("manager: set port of %s: %w", name, ctx.Err())
		case <-m.opts.Clock.After(10 * time.Millisecond):
		}
	}
	defer d.use.Unlock()
	d.mu.Lock()
	d.cfg.Path, d.cfg.Baud = path, baud
	d.gen++
	// Flows see the device unavailable from now until the new port answers.
	d.sensor, d.prn = nil, nil
	kill, ended := d.kill, d.ended
	d.mu.Unlock()
	select {
	case d.wake <- struct{}{}:
	default:
	}
	if kill == nil {
		return nil // not connected: the next attempt opens the new port
	}
	kill()
	select {
	case <-ended:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("manager: set port of %s: %w", name, ctx.Err())
	}
}

// Config returns the named device's configuration as it is now (SetPort
// changes its Path and Baud).
func (m *Manager) Config(name string) (Device, error) {
	d, ok := m.devices[name]
	if !ok {
		return Device{}, fmt.Errorf("%w: %s", ErrUnknownDevice, name)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cfg, nil
}

func openState(err error) State {
	if c, ok := serialport.CodeOf(err); ok && c == serialport.PortNotFound {
		return StateNoDevice
	}
	return StateHardwareError
}

// Details: the codes in Status.Detail, saying why a device is not online (or
// what it lacks, for a printer). They are stable identifiers, not sentences:
// the kiosk logs them as they are and shows a text of its own for each, in the
// staff member's language (kiosk/diag). Details lists them all.
const (
	DetailPortNotFound    = "port_not_found"      // the port is not there (unplugged, wrong path)
	DetailPortBusy        = "port_busy"           // another program holds the port
	DetailPermission      = "permission_denied"   // the kiosk user may not open the port
	DetailDisconnected    = "disconnected"        // the device went away while open
	DetailSerial          = "serial_error"        // the port failed otherwise (bad speed, not a serial port)
	DetailNoReply         = "no_reply"            // nothing answered
	DetailProtocol        = "protocol_error"      // the answer made no sense (noise, wrong speed)
	DetailTimeout         = "timeout"             // no answer in time
	DetailSensorPassword  = "sensor_password"     // the fingerprint sensor refuses our password
	DetailSensorRefused   = "sensor_refused"      // the fingerprint sensor refused the handshake otherwise
	DetailCoverOpen       = "cover_open"          // the printer's cover is open
	DetailPaperOut        = "paper_out"           // the printer has no paper
	DetailPaperLow        = "paper_low"           // the printer's paper is running out
	DetailCutterError     = "cutter_error"        // the printer's cutter jammed
	DetailPrinterOffline  = "printer_offline"     // the printer says it is offline, no reason given
	DetailPrinterHardware = "printer_hardware"    // the printer reports an unrecoverable fault
	DetailPrinterBadJob   = "printer_bad_receipt" // a receipt could not be laid out
	DetailCanceled        = "canceled"            // an exchange was given up
	DetailError           = "error"               // any other failure; the log has it
)

// Details lists every code Status.Detail may hold, for the UI's check that
// each has a text.
var Details = []string{
	DetailPortNotFound, DetailPortBusy, DetailPermission, DetailDisconnected, DetailSerial,
	DetailNoReply, DetailProtocol, DetailTimeout, DetailSensorPassword, DetailSensorRefused,
	DetailCoverOpen, DetailPaperOut, DetailPaperLow, DetailCutterError, DetailPrinterOffline,
	DetailPrinterHardware, DetailPrinterBadJob, DetailCanceled, DetailError,
}

// DetailOf is the Detail code for an error of a device operation (Print,
// CaptureFinger, …): one of Details, "" for nil.
func DetailOf(err error) string { return detail(err) }

// detail is a short reason that carries no device data: one of Details.
func detail(err error) string {
	if err == nil {
		return ""
	}
	if c, ok := serialport.CodeOf(err); ok {
		switch c {
		case serialport.PortNotFound:
			return DetailPortNotFound
		case serialport.PortBusy:
			return DetailPortBusy
		case serialport.PermissionDenied:
			return DetailPermission
		case serialport.Disconnected:
			return DetailDisconnected
		}
		return DetailSerial
	}
	var fe *fingerprint.Error
	if errors.As(err, &fe) {
		if fe.Code == fingerprint.CodeWrongPassword || fe.Code == fingerprint.CodePasswordNeeded {
			return DetailSensorPassword
		}
		return DetailSensorRefused
	}
	if c, ok := printer.CodeOf(err); ok {
		return printerCodeDetail(c)
	}
	switch {
	case errors.Is(err, fingerprint.ErrNoReply):
		return DetailNoReply
	case errors.Is(err, fingerprint.ErrChecksum), errors.Is(err, fingerprint.ErrProtocol):
		return DetailProtocol
	case errors.Is(err, context.DeadlineExceeded):
		return DetailTimeout
	case errors.Is(err, context.Canceled):
		return DetailCanceled
	}
	return DetailError
}

// printerCodeDetail is a printer failure's Detail.
func printerCodeDetail(c printer.Code) string {
	switch c {
	case printer.Offline:
		return DetailPrinterOffline
	case printer.PaperOutError:
		return DetailPaperOut
	case printer.CoverOpen:
		return DetailCoverOpen
	case printer.CutterError:
		return DetailCutterError
	case printer.HardwareError:
		return DetailPrinterHardware
	case printer.NoResponse:
		return DetailNoReply
	case printer.Protocol:
		return DetailProtocol
	case printer.NoDevice:
		return DetailDisconnected
	case printer.BadReceipt:
		return DetailPrinterBadJob
	case printer.Canceled:
		return DetailCanceled
	}
	return DetailError
}

// session runs one open port until it fails. connected reports whether the device
// answered at least once.
func (m *Manager) session(ctx context.Context, d *device, port serialport.Port) (connected bool, err error) {
	switch d.cfg.Kind {
	case Scanner:
		m.setState(d, StateOnline, "", "")
		rd := &scanner.Reader{Options: d.cfg.Scanner}
		return true, rd.Run(ctx, port, func(r scanner.Result) {
			e := Event{Type: BarcodeRead, Device: d.cfg.Name, Err: r.Err}
			if r.Err == nil {
				s := r.Scan
				e.Barcode = &s
			}
			m.publish(e)
		})
	case DocReader:
		m.setState(d, StateOnline, "", "")
		rd := &docreader.Reader{Now: m.opts.Clock.Now}
		return true, rd.Run(ctx, port, func(r docreader.Result) {
			m.publish(Event{Type: DocumentRead, Device: d.cfg.Name, Document: r.Doc, Err: r.Err})
		})
	case CardReader:
		m.setState(d, StateOnline, "", "")
		rd := &cardreaderReader{now: m.opts.Clock.Now}
		return true, rd.run(ctx, port, func(c *magstripe.Card, err error) {
			m.publish(Event{Type: CardInserted, Device: d.cfg.Name, Card: c, Err: err})
		})
	case Fingerprint:
		return m.fingerprintSession(ctx, d, port)
	case Printer:
		return m.printerSession(ctx, d, port)
	}
	return false, fmt.Errorf("manager: kind %q", d.cfg.Kind)
}

// poll calls check now and every HealthEvery until it returns an error or ctx ends.
func (m *Manager) poll(ctx context.Context, check func() error) error {
	for {
		if err := check(); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-m.opts.Clock.After(m.opts.HealthEvery):
		}
	}
}
