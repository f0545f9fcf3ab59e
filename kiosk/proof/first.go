package proof

import (
	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/kiosk/shell"
)

// Stage is a Prover as First runs it: its screens and its wipe. The document
// reader and the bank card reach it when it has FillFromDocument or
// CardInserted (the Prover has both).
type Stage interface {
	Start(h shell.Host) fyne.CanvasObject
	Rebuild(h shell.Host) fyne.CanvasObject
	Wipe()
}

// First is the proof that opens a service which proves the person before
// anything else (the national address, dependents, the digital ID): it
// starts a Prover, hands the person it proves to the service unless the
// session has ended since, sends a cancel home, shows the Prover's screens
// again on a language switch while it is proving, passes the readers to it
// meanwhile, and wipes it with the session. P is what the service's Prover
// hands over (Proven, or the service's own adapter of it).
//
// The Prover is kept, not wiped, once it has handed the person over: it is
// still returning from the call that did. Wipe ends it with the session.
type First[P any] struct {
	stage   Stage
	proving bool
	gen     int
}

// Begin starts a fresh proof with the Prover newProver makes, on h: proven
// gets the person once proven; a person proven for a session wiped since is
// given to stale instead (nil: dropped), so the service can wipe it. A cancel
// goes home. It returns the Prover's first screen.
func (f *First[P]) Begin(h shell.Host, newProver func(onProven func(shell.Host, P), onCancel func(shell.Host)) Stage,
	proven func(shell.Host, P), stale func(P)) fyne.CanvasObject {
	f.Wipe()
	gen := f.gen
	f.proving = true
	f.stage = newProver(func(h shell.Host, p P) {
		if f.gen != gen {
			if stale != nil {
				stale(p)
			}
			return
		}
		f.proving = false
		proven(h, p)
	}, func(h shell.Host) {
		if f.gen == gen {
			h.Home()
		}
	})
	return f.stage.Start(h)
}

// Proving reports whether the Prover's screens are showing: begun, and no
// person handed over yet.
func (f *First[P]) Proving() bool { return f.proving && f.stage != nil }

// Rebuild is the Prover's screen again in h's language while it is proving;
// ok is false once the service has taken over.
func (f *First[P]) Rebuild(h shell.Host) (obj fyne.CanvasObject, ok bool) {
	if !f.Proving() {
		return nil, false
	}
	return f.stage.Rebuild(h), true
}

// Wipe ends the proof with the session: the Prover is wiped and forgotten,
// and a person it proves later is stale.
func (f *First[P]) Wipe() {
	f.gen++
	if f.stage != nil {
		f.stage.Wipe()
	}
	f.stage, f.proving = nil, false
}

// FillFromDocument passes a card or passport read by the document reader to
// the Prover while it is proving; afterwards it is ignored.
func (f *First[P]) FillFromDocument(d mrz.Document) {
	if p, ok := f.stage.(interface{ FillFromDocument(mrz.Document) }); ok && f.Proving() {
		p.FillFromDocument(d)
	}
}

// CardInserted passes a bank card read (at an ATM) to the Prover while it is
// proving; afterwards it is ignored.
func (f *First[P]) CardInserted(c *magstripe.Card, err error) {
	if p, ok := f.stage.(interface {
		CardInserted(*magstripe.Card, error)
	}); ok && f.Proving() {
		p.CardInserted(c, err)
	}
}
