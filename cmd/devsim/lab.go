package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/bawaba/bawaba/devices/cardreader/cardreadersim"
	"github.com/bawaba/bawaba/devices/docreader/docreadersim"
	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/fingerprint/fingerprintsim"
	"github.com/bawaba/bawaba/devices/printersim"
	"github.com/bawaba/bawaba/devices/scanner/scannersim"
	"github.com/bawaba/bawaba/devices/simport"
)

// usage is the control API summary printed by -h and GET /.
const usage = `Control API (POST unless noted):
  GET  /status
  POST /DEVICE/unplug | /DEVICE/replug
  POST /DEVICE/garbage?n=32 | /DEVICE/slow?ms=500 | /DEVICE/mute?on=1 | /DEVICE/bad-checksums?on=1
  POST /printer/paper-out?on=1 (near-end, cover-open, cutter-error, offline) | /printer/clear
  POST /docreader/insert?doc=NAME[&framing=stx|3m|labelled|bare]
  POST /cardreader/insert?card=NAME|PAN
  POST /scanner/scan?data=TEXT[&aim=]Q1] (or data64=BASE64)
  POST /fingerprint/place?finger=ID | /fingerprint/lift | /fingerprint/fail?code=6
  POST /fingerprint/enroll?page=1&finger=ID
DEVICE is printer, docreader, cardreader, scanner or fingerprint.
`

// faulty is what every simulator offers through simport.Faults.
type faulty interface {
	SetSlow(time.Duration)
	SetMute(bool)
	SetBadChecksums(bool)
	InjectGarbage(int)
}

// LabOptions configure the simulated printer.
type LabOptions struct {
	PNGDir string
	Width  int
	NoQR   bool
}

// Lab is the set of simulated devices behind their links.
type Lab struct {
	hosts   map[string]*simport.Host
	order   []string
	faults  map[string]faulty
	printer *printersim.Sim
	doc     *docreadersim.Sim
	card    *cardreadersim.Sim
	scanner *scannersim.Sim
	finger  *fingerprintsim.Sim
}

// NewLab plugs every simulator in under dir.
func NewLab(dir string, o LabOptions) (*Lab, error) {
	if o.PNGDir != "" {
		if err := os.MkdirAll(o.PNGDir, 0o755); err != nil {
			return nil, err
		}
	}
	prn, err := printersim.New(printersim.Options{WidthDots: o.Width, Dir: o.PNGDir, NoQR: o.NoQR})
	if err != nil {
		return nil, err
	}
	l := &Lab{
		hosts: map[string]*simport.Host{}, faults: map[string]faulty{}, printer: prn,
		doc: &docreadersim.Sim{}, card: &cardreadersim.Sim{}, scanner: &scannersim.Sim{},
		finger: fingerprintsim.New(200),
	}
	add := func(name string, srv simport.Server, f faulty) error {
		h := simport.NewHost(filepath.Join(dir, name), srv)
		if err := h.Plug(); err != nil {
			return err
		}
		l.hosts[name], l.faults[name] = h, f
		l.order = append(l.order, name)
		return nil
	}
	for _, d := range []struct {
		name string
		srv  simport.Server
		f    faulty
	}{
		{"printer", prn, prn}, {"docreader", l.doc, l.doc}, {"cardreader", l.card, l.card},
		{"scanner", l.scanner, l.scanner}, {"fingerprint", l.finger, l.finger},
	} {
		if err := add(d.name, d.srv, d.f); err != nil {
			l.Close()
			return nil, err
		}
	}
	return l, nil
}

// Devices lists the device names.
func (l *Lab) Devices() []string { return l.order }

// Link is the path a driver opens for device name.
func (l *Lab) Link(name string) string { return l.hosts[name].Link() }

// Close unplugs everything.
func (l *Lab) Close() error {
	var errs []error
	for _, h := range l.hosts {
		errs = append(errs, h.Close())
	}
	return errors.Join(errs...)
}

// Handler is the control API.
func (l *Lab) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, usage) })
	mux.HandleFunc("GET /status", func(w http.ResponseWriter, r *http.Request) {
		type dev struct {
			Name    string `json:"name"`
			Path    string `json:"path"`
			Plugged bool   `json:"plugged"`
		}
		var out []dev
		for _, n := range l.order {
			out = append(out, dev{n, l.hosts[n].Link(), l.hosts[n].Plugged()})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("POST /{device}/{action}", func(w http.ResponseWriter, r *http.Request) {
		if err := l.act(r.PathValue("device"), r.PathValue("action"), r); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	return mux
}

func on(r *http.Request) bool {
	v := r.URL.Query().Get("on")
	return v == "" || v == "1" || v == "true" || v == "on"
}

func intArg(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s: not a non-negative number", name)
	}
	return n, nil
}

func (l *Lab) act(device, action string, r *http.Request) error {
	h, ok := l.hosts[device]
	if !ok {
		return fmt.Errorf("unknown device %q", device)
	}
	q := r.URL.Query()
	f := l.faults[device]
	switch action {
	case "unplug":
		return h.Unplug()
	case "replug", "plug":
		return h.Plug()
	case "slow":
		ms, err := intArg(r, "ms", 500)
		if err != nil {
			return err
		}
		f.SetSlow(time.Duration(ms) * time.Millisecond)
		return nil
	case "mute":
		f.SetMute(on(r))
		return nil
	case "bad-checksums":
		f.SetBadChecksums(on(r))
		return nil
	case "garbage":
		n, err := intArg(r, "n", 32)
		if err != nil {
			return err
		}
		return l.garbage(device, min(n, 4096))
	}
	switch device {
	case "printer":
		switch action {
		case "clear":
			return l.printer.Control("clear")
		case "paper-out", "near-end", "paper-near-end", "cover-open", "cutter-error", "offline":
			state := "off"
			if on(r) {
				state = "on"
			}
			cond := action
			if cond == "paper-near-end" {
				cond = "near-end"
			}
			return l.printer.Control(cond + " " + state)
		}
	case "docreader":
		if action == "insert" {
			switch q.Get("framing") {
			case "", "stx":
				l.doc.Framing = docreadersim.STXETX
			case "3m":
				l.doc.Framing = docreadersim.ThreeM
			case "labelled":
				l.doc.Framing = docreadersim.Labelled
			case "bare":
				l.doc.Framing = docreadersim.Bare
			default:
				return fmt.Errorf("framing: want stx, 3m, labelled or bare")
			}
			return l.doc.Insert(q.Get("doc"))
		}
	case "cardreader":
		if action == "insert" {
			return l.card.Insert(q.Get("card"))
		}
	case "scanner":
		if action == "scan" {
			data := []byte(q.Get("data"))
			if b64 := q.Get("data64"); b64 != "" {
				var err error
				if data, err = base64.StdEncoding.DecodeString(b64); err != nil {
					return fmt.Errorf("data64: %w", err)
				}
			}
			if len(data) == 0 {
				return errors.New("scan: data or data64 required")
			}
			l.scanner.AIM = q.Get("aim") != ""
			return l.scanner.Scan(data, q.Get("aim"))
		}
	case "fingerprint":
		switch action {
		case "place":
			if q.Get("finger") == "" {
				return errors.New("place: finger required")
			}
			l.finger.Place(q.Get("finger"))
			return nil
		case "lift":
			l.finger.Lift()
			return nil
		case "fail":
			code, err := intArg(r, "code", int(fingerprint.CodeImageMessy))
			if err != nil || code > 0xFF {
				return fmt.Errorf("fail: code must be 0..255")
			}
			l.finger.FailNext(fingerprint.Code(code))
			return nil
		case "enroll":
			page, err := intArg(r, "page", 0)
			if err != nil || page > 0xFFFF || q.Get("finger") == "" {
				return errors.New("enroll: page (0..65535) and finger required")
			}
			l.finger.Enrolled(uint16(page), q.Get("finger"))
			return nil
		}
	}
	return fmt.Errorf("unknown action %q for %s", action, device)
}

// garbage puts noise on the line: unsolicited devices send it at once (with a line
// end, so the driver sees a bad message); request/response devices send it before
// their next reply.
func (l *Lab) garbage(device string, n int) error {
	switch device {
	case "docreader":
		return l.doc.EmitGarbage(n, []byte("\r\x03"))
	case "cardreader":
		return l.card.EmitGarbage(n, []byte("\r"))
	case "scanner":
		return l.scanner.Noise(n)
	}
	l.faults[device].InjectGarbage(n)
	return nil
}
