package manager

import (
	"context"
	"fmt"

	"github.com/bawaba/bawaba/devices/printer"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/devices/serialport"
)

// printerSession polls DLE EOT status; a printer that stops answering ends the
// session so the port is reopened.
func (m *Manager) printerSession(ctx context.Context, d *device, port serialport.Port) (bool, error) {
	p := printer.New(port, d.cfg.Profile, printer.Options{})
	connected := false
	err := m.poll(ctx, func() error {
		if !d.use.TryLock() {
			return nil // printing; the job reports its own failures
		}
		defer d.use.Unlock()
		st, err := p.Status(ctx)
		if err != nil {
			if c, ok := printer.CodeOf(err); ok && c == printer.Protocol {
				m.setState(d, StateHardwareError, PaperUnknown, detail(err))
				return nil
			}
			return err
		}
		if !connected {
			connected = true
			d.mu.Lock()
			d.prn = p
			d.mu.Unlock()
		}
		m.setState(d, State(st.Device), Paper(st.Paper), printerDetail(st))
		return nil
	})
	return connected, err
}

func printerDetail(st printer.Status) string {
	switch {
	case st.CutterError:
		return DetailCutterError
	case st.CoverOpen:
		return DetailCoverOpen
	case st.Paper == printer.PaperOut:
		return DetailPaperOut
	case st.Paper == printer.PaperLow:
		return DetailPaperLow
	}
	return ""
}

// Print prints r on the named printer. It returns ErrUnavailable at once when the
// printer is not connected, and the printer's typed error (printer.CodeOf: paper
// out, cover open, …) when the job fails; afterwards the status is refreshed.
func (m *Manager) Print(ctx context.Context, name string, r receipt.Receipt) error {
	d, ok := m.devices[name]
	if !ok || d.cfg.Kind != Printer {
		return fmt.Errorf("%w: %s", ErrUnknownDevice, name)
	}
	d.use.Lock()
	defer d.use.Unlock()
	d.mu.Lock()
	d.inFlow = true // SetPort waits for the health poll, not for a flow
	defer func() { d.mu.Lock(); d.inFlow = false; d.mu.Unlock() }()
	p, st := d.prn, d.status
	d.mu.Unlock()
	if p == nil || (st.State != StateOnline && st.State != StateUserError) {
		return fmt.Errorf("%w: %s is %s", ErrUnavailable, name, st.State)
	}
	m.setState(d, StateDeviceBusy, "", "")
	err := p.Print(ctx, r)
	if s, serr := p.Status(ctx); serr == nil {
		m.setState(d, State(s.Device), Paper(s.Paper), printerDetail(s))
	} else {
		m.setState(d, StateOffline, PaperUnknown, detail(serr))
	}
	return err
}
