package activate

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/wire"
)

// kit is prooftest's kiosk (a real central over loopback mTLS, an enrolled
// client, a sealed outbox, the simulators on ptys) with a printer and a network
// the test switches.
type kit struct {
	*prooftest.Kiosk
	prn    *registertest.Printer
	online atomic.Bool
	down   atomic.Bool // central "goes away": live calls fail as unreachable
}

func newKit(t testing.TB) *kit {
	t.Helper()
	k := &kit{Kiosk: prooftest.StartKiosk(t), prn: &registertest.Printer{}}
	k.online.Store(true)
	return k
}

func (k *kit) deliver(t *testing.T, ref string) wire.RequestStatus { return k.Deliver(t, ref) }

func (k *kit) account(t testing.TB, i int, active bool) backoffice.Person {
	return k.Account(t, i, active)
}

func (k *kit) isActive(t *testing.T, id string) bool { return k.AccountOf(t, id).Active }

// switchLive is the real client, which the test can make unreachable.
type switchLive struct{ k *kit }

func (s switchLive) CheckID(ctx context.Context, r wire.IDLookupRequest) (wire.IDLookupResponse, error) {
	if s.k.down.Load() {
		return wire.IDLookupResponse{}, liveErr("id lookup", client.ErrOffline)
	}
	return ClientLive{s.k.Client}.CheckID(ctx, r)
}

func (s switchLive) MatchFingerprint(ctx context.Context, r wire.FingerprintMatchRequest) (wire.FingerprintMatchResponse, error) {
	if s.k.down.Load() {
		return wire.FingerprintMatchResponse{}, liveErr("fingerprint match", client.ErrOffline)
	}
	return ClientLive{s.k.Client}.MatchFingerprint(ctx, r)
}

// ui is prooftest's UI kit on the activation, with the person at the
// simulated sensor.
type ui struct {
	*prooftest.UI
	t    *testing.T
	k    *kit
	f    *Flow
	lang i18n.Lang
	who  *prooftest.Person
}

func (k *kit) startUI(t *testing.T, lang i18n.Lang) *ui {
	t.Helper()
	return k.startWith(t, lang, nil)
}

// startWith is startUI with a shell that speaks through engine, when not nil.
func (k *kit) startWith(t *testing.T, lang i18n.Lang, engine speech.Engine) *ui {
	t.Helper()
	who := k.Devices.Person()
	f := New(Options{Go: func(fn func()) { fn() }, FingerTimeout: 2 * time.Second, Deps: Deps{
		Queue: k.Outbox, Printer: k.prn, Sensor: who, Live: switchLive{k},
		Online: func() bool { return k.online.Load() && !k.down.Load() }, KioskID: k.Client.KioskID(),
	}})
	u := &ui{t: t, k: k, f: f, lang: lang, who: who}
	where := func() string { return "step " + f.Step().String() }
	if engine != nil {
		u.UI = prooftest.StartSpeakingUI(t, f, lang, "", where, engine)
	} else {
		u.UI = prooftest.StartUI(t, f, lang, "", where)
	}
	k.Devices.Finger.Lift()
	return u
}

// typeID types the number on the on-screen keypad and taps Next.
func (u *ui) typeID(num string) {
	u.t.Helper()
	if u.f.Step() != StepID {
		u.t.Fatalf("step %s, want id", u.f.Step())
	}
	u.TypeKeys(u.f.Form().Field(), num)
	u.Tap("next")
}

func (u *ui) expectStep(s Step) {
	u.t.Helper()
	if u.f.Step() != s {
		var c string
		if u.f.Capture() != nil {
			c = fmt.Sprintf("%s %+v", u.f.Capture().State(), u.f.Capture().Problem())
		}
		u.t.Fatalf("step %s (answer %q reason %q capture %s), want %s", u.f.Step(), u.f.Answer(), u.f.Reason(), c, s)
	}
}

// holds reports whether data holds tmpl raw or in base64 (as JSON carries bytes).
func holds(data, tmpl []byte) bool {
	return bytes.Contains(data, tmpl) || bytes.Contains(data, []byte(base64.StdEncoding.EncodeToString(tmpl)))
}

func backofficePerson(i int) backoffice.Person { return backoffice.SyntheticPerson(i) }
