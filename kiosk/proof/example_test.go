package proof_test

import (
	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/client"
)

// addressService is a service that proves the person first: the shape of
// kiosk/myid, kiosk/address and kiosk/dependents.
type addressService struct {
	prover *proof.Prover
	who    proof.Proven // the person, once proven
	proven bool
}

func newAddressService(cl *client.Client, online func() bool, sensor proof.Sensor, lock *proof.Lockout, atm bool) *addressService {
	s := &addressService{}
	s.prover = proof.NewProver(proof.ProverConfig{
		TitleKey: "address.title", ATM: atm,
		Offline: true, // an address update can be queued; the digital ID could not
		Deps:    proof.ProverDeps{Sensor: sensor, Live: cl, Online: online, Lockout: lock},
		OnProven: func(h shell.Host, p proof.Proven) {
			s.who, s.proven = p, true
			h.Show(s.form(h)) // the service's own first screen
		},
	})
	return s
}

func (s *addressService) ID() string          { return "address" }
func (s *addressService) TitleKey() string    { return "address.title" }
func (s *addressService) Icon() fyne.Resource { return nil }

// Start begins with the prover's first screen.
func (s *addressService) Start(h shell.Host) fyne.CanvasObject { s.Wipe(); return s.prover.Start(h) }

// Rebuild keeps the prover's state across a language switch until proven.
func (s *addressService) Rebuild(h shell.Host) fyne.CanvasObject {
	if !s.proven {
		return s.prover.Rebuild(h)
	}
	return s.form(h)
}

// Wipe forgets the proof (its template or card number) with everything else.
func (s *addressService) Wipe() { s.prover.Wipe(); s.who.Wipe(); s.proven = false }

// CardInserted and FillFromDocument are what cmd/kiosk forwards from the
// devices while the service runs; the prover takes them until proven.
func (s *addressService) CardInserted(c *magstripe.Card, err error) { s.prover.CardInserted(c, err) }
func (s *addressService) FillFromDocument(d mrz.Document)           { s.prover.FillFromDocument(d) }

func (s *addressService) form(h shell.Host) fyne.CanvasObject {
	// Online: s.who.Token goes with the live calls; offline: s.who.Template
	// (or CardPAN) goes into the sealed request.
	return rtl.NewLabel(h.Lang(), s.who.ID.Number)
}

// Example shows a service that runs the Prover first (see addressService).
func Example() {
	// cmd/kiosk passes its central client, the sync engine's Online, the
	// fingerprint sensor (proof.ManagerSensor) and the kiosk's one Lockout.
	var _ shell.Flow = newAddressService(nil, nil, nil, &proof.Lockout{}, false)
}
