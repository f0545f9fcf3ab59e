package address

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/identity/places"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Step is a screen of the flow.
type Step int

// Steps.
const (
	StepProve   Step = iota // the shared prover's screens
	StepCurrent             // online: the address on record
	StepForm                // the new address
	StepPicker              // choosing the city or the district
	StepReview              // the new address, to confirm
	StepDone                // queued: reference, QR, what happens next, the card
	StepRefused             // the kiosk cannot take requests now
)

func (s Step) String() string {
	return [...]string{"prove", "current", "form", "picker", "review", "done", "refused"}[s]
}

// Why the address on record is not shown (Flow.Unknown).
const (
	UnknownOffline = "offline" // the person was proven offline, or the kiosk is
	UnknownFailed  = "failed"  // central did not answer the look-up
)

// Options configure the flow.
type Options struct {
	Deps Deps
	// Go runs a blocking call off the Fyne goroutine; nil means `go f()`.
	Go func(func())
	// Timeout bounds one call to central, the outbox or the printer; zero means 20 s.
	Timeout time.Duration
}

// Result is the queued update.
type Result struct {
	Ref      string
	Address  wire.Address
	Receipt  receipt.Receipt
	PrintErr error
}

// Flow is the national-address service as the shell sees it. Its methods run
// on the Fyne goroutine.
type Flow struct {
	opts Options
	dir  *places.Directory

	h      shell.Host
	step   Step
	busy   bool
	prover proof.First[Proven] // the prover's stage
	proven *Proven

	current *wire.Address // the address on record, when shown
	found   bool          // central has an address on record
	unknown string        // why the address on record is not shown

	vals     map[string]string        // typed fields by identity.Field*
	city     string                   // picked city code
	district string                   // picked district code
	errs     map[string]identity.Code // per field, from the last check
	kinds    map[string]keyboard.Kind // the keyboard of the text fields
	picking  string                   // identity.FieldCity or FieldDistrict on StepPicker
	query    string                   // the picker's search text
	index    *places.Index            // the picker's list
	matches  []int                    // positions in index shown
	result   *Result                  // the queued update
	refused  error                    // why StepRefused
	printed  *error                   // the address card: printed (nil) or failed
	gen      int
	event    speech.Utterance // said instead of the next screen's prompt (speak)

	buttons map[string]*rtl.Button
	fields  map[string]*keyboard.Field
	list    *widget.List
	scroll  *container.Scroll
	count   *rtl.Label
}

var _ interface {
	shell.Flow
	shell.Servicer
	shell.Rebuilder
	shell.Wiper
} = (*Flow)(nil)

// New returns the flow.
func New(opts Options) *Flow {
	if opts.Go == nil {
		opts.Go = func(f func()) { go f() }
	}
	if opts.Timeout == 0 {
		opts.Timeout = 20 * time.Second
	}
	if opts.Deps.Now == nil {
		opts.Deps.Now = time.Now
	}
	if opts.Deps.Online == nil {
		opts.Deps.Online = func() bool { return false }
	}
	dir := opts.Deps.Places
	if dir == nil {
		dir = places.Default()
	}
	f := &Flow{opts: opts, dir: dir}
	f.Wipe()
	return f
}

// ID implements shell.Flow.
func (f *Flow) ID() string { return "address" }

// TitleKey implements shell.Flow.
func (f *Flow) TitleKey() string { return "service.address" }

// Icon implements shell.Flow.
func (f *Flow) Icon() fyne.Resource { return homeIcon() }

// Service implements shell.Servicer.
func (f *Flow) Service() string { return wire.ServiceAddress }

// Start implements shell.Flow: a fresh session begins with the prover.
func (f *Flow) Start(h shell.Host) fyne.CanvasObject {
	f.Wipe()
	f.h = h
	if err := f.opts.Deps.Queue.Frozen(); err != nil {
		f.refused, f.step = err, StepRefused
		return f.screen()
	}
	return f.prover.Begin(h, func(proven func(shell.Host, Proven), cancel func(shell.Host)) proof.Stage {
		return f.opts.Deps.Prove(proven, cancel)
	}, func(h shell.Host, p Proven) {
		f.h = h
		f.proved(p)
	}, func(p Proven) { p.Wipe() })
}

// Rebuild implements shell.Rebuilder.
func (f *Flow) Rebuild(h shell.Host) fyne.CanvasObject {
	f.h = h
	if obj, ok := f.prover.Rebuild(h); ok {
		return obj
	}
	return f.screen()
}

// Wipe implements shell.Wiper: the proof, the address shown and everything
// typed are forgotten; a call still running is ignored when it returns.
func (f *Flow) Wipe() {
	f.gen++
	f.prover.Wipe()
	if f.proven != nil {
		f.proven.Wipe()
	}
	if f.result != nil {
		f.result.Receipt, f.result.Address = receipt.Receipt{}, wire.Address{}
	}
	f.step, f.busy, f.proven = StepProve, false, nil
	f.current, f.found, f.unknown = nil, false, ""
	f.vals, f.city, f.district, f.errs = map[string]string{}, "", "", map[string]identity.Code{}
	f.kinds = map[string]keyboard.Kind{}
	f.picking, f.query, f.index, f.matches = "", "", nil, nil
	f.result, f.refused, f.printed = nil, nil, nil
	f.event = speech.Utterance{}
	f.buttons, f.fields, f.list, f.scroll, f.count = map[string]*rtl.Button{}, map[string]*keyboard.Field{}, nil, nil, nil
}

// Step is the current screen.
func (f *Flow) Step() Step { return f.step }

// Busy reports whether a call to central, the outbox or the printer is running.
func (f *Flow) Busy() bool { return f.busy }

// Current is the address on record shown on StepCurrent; found is false when
// central has none.
func (f *Flow) Current() (a wire.Address, found bool) {
	if f.current == nil {
		return wire.Address{}, false
	}
	return *f.current, f.found
}

// Unknown says why the address on record is not shown (Unknown*), "" when it is.
func (f *Flow) Unknown() string { return f.unknown }

// Errors are the form's errors by field from the last check.
func (f *Flow) Errors() map[string]identity.Code { return f.errs }

// Result is the queued update once StepDone is reached.
func (f *Flow) Result() (Result, bool) {
	if f.result == nil {
		return Result{}, false
	}
	return *f.result, true
}

// CardPrinted reports whether the address card was printed (nil) or failed;
// ok is false before it was asked for.
func (f *Flow) CardPrinted() (err error, ok bool) {
	if f.printed == nil {
		return nil, false
	}
	return *f.printed, true
}

// Button returns a button of the current screen by name, for tests and tools.
func (f *Flow) Button(name string) (*rtl.Button, bool) {
	b, ok := f.buttons[name]
	return b, ok
}

// Field returns a typed field of the form (identity.Field*), or the picker's
// search field ("search"), for tests and tools.
func (f *Flow) Field(name string) (*keyboard.Field, bool) {
	e, ok := f.fields[name]
	return e, ok
}

// Matches are the places the picker lists for its search text.
func (f *Flow) Matches() []places.Place {
	ps := make([]places.Place, len(f.matches))
	for i, m := range f.matches {
		ps[i] = f.index.Place(m)
	}
	return ps
}

// Pick chooses the listed place with code on StepPicker, as a tap on it does.
func (f *Flow) Pick(code string) bool {
	for _, m := range f.matches {
		if p := f.index.Place(m); p.Code == code {
			f.pick(p)
			return true
		}
	}
	return false
}

func (f *Flow) lang() i18n.Lang { return f.h.Lang() }

func (f *Flow) t(key string) string { return i18n.T(f.lang(), key) }

func (f *Flow) show() {
	obj := f.screen()
	f.h.Show(obj)
	obj.Refresh()
	if f.busy {
		return
	}
	// The keyboard comes up with the picker: the one thing to do there is search.
	if f.step == StepPicker {
		if e := f.fields["search"]; e != nil {
			if c := f.h.Window().Canvas(); c != nil {
				c.Focus(e)
			}
		}
	}
}

// run performs a blocking call off the Fyne goroutine behind a "please wait"
// screen; then runs done on the Fyne goroutine unless the session was wiped.
func (f *Flow) run(call func(ctx context.Context) func()) {
	if f.busy {
		return
	}
	f.busy = true
	f.show()
	gen := f.gen
	f.opts.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), f.opts.Timeout)
		done := call(ctx)
		cancel()
		fyne.Do(func() {
			if f.gen != gen {
				return
			}
			f.busy = false
			done()
			f.show()
		})
	})
}

// proved continues once the prover is done: online, with the address on
// record; offline, with the form and the reason it is not shown.
func (f *Flow) proved(p Proven) {
	// The prover is wiped with the session, not here: it is still returning
	// from the call that handed p over.
	f.proven = &p
	d := f.opts.Deps
	if d.Live == nil || !d.Online() || p.Token == "" {
		f.unknown, f.step = UnknownOffline, StepForm
		f.show()
		return
	}
	token := p.Token
	f.step = StepCurrent
	f.run(func(ctx context.Context) func() {
		res, err := d.Live.Address(ctx, token)
		return func() {
			if err != nil {
				f.unknown, f.step = UnknownFailed, StepForm
				return
			}
			a := res.Address
			f.current, f.found = &a, res.Found
			if !res.Found {
				f.step = StepForm
			}
		}
	})
}

// startUpdate opens the form, filled with the address on record if any.
func (f *Flow) startUpdate() {
	if f.current != nil && f.found && len(f.vals) == 0 {
		a := f.current
		f.vals = map[string]string{identity.FieldBuildingNumber: a.BuildingNumber, identity.FieldStreet: a.Street,
			identity.FieldPostalCode: a.PostalCode, identity.FieldAdditionalNumber: a.AdditionalNumber,
			identity.FieldShortAddress: a.ShortAddress}
		if _, ok := f.dir.City(a.CityCode); ok {
			f.city = a.CityCode
			if places.InCity(a.DistrictCode, a.CityCode) {
				f.district = a.DistrictCode
			}
		}
	}
	f.step = StepForm
	f.show()
}

// openPicker shows the list of cities, or of the picked city's districts.
func (f *Flow) openPicker(field string) {
	f.h.Touch()
	list := f.dir.Cities()
	if field == identity.FieldDistrict {
		if f.city == "" {
			f.errs[identity.FieldDistrict] = CodeCityFirst
			f.show()
			return
		}
		list = f.dir.Districts(f.city)
	}
	delete(f.errs, field)
	f.picking, f.query, f.index = field, "", places.NewIndex(list)
	f.matches = f.index.Filter("", f.matches[:0])
	f.step = StepPicker
	f.show()
}

// filter lists the places matching the search text as it is typed. It does
// not rebuild the screen, so the search field keeps the keyboard.
func (f *Flow) filter(q string) {
	before := f.query
	f.query = q
	f.matches = f.index.Filter(q, f.matches[:0])
	f.echoSearch(before, q)
	if f.list != nil {
		f.list.UnselectAll()
		f.list.ScrollToTop()
		f.list.Refresh()
	}
	if f.count != nil {
		f.count.SetText(f.countText())
	}
}

func (f *Flow) pick(p places.Place) {
	f.h.Touch()
	if f.picking == identity.FieldCity {
		if f.city != p.Code {
			f.district = ""
		}
		f.city = p.Code
	} else {
		f.district = p.Code
	}
	f.picked(f.picking, p.Name(string(f.lang())))
	delete(f.errs, f.picking)
	f.picking, f.query, f.index, f.matches = "", "", nil, f.matches[:0]
	f.step = StepForm
	f.show()
}

// CodeCityFirst is the form error of the district picker tapped before a city
// was picked.
const CodeCityFirst identity.Code = "address.city_first"

// entered is the address as the form holds it, names in Arabic (the record's
// language) with the picked codes.
func (f *Flow) entered() wire.Address {
	a := wire.Address{BuildingNumber: f.vals[identity.FieldBuildingNumber], Street: f.vals[identity.FieldStreet],
		PostalCode: f.vals[identity.FieldPostalCode], AdditionalNumber: f.vals[identity.FieldAdditionalNumber],
		ShortAddress: f.vals[identity.FieldShortAddress], CityCode: f.city, DistrictCode: f.district}
	if c, ok := f.dir.City(f.city); ok {
		a.City = c.AR
	}
	if d, ok := f.dir.District(f.district); ok {
		a.District = d.AR
	}
	return a
}

// review checks every field by the identity rules; errors go next to their
// fields and nothing moves on.
func (f *Flow) review() {
	f.h.Touch()
	a := f.entered()
	out, errs := identity.CheckAddress(identity.Address{BuildingNumber: a.BuildingNumber, Street: a.Street,
		District: a.District, City: a.City, PostalCode: a.PostalCode, AdditionalNumber: a.AdditionalNumber,
		ShortAddress: a.ShortAddress})
	clear(f.errs)
	for _, e := range errs {
		f.errs[e.Field] = e.Code
	}
	if len(errs) > 0 {
		f.show()
		return
	}
	// The normalised values (digits in ASCII, spaces collapsed) are what is
	// reviewed and sent.
	f.vals[identity.FieldBuildingNumber], f.vals[identity.FieldStreet] = out.BuildingNumber, out.Street
	f.vals[identity.FieldPostalCode], f.vals[identity.FieldAdditionalNumber] = out.PostalCode, out.AdditionalNumber
	f.vals[identity.FieldShortAddress] = out.ShortAddress
	f.step = StepReview
	f.show()
}

// MetaLanguage is the meta key of the queued record's screen language (plain
// metadata: nothing personal).
const MetaLanguage = "language"

// queue seals the update with the proof, queues it, then prints the receipt.
// The template and card number are cleared once they are in the sealed payload.
func (f *Flow) queue() {
	f.h.Touch()
	d := f.opts.Deps
	p := f.proven
	u := wire.AddressUpdate{IDNumber: p.ID.Number, Address: f.entered(), ProofToken: p.Token,
		FingerprintTemplate: p.Template, CardPAN: p.CardPAN}
	lang := string(f.lang())
	masked := identity.Mask(p.ID.Number)
	f.run(func(ctx context.Context) func() {
		payload, err := json.Marshal(u)
		if err != nil {
			return func() { f.refused, f.step = err, StepRefused }
		}
		rec, err := d.Queue.Enqueue(outbox.Request{Kind: wire.KindAddressUpdate, Payload: payload,
			Meta: map[string]string{MetaLanguage: lang}})
		clear(payload)
		if err != nil {
			return func() { f.refused, f.step = fmt.Errorf("address: queue update: %w", err), StepRefused }
		}
		res := &Result{Ref: rec.Ref, Address: u.Address}
		res.Receipt = Receipt(res.Ref, masked, d.KioskID, lang, d.Now())
		if err := d.Printer.Print(ctx, res.Receipt); err != nil {
			res.PrintErr = fmt.Errorf("address: print receipt %s: %w", res.Ref, err)
		}
		return func() {
			f.result, f.step = res, StepDone
			// Sealed: the proof is not needed again this session.
			f.proven.Wipe()
			f.proven = &Proven{}
		}
	})
}

// printCard prints the address card of the queued update, or of the address
// on record.
func (f *Flow) printCard() {
	f.h.Touch()
	d := f.opts.Deps
	var card receipt.Receipt
	if f.result != nil {
		card = Card(f.dir, f.result.Address, CardRequested, f.result.Ref, string(f.lang()), d.Now())
	} else if f.current != nil && f.found {
		card = Card(f.dir, *f.current, CardOnRecord, "", string(f.lang()), d.Now())
	} else {
		return
	}
	f.run(func(ctx context.Context) func() {
		err := d.Printer.Print(ctx, card)
		if err != nil {
			err = fmt.Errorf("address: print card: %w", err)
		}
		return func() { f.printed = &err; f.cardPrinted() }
	})
}

// FillFromDocument passes a card or passport read by the document reader to
// the prover while it asks who the person is. Call it on the Fyne goroutine.
func (f *Flow) FillFromDocument(d mrz.Document) { f.prover.FillFromDocument(d) }

// CardInserted passes a bank card read at an ATM to the prover. Call it on the
// Fyne goroutine.
func (f *Flow) CardInserted(c *magstripe.Card, err error) { f.prover.CardInserted(c, err) }
