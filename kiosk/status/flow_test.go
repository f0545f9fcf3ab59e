package status

import (
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/outbox/ref"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/wire"
)

var langs = []i18n.Lang{i18n.AR, i18n.EN}

// riyadh is the zone the tests show times in; fixed so that goldens do not move.
var riyadh = time.FixedZone("AST", 3*3600)

// at is a fixed moment for the statuses the tests store at central.
var at = time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC)

// ui drives the real shell with the status flow the way a person would.
type ui struct {
	t    testing.TB
	win  fyne.Window
	s    *shell.Shell
	f    *Flow
	lang i18n.Lang
}

func startUI(t testing.TB, lang i18n.Lang, o Options) *ui { return startWith(t, lang, o, nil) }

// startWith is startUI with a speech engine: when it is set, speech mode is
// switched on with the attract screen's "touch here to hear", as a person who
// cannot read would.
func startWith(t testing.TB, lang i18n.Lang, o Options, engine speech.Engine) *ui {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1280, 800))
	o.Go = func(fn func()) { fn() }
	o.Location = riyadh
	f := New(o)
	s := shell.New(win, shell.Options{Flows: []shell.Flow{f}, StatusEvery: -1, IdleTimeout: time.Hour, Speech: engine})
	t.Cleanup(s.Stop)
	s.Start()
	u := &ui{t: t, win: win, s: s, f: f, lang: lang}
	if engine != nil {
		u.tapText(i18n.T(i18n.AR, "a11y.speech.hear"))
	} else {
		u.tapText(i18n.T(i18n.AR, "attract.touch"))
	}
	if lang == i18n.AR {
		u.tapText("العربية")
	} else {
		u.tapText("English")
	}
	u.tapText(i18n.T(lang, "service.status"))
	if s.FlowID() != "status" {
		t.Fatalf("flow not started: screen %s", s.Screen())
	}
	return u
}

func (u *ui) tapText(text string) {
	u.t.Helper()
	var found *rtl.Button
	walk(u.win.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*rtl.Button); ok && found == nil && strings.Contains(b.Label.Text, text) {
			found = b
		}
		return found == nil
	})
	if found == nil {
		u.t.Fatalf("no button %q on screen %s", text, u.f.screen)
	}
	test.Tap(found)
}

func (u *ui) tap(name string) {
	u.t.Helper()
	b := u.f.Button(name)
	if b == nil {
		u.t.Fatalf("no button %q on screen %s", name, u.f.screen)
	}
	test.Tap(b)
}

// lookUp types r on the on-screen keyboard's field and taps "Look up".
func (u *ui) lookUp(r string) {
	u.t.Helper()
	if u.f.screen != "entry" {
		u.tap("again")
	}
	test.Tap(u.f.Field())
	u.f.Field().SetText("")
	test.Type(u.f.Field(), r)
	u.tap("lookup")
}

// shows fails unless every text is in a label on screen.
func (u *ui) shows(texts ...string) {
	u.t.Helper()
	for _, text := range texts {
		found := false
		walk(u.win.Canvas().Content(), func(o fyne.CanvasObject) bool {
			if l, ok := o.(*rtl.Label); ok && strings.Contains(l.Text, text) {
				found = true
			}
			return !found
		})
		if !found {
			u.t.Errorf("%s: %q not on screen %s", u.lang, text, u.f.screen)
		}
	}
}

// snap writes a PNG of the screen when BAWABA_SCREENSHOTS names a directory.
func (u *ui) snap(name string) {
	u.t.Helper()
	dir := os.Getenv("BAWABA_SCREENSHOTS")
	if dir == "" {
		return
	}
	fh, err := os.Create(filepath.Join(dir, "status_"+string(u.lang)+"_"+name+".png"))
	if err != nil {
		u.t.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, u.win.Canvas().Capture()); err != nil {
		u.t.Fatal(err)
	}
}

// buttonsBigEnough checks the touch targets of the screen.
func (u *ui) buttonsBigEnough() {
	u.t.Helper()
	for name, b := range u.f.buttons {
		if h := b.MinSize().Height; h < 48 {
			u.t.Errorf("%s: button %s is %v px high, want ≥ 48", u.lang, name, h)
		}
	}
}

func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) bool {
	if o == nil || !visit(o) {
		return false
	}
	switch v := o.(type) {
	case *fyne.Container:
		for _, ch := range v.Objects {
			if !walk(ch, visit) {
				return false
			}
		}
	case fyne.Widget:
		for _, ch := range test.WidgetRenderer(v).Objects() {
			if !walk(ch, visit) {
				return false
			}
		}
	}
	return true
}

// realCentral starts a central service, stores sts as request statuses in it (the
// outcomes central's back office writes) and returns an enrolled kiosk client.
func realCentral(t testing.TB, sts ...wire.RequestStatus) *client.Client {
	t.Helper()
	c := centraltest.Start(t, centraltest.Options{People: 5})
	err := c.Store.Update(context.Background(), func(tx store.Tx) error {
		for _, st := range sts {
			b, _ := json.Marshal(st)
			if err := tx.Put(store.Statuses, st.Ref, b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := client.Enroll(context.Background(), c.URL, t.TempDir(), client.Enrollment{Code: c.EnrollCode(t), CA: c.CAPEM}, client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// counting counts the look-ups that reach central.
type counting struct {
	Central
	calls atomic.Int32
}

func (c *counting) RequestStatus(ctx context.Context, r string) (wire.RequestStatus, error) {
	c.calls.Add(1)
	return c.Central.RequestStatus(ctx, r)
}

// unreachable is central with the network down: every call fails as the client's
// do when the connection is refused.
type unreachable struct{}

func (unreachable) RequestStatus(context.Context, string) (wire.RequestStatus, error) {
	return wire.RequestStatus{}, fmt.Errorf("client: status: %w", client.ErrOffline)
}

var declineCodes = []string{wire.DeclineNotInRegistry, wire.DeclineDetailsMismatch, wire.DeclineAccountExists,
	wire.DeclineUsernameTaken, wire.DeclineNoAccount, wire.DeclineMobileTaken, wire.DeclineFingerprint,
	wire.DeclineNoFingerprint, wire.DeclineCardMismatch, wire.DeclineOTPNotVerified, wire.DeclineInvalid,
	wire.DeclineDependentUnknown, wire.DeclineDependentExists, wire.DeclineDependentSelf, wire.DeclineDependentTaken,
	wire.DeclineDependentMismatch, wire.DeclineRelationSpouseAge, wire.DeclineRelationChildAge, wire.DeclineRelationParentAge,
	wire.DeclineRelationSponsored, wire.DeclineProofFailed, wire.DeclineAlreadyActive}

var kinds = []string{wire.KindRegistration, wire.KindActivation, wire.KindMobileChange, wire.KindAddressUpdate, wire.KindDependent}

// TestOnlineEveryState looks up, through a real central over mutual TLS, a request
// in every state: received, done for every kind, and declined with every reason.
func TestOnlineEveryState(t *testing.T) {
	type want struct {
		st     wire.RequestStatus
		state  string // catalogue key of the headline
		detail string // catalogue key of the explanation
	}
	var cases []want
	received := wire.RequestStatus{Ref: ref.New(), Kind: wire.KindRegistration, State: wire.StateReceived, Received: at, Updated: at}
	cases = append(cases, want{received, "reqstatus.state.received", "reqstatus.detail.received"})
	for _, k := range kinds {
		cases = append(cases, want{wire.RequestStatus{Ref: ref.New(), Kind: k, State: wire.StateCompleted, Received: at, Updated: at.Add(time.Minute)},
			"reqstatus.state.completed", "reqstatus.detail.completed." + k})
	}
	for i, code := range declineCodes {
		cases = append(cases, want{wire.RequestStatus{Ref: ref.New(), Kind: kinds[i%len(kinds)], State: wire.StateDeclined, Code: code, Received: at, Updated: at},
			"reqstatus.state.declined", "reqstatus.reason." + code})
	}
	var sts []wire.RequestStatus
	for _, c := range cases {
		sts = append(sts, c.st)
	}
	cl := realCentral(t, sts...)
	for _, lang := range langs {
		t.Run(string(lang), func(t *testing.T) {
			u := startUI(t, lang, Options{Central: cl})
			u.snap("1_entry")
			u.buttonsBigEnough()
			test.Tap(u.f.Field())
			test.Type(u.f.Field(), cases[0].st.Ref[:4])
			u.snap("1_entry_keyboard")
			for i, c := range cases {
				u.lookUp(c.st.Ref)
				if u.f.screen != "answer" || u.f.Answer() == nil || u.f.Answer().Source != FromCentral {
					t.Fatalf("%s: screen %s, answer %+v", c.st.Ref, u.f.screen, u.f.Answer())
				}
				u.shows(c.st.Ref, i18n.T(lang, c.state), i18n.T(lang, c.detail), i18n.T(lang, "reqstatus.kind."+c.st.Kind),
					i18n.Tf(lang, "reqstatus.time.received", FormatTime(at, lang, riyadh)))
				switch i {
				case 0:
					u.snap("2_received")
					// A language switch redraws the answer, not a fresh flow.
					other := i18n.EN
					if lang == i18n.EN {
						other = i18n.AR
					}
					u.tapText(map[i18n.Lang]string{i18n.AR: "العربية", i18n.EN: "English"}[other])
					u.lang = other
					u.shows(c.st.Ref, i18n.T(other, c.state))
					u.snap("2_received_switched")
					u.tapText(map[i18n.Lang]string{i18n.AR: "العربية", i18n.EN: "English"}[lang])
					u.lang = lang
				case 1:
					u.snap("3_completed")
					u.buttonsBigEnough()
				case 6:
					u.snap("4_declined")
				}
			}
		})
	}
}

// realOutbox is an outbox with a record in each state, and their references.
func realOutbox(t testing.TB) (st *outbox.Store, queued, sent, attention outbox.Record) {
	t.Helper()
	key, err := seal.GenerateKey("test-key-1", time.Now().Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	st, err = outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{KioskID: "kiosk-test-1",
		Key: func() (seal.PublicKey, error) { return key.Public(), nil }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	recs := make([]outbox.Record, 3)
	for i := range recs {
		if recs[i], err = st.Enqueue(outbox.Request{Kind: wire.KindRegistration, Payload: []byte(`{}`)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.MarkDelivered(recs[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkRejected(recs[2].ID, wire.RejectBadPayload, "test"); err != nil {
		t.Fatal(err)
	}
	return st, recs[0], recs[1], recs[2]
}

// TestOfflineFromTheOutbox: with central out of reach the kiosk says what it
// knows — waiting here, sent on …, needs staff — and that the final answer needs
// the network; a reference it never issued is "not known at this kiosk".
func TestOfflineFromTheOutbox(t *testing.T) {
	for _, lang := range langs {
		t.Run(string(lang), func(t *testing.T) {
			ob, queued, sent, attention := realOutbox(t)
			u := startUI(t, lang, Options{Central: unreachable{}, Outbox: ob})
			cases := []struct {
				name, ref, state, detail string
			}{
				{"5_offline_waiting", queued.Ref, "reqstatus.state.waiting", "reqstatus.detail.waiting"},
				{"6_offline_sent", sent.Ref, "reqstatus.state.sent", "reqstatus.detail.sent"},
				{"7_offline_attention", attention.Ref, "reqstatus.state.attention", "reqstatus.detail.attention"},
				{"8_offline_other_kiosk", ref.New(), "reqstatus.state.unknown_offline", "reqstatus.detail.unknown_offline"},
			}
			for _, c := range cases {
				u.lookUp(c.ref)
				u.shows(c.ref, i18n.T(lang, c.state), i18n.T(lang, c.detail))
				if c.ref != cases[3].ref {
					u.shows(i18n.T(lang, "reqstatus.offline"), i18n.T(lang, "reqstatus.kind.registration"))
				}
				u.snap(c.name)
			}
		})
	}
}

// TestOnlineNotYetArrived: central does not have a request this kiosk still holds.
func TestOnlineNotYetArrived(t *testing.T) {
	ob, queued, _, _ := realOutbox(t)
	u := startUI(t, i18n.EN, Options{Central: realCentral(t), Outbox: ob})
	u.lookUp(queued.Ref)
	u.shows(i18n.T(i18n.EN, "reqstatus.state.waiting"))
	if a := u.f.Answer(); a == nil || a.Offline {
		t.Fatalf("answer %+v: central was reached", a)
	}
	u.lookUp(ref.New())
	u.shows(i18n.T(i18n.EN, "reqstatus.state.unknown"), i18n.T(i18n.EN, "reqstatus.detail.unknown"))
}

// TestBadInputSendsNothing: a typo, a foreign code or a digital ID is explained
// next to the field and never reaches central.
func TestBadInputSendsNothing(t *testing.T) {
	for _, lang := range langs {
		t.Run(string(lang), func(t *testing.T) {
			c := &counting{Central: unreachable{}}
			u := startUI(t, lang, Options{Central: c})
			steps := []struct {
				name    string
				do      func()
				errCode string
			}{
				{"9_bad_check", func() { u.lookUp(typo(good)) }, ErrCodeCheck},
				{"bad_length", func() { u.lookUp("7K3Q") }, ErrCodeLength},
				{"bad_char", func() { u.lookUp("0" + good[1:]) }, ErrCodeChar},
				{"bad_empty", func() { u.lookUp("") }, ErrCodeEmpty},
				{"10_scan_url", func() { u.f.Scanned([]byte("https://example.com/q?ref=" + good)) }, ErrCodeNotOurs},
				{"scan_digital_id", func() { u.f.Scanned([]byte(goldenCredential(t))) }, ErrCodeDigitalID},
			}
			for _, s := range steps {
				s.do()
				if u.f.ErrorCode() != s.errCode || u.f.screen != "entry" {
					t.Fatalf("%s: error %q on %s, want %q", s.name, u.f.ErrorCode(), u.f.screen, s.errCode)
				}
				u.shows(i18n.T(lang, "reqstatus.err."+s.errCode))
				if strings.HasPrefix(s.name, "9") || strings.HasPrefix(s.name, "10") {
					u.snap(s.name)
				}
			}
			if n := c.calls.Load(); n != 0 {
				t.Fatalf("%d look-ups sent for bad input", n)
			}
			// Editing the reference takes the message away.
			test.Type(u.f.Field(), "X")
			if u.f.ErrorCode() != "" {
				t.Fatal("the message stays after the person edits the reference")
			}
		})
	}
}

// TestWipe: leaving the flow (Done, Home or the idle timeout, which all end it
// through the shell) forgets the reference and the answer.
func TestWipe(t *testing.T) {
	ob, queued, _, _ := realOutbox(t)
	u := startUI(t, i18n.AR, Options{Central: unreachable{}, Outbox: ob})
	u.lookUp(queued.Ref)
	u.tap("done")
	if u.s.FlowID() != "" || u.f.Answer() != nil || u.f.typed != "" {
		t.Fatalf("after Done: flow %q, answer %+v, typed %q", u.s.FlowID(), u.f.Answer(), u.f.typed)
	}
	u.tapText(i18n.T(i18n.AR, "service.status"))
	if u.f.Field().Text != "" {
		t.Fatalf("field holds %q in a new session", u.f.Field().Text)
	}
}
