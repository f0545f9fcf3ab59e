package proof_test

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/wire"
)

// service is a service that runs the prover first, as the shell sees it.
type service struct {
	p     *proof.Prover
	wiped int
}

func (f *service) ID() string                             { return "prove" }
func (f *service) TitleKey() string                       { return "activate.title" }
func (f *service) Icon() fyne.Resource                    { return nil }
func (f *service) Start(h shell.Host) fyne.CanvasObject   { return f.p.Start(h) }
func (f *service) Rebuild(h shell.Host) fyne.CanvasObject { return f.p.Rebuild(h) }
func (f *service) Wipe()                                  { f.wiped++; f.p.Wipe() }
func (f *service) Button(name string) (*rtl.Button, bool) { return f.p.Button(name) }

// proverKit is a real central on loopback mutual TLS with an enrolled client,
// and a network the test switches off.
type proverKit struct {
	c      *centraltest.Central
	cl     *client.Client
	online atomic.Bool
	lock   proof.Lockout
}

func newProverKit(t *testing.T) *proverKit {
	// Both languages' failed proofs come from this one kiosk: more than
	// central's default bound per kiosk, which its own tests check.
	limits := central.DefaultLimits
	limits.ProofFailsPerKiosk.N *= 3
	k := &proverKit{c: centraltest.Start(t, centraltest.Options{People: 40, Central: central.Options{Limits: limits}})}
	k.cl, _, _ = k.c.Client(t, filepath.Join(t.TempDir(), "kiosk"), "prover test")
	k.online.Store(true)
	return k
}

// run is prooftest's UI kit on one prover in the real shell; got has the
// person once proven.
type run struct {
	*prooftest.UI
	t      *testing.T
	svc    *service
	p      *proof.Prover
	finger *prooftest.Finger
	got    *proof.Proven
}

func (k *proverKit) start(t *testing.T, lang i18n.Lang, atm, offline bool) *run {
	return k.startWith(t, lang, atm, offline, nil)
}

// startWith is start with a shell that speaks through engine, when not nil.
func (k *proverKit) startWith(t *testing.T, lang i18n.Lang, atm, offline bool, engine speech.Engine) *run {
	return k.startFull(t, lang, atm, offline, engine, k.cl, nil)
}

// startLive is start with central's calls made through live and the kiosk's
// clock now (nil: time.Now).
func (k *proverKit) startLive(t *testing.T, lang i18n.Lang, atm, offline bool, live proof.ProverLive, now func() time.Time) *run {
	return k.startFull(t, lang, atm, offline, nil, live, now)
}

func (k *proverKit) startFull(t *testing.T, lang i18n.Lang, atm, offline bool, engine speech.Engine, live proof.ProverLive, now func() time.Time) *run {
	r := &run{t: t, finger: prooftest.NewFinger()}
	r.p = proof.NewProver(proof.ProverConfig{TitleKey: "activate.title", ATM: atm, Offline: offline,
		Deps: proof.ProverDeps{Sensor: r.finger, Live: live, Online: k.online.Load, Lockout: &k.lock,
			Go: func(f func()) { f() }, FingerTimeout: 2 * time.Second, Now: now},
		OnProven: func(_ shell.Host, p proof.Proven) { r.got = &p },
	})
	r.svc = &service{p: r.p}
	where := func() string { return "step " + r.p.Step().String() }
	if engine != nil {
		r.UI = prooftest.StartSpeakingUI(t, r.svc, lang, "", where, engine)
	} else {
		r.UI = prooftest.StartUI(t, r.svc, lang, "", where)
	}
	return r
}

// typeID chooses the fingerprint way and types the ID number.
func (r *run) typeID(id string) {
	r.t.Helper()
	r.Tap("finger")
	test.Type(r.p.Form().Field(), id)
}

// signIn chooses the password way and sends the username and password.
func (r *run) signIn(username, password string) {
	r.t.Helper()
	r.Tap("password")
	user, pass, _ := r.p.Fields()
	test.Type(user, username)
	test.Type(pass, password)
	r.Tap("send_code")
}

func (r *run) expect(s proof.ProverStep) {
	r.t.Helper()
	if r.p.Step() != s {
		r.t.Fatalf("step %s (reason %q), want %s", r.p.Step(), r.p.Reason(), s)
	}
}

// TestProver drives each way of proving the person through a real central
// service, in Arabic and in English, online and offline.
func TestProver(t *testing.T) {
	k := newProverKit(t)
	for li, lang := range i18n.Langs {
		base := 20 * li
		t.Run(string(lang), func(t *testing.T) {
			t.Run("when the finger matches at central, the person is proven with a token", func(t *testing.T) {
				k.online.Store(true)
				p := k.c.Account(t, base+2, true)
				r := k.start(t, lang, false, false)
				r.ExpectKey("prove.choose.question")
				r.Snap("choose")
				prooftest.ProveByFinger(t, r.p, r.finger, p.IDNumber)
				got := r.got
				if got == nil || got.ID.Number != p.IDNumber || got.Method != wire.MethodFingerprint || got.Token == "" || len(got.Template) == 0 || got.Expires.IsZero() {
					t.Fatalf("proven %+v", got)
				}
				got.Wipe()
				if got.Token != "" || got.Template != nil {
					t.Fatal("Wipe left the proof")
				}
			})
			t.Run("when a stranger's finger is placed three times, the ID is locked", func(t *testing.T) {
				k.online.Store(true)
				p := k.c.Account(t, base+4, true)
				r := k.start(t, lang, false, false)
				r.Tap("finger")
				r.Snap("id")
				test.Type(r.p.Form().Field(), p.IDNumber)
				for range wire.FingerprintMaxFails {
					r.finger.Place("a stranger's finger")
				}
				r.Tap("next")
				r.expect(proof.ProveLocked)
				r.ExpectKey("prove.locked.title")
				r.Snap("locked")
				if r.got != nil {
					t.Fatal("a stranger was proven")
				}
			})
			t.Run("when the person cannot give a fingerprint, the other ways are offered", func(t *testing.T) {
				k.online.Store(true)
				p := k.c.Account(t, base+6, true)
				r := k.start(t, lang, false, false)
				r.typeID(p.IDNumber)
				r.Tap("next")
				r.expect(proof.ProveFinger)
				r.Snap("finger")
				r.Tap("no_finger")
				r.expect(proof.ProveNoFinger)
				r.ExpectKey("prove.other.centre")
				r.Snap("no_finger")
				prooftest.ProveByPassword(t, r.p, k.c, base+6)
				if r.got == nil || r.got.ID.Number != p.IDNumber {
					t.Fatalf("proven %+v", r.got)
				}
			})
			t.Run("when the username, password and code are right, the person is proven", func(t *testing.T) {
				k.online.Store(true)
				p := k.c.Account(t, base+8, true)
				r := k.start(t, lang, false, false)
				prooftest.ProveByPassword(t, r.p, k.c, base+8)
				if r.got == nil || r.got.ID.Number != p.IDNumber || r.got.Method != wire.MethodPassword || r.got.Token == "" {
					t.Fatalf("proven %+v", r.got)
				}
			})
			t.Run("when the password is wrong, it says so under the fields and sends no code", func(t *testing.T) {
				k.online.Store(true)
				k.c.Account(t, base+11, true)
				r := k.start(t, lang, false, false)
				r.signIn(centraltest.Username(base+11), "Wrong#Pass42")
				r.expect(proof.ProveLogin)
				r.ExpectKey("prove.login.wrong")
				r.Snap("login_wrong")
			})
			t.Run("when the code is wrong, the tries left are shown", func(t *testing.T) {
				k.online.Store(true)
				p := k.c.Account(t, base+12, true)
				r := k.start(t, lang, false, false)
				r.signIn(centraltest.Username(base+12), centraltest.Password)
				r.expect(proof.ProveCode)
				r.ExpectKey("prove.code.sent", "\u200e"+wire.MaskMobile(p.Mobile)+"\u200e")
				code := k.c.LastCode(t, p.Mobile)
				_, _, field := r.p.Fields()
				test.Type(field, string('0'+(code[0]-'0'+1)%10)+code[1:])
				r.Tap("next")
				r.expect(proof.ProveCode)
				r.ExpectKey("prove.code.wrong", wire.OTPMaxTries-1)
				r.Snap("code_wrong")
			})
			t.Run("when the language is switched, what was typed stays", func(t *testing.T) {
				k.online.Store(true)
				r := k.start(t, lang, false, false)
				r.Tap("password")
				user, _, _ := r.p.Fields()
				test.Type(user, centraltest.Username(base+13))
				other := "English"
				if lang == i18n.EN {
					other = "العربية"
				}
				r.TapText(other)
				r.expect(proof.ProveLogin)
				user, pass, _ := r.p.Fields()
				if user.Text != centraltest.Username(base+13) {
					t.Fatalf("username after the switch: %q", user.Text)
				}
				test.Type(pass, centraltest.Password)
				r.Shell.Home() // the session ends (the idle timer does the same)
				if user.Text != "" || pass.Text != "" || r.p.Step() != proof.ProveChoose {
					t.Fatalf("after the session: %q %q step %s", user.Text, pass.Text, r.p.Step())
				}
			})
			t.Run("when the account is not activated, the service is not for them yet", func(t *testing.T) {
				k.online.Store(true)
				p := k.c.Account(t, base+14, false)
				r := k.start(t, lang, false, false)
				r.typeID(p.IDNumber)
				r.finger.Place(p.IDNumber)
				r.Tap("next")
				r.expect(proof.ProveNoAccount)
				// Registered, not activated: activate here first (no code to
				// the mobile needed, as after a lost SIM), or register first.
				r.ExpectKey("prove.no_account.body")
				r.Snap("no_account")
			})
			t.Run("when offline and the service can queue, the finger is kept for the sealed record", func(t *testing.T) {
				k.online.Store(false)
				defer k.online.Store(true)
				r := k.start(t, lang, false, true)
				r.ExpectKey("prove.choose.password_offline")
				r.Snap("choose_offline")
				id := backoffice.SyntheticPerson(base + 16).IDNumber
				prooftest.ProveByFinger(t, r.p, r.finger, id)
				if r.got == nil || r.got.Token != "" || len(r.got.Template) == 0 || r.got.ID.Number != id {
					t.Fatalf("proven offline %+v", r.got)
				}
			})
			t.Run("when offline and the service needs central, it says so at once", func(t *testing.T) {
				k.online.Store(false)
				defer k.online.Store(true)
				r := k.start(t, lang, false, false)
				r.expect(proof.ProveNetwork)
				r.ExpectKey("prove.network.body")
				r.Snap("network")
				r.Tap("cancel")
				if r.Shell.FlowID() != "" || r.svc.wiped == 0 {
					t.Fatalf("cancel did not end the service: flow %q", r.Shell.FlowID())
				}
			})
			t.Run("at an ATM, the card alone proves the person: no ID number is asked", func(t *testing.T) {
				k.online.Store(true)
				p := k.c.Account(t, base+18, true)
				r := k.start(t, lang, true, false)
				r.ExpectKey("atm.card.insert")
				r.Snap("card")
				r.p.CardInserted(prooftest.Card(t, base+18), nil)
				r.expect(proof.ProveDone)
				if r.got == nil || r.got.Method != wire.MethodBankCard || r.got.Token == "" || r.got.CardPAN != p.CardPAN || r.got.ID.Number != p.IDNumber {
					t.Fatalf("proven by card %+v", r.got)
				}
			})
			t.Run("at an ATM offline, the ID number is asked and kept with the card for the sealed record", func(t *testing.T) {
				k.online.Store(false)
				defer k.online.Store(true)
				r := k.start(t, lang, true, true)
				r.p.CardInserted(prooftest.Card(t, base+17), nil)
				r.expect(proof.ProveID)
				r.ExpectKey("prove.card.id_offline")
				r.Snap("card_id_offline")
				test.Type(r.p.Form().Field(), backoffice.SyntheticPerson(base+17).IDNumber)
				r.Tap("next")
				r.expect(proof.ProveDone)
				if r.got == nil || r.got.Token != "" || r.got.CardPAN != backoffice.SyntheticPerson(base+17).CardPAN || r.got.ID.Number != backoffice.SyntheticPerson(base+17).IDNumber {
					t.Fatalf("proven by card offline %+v", r.got)
				}
			})
			t.Run("at an ATM, a card linked to no one is refused on the card screen", func(t *testing.T) {
				k.online.Store(true)
				r := k.start(t, lang, true, false)
				r.p.CardInserted(prooftest.Card(t, 100+base), nil) // beyond the registry's 40 people
				r.expect(proof.ProveCard)
				r.ExpectKey("prove.card.not_linked_alone")
				r.Snap("card_not_linked_alone")
				if r.got != nil {
					t.Fatalf("proven by a card of no one: %+v", r.got)
				}
				// Another card may be tried at once.
				k.c.Account(t, base+15, true)
				r.p.CardInserted(prooftest.Card(t, base+15), nil)
				r.expect(proof.ProveDone)
			})
			t.Run("at an ATM, the card of someone with no activated account is told the service needs one", func(t *testing.T) {
				k.online.Store(true)
				k.c.Account(t, base+9, false)
				r := k.start(t, lang, true, false)
				r.p.CardInserted(prooftest.Card(t, base+9), nil)
				r.expect(proof.ProveNoAccount)
				// The ATM activates by the card, and registers no one.
				r.ExpectKey("prove.no_account.body.atm")
				r.Snap("no_account_atm")
			})
			t.Run("at an ATM, a card central finds expired is refused on the card screen", func(t *testing.T) {
				k.online.Store(true)
				k.c.Account(t, base+7, true)
				// The kiosk's clock is behind: it takes the card, central does not.
				r := k.startLive(t, lang, true, false, k.cl, func() time.Time { return time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC) })
				r.p.CardInserted(prooftest.CardExpiring(t, base+7, "2201"), nil)
				r.expect(proof.ProveCard)
				r.ExpectKey("atm.card.expired")
			})
			t.Run("at an ATM with a central from before the card alone, the ID is asked and another's card is refused next to it", func(t *testing.T) {
				k.online.Store(true)
				p := k.c.Account(t, base+19, true)
				r := k.startLive(t, lang, true, false, oldCentral{k.cl}, nil)
				r.p.CardInserted(prooftest.Card(t, 3), nil)
				r.expect(proof.ProveID)
				r.ExpectKey("prove.card.id_needed")
				test.Type(r.p.Form().Field(), p.IDNumber)
				r.Tap("next")
				r.expect(proof.ProveID)
				r.ExpectKey("prove.card.not_linked")
				r.Snap("card_not_linked")
			})
		})
	}
}

// oldCentral is a central from before the proof by the card alone: a bank card
// without an ID number is a bad request.
type oldCentral struct{ *client.Client }

func (c oldCentral) Prove(ctx context.Context, r wire.ProofRequest) (wire.ProofResponse, error) {
	if r.Method == wire.MethodBankCard && r.IDNumber == "" {
		return wire.ProofResponse{}, &client.HTTPError{Op: "proof", Status: 400, Code: wire.ErrBadRequest, Message: "id_number and card_pan are required"}
	}
	return c.Client.Prove(ctx, r)
}
