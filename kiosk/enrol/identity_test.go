package enrol

import (
	"context"
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/staff"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// host is a shell.Host showing the tool in a test window, the keyboard under it
// as the shell puts it.
type host struct {
	lang  i18n.Lang
	w     fyne.Window
	kb    *keyboard.Keyboard
	homes int
}

func (h *host) Lang() i18n.Lang              { return h.lang }
func (h *host) Show(o fyne.CanvasObject)     { h.w.SetContent(container.NewBorder(nil, h.kb, nil, nil, o)) }
func (h *host) Home()                        { h.homes++ }
func (h *host) Keyboard() *keyboard.Keyboard { return h.kb }
func (h *host) Touch()                       {}
func (h *host) Window() fyne.Window          { return h.w }

// audited collects the tool's audit calls (made on the Fyne goroutine).
type audited struct{ got []string }

func (a *audited) add(act staff.Action, r staff.Result, d string) {
	a.got = append(a.got, fmt.Sprint(act, " ", r, " ", d))
}

// rawKiosk speaks to central as the kiosk enrolled in dir, with its own key
// and certificate, so a test can send what the kiosk's outbox would.
func rawKiosk(t *testing.T, c *centraltest.Central, dir string) *centraltest.Kiosk {
	t.Helper()
	keyPEM, err1 := os.ReadFile(filepath.Join(dir, client.KeyFile))
	certPEM, err2 := os.ReadFile(filepath.Join(dir, client.CertFile))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	blk, _ := pem.Decode(keyPEM)
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return centraltest.KioskWith(t, c.URL, c.CA, enrolled(t, dir), certPEM, k.(*ecdsa.PrivateKey))
}

// TestIdentityAndReenrol shows an enrolled kiosk's identity, then re-enrols it
// with a real central through the tool: a wrong code first (the old identity
// stays), then a good one (a new kiosk ID, the same key). It then checks what
// the warning screen says: a record made under the old ID is refused under the
// new one.
func TestIdentityAndReenrol(t *testing.T) {
	c := centraltest.Start(t, centraltest.Options{People: 2})
	wantFP, _ := wire.CAFingerprint(c.CAPEM)
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			w := window(t)
			dir := filepath.Join(t.TempDir(), "identity")
			cl, _, _ := c.Client(t, dir, "test kiosk")
			oldID := cl.KioskID()
			info, err := cl.Info()
			if err != nil {
				t.Fatal(err)
			}
			if info.CAFingerprint != wantFP || info.Serial == "" || !info.RenewFrom.After(info.NotBefore) || !info.RenewFrom.Before(info.NotAfter) {
				t.Fatalf("info %+v", info)
			}
			a := &audited{}
			reenrolled := make(chan string, 1)
			h := &host{lang: l, w: w}
			var tool *IdentityTool
			fyne.DoAndWait(func() {
				h.kb = keyboard.New(w.Canvas(), l, keyboard.None)
				tool = NewIdentityTool(IdentityOptions{
					Funcs: realFuncs(dir), Info: cl.Info,
					Stats:      func() (outbox.Stats, error) { return outbox.Stats{Queued: 2, NeedsAttention: 1, Delivered: 9}, nil },
					Reenrolled: func(id string) { reenrolled <- id },
					Audit:      a.add,
					Ping:       cl.Ping,
				})
				h.Show(tool.Start(h))
			})
			waitLabel(t, w, i18n.Tf(l, "enrol.identity.kiosk", oldID))
			waitLabel(t, w, i18n.Tf(l, "enrol.identity.serial", info.Serial))
			waitLabel(t, w, i18n.Tf(l, "enrol.identity.valid", date(info.NotBefore), date(info.NotAfter)))
			waitLabel(t, w, i18n.Tf(l, "enrol.identity.renew_at", date(info.RenewFrom)))
			waitLabel(t, w, first(wantFP))
			waitLabel(t, w, i18n.T(l, "enrol.identity.accepted"))
			snap(t, w, string(l)+"-identity")

			tap(t, w, i18n.T(l, "enrol.reenrol.button"))
			waitLabel(t, w, i18n.Tf(l, "enrol.reenrol.waiting", 3))
			snap(t, w, string(l)+"-reenrol-warning")
			tap(t, w, i18n.T(l, "enrol.reenrol.start"))
			waitLabel(t, w, i18n.T(l, "enrol.address.intro"))
			tap(t, w, i18n.T(l, "enrol.address.fetch"))
			waitLabel(t, w, first(wantFP))
			tap(t, w, i18n.T(l, "enrol.fingerprint.yes"))
			waitLabel(t, w, i18n.T(l, "enrol.code.intro"))

			typeInto(t, fields(w)[0], "WRNG-CODE-2345")
			tap(t, w, i18n.T(l, "enrol.code.enrol"))
			waitLabel(t, w, i18n.T(l, "enrol.err.code"))
			if got := enrolled(t, dir); got != oldID {
				t.Fatalf("after a refused code the kiosk is %q, want still %q", got, oldID)
			}

			typeInto(t, fields(w)[0], c.EnrollCode(t))
			tap(t, w, i18n.T(l, "enrol.code.enrol"))
			waitLabel(t, w, i18n.T(l, "enrol.reenrol.done_next"))
			newID := enrolled(t, dir)
			if newID == "" || newID == oldID {
				t.Fatalf("re-enrolled as %q (was %q)", newID, oldID)
			}
			snap(t, w, string(l)+"-reenrol-done")
			tap(t, w, i18n.T(l, "enrol.reenrol.done_go"))
			select {
			case got := <-reenrolled:
				if got != newID {
					t.Fatalf("Reenrolled(%q), want %q", got, newID)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Reenrolled not called")
			}
			var got []string
			fyne.DoAndWait(func() { got = slices.Clone(a.got) })
			if want := []string{"reenrol failed enrol:code"}; !slices.Equal(got, want) {
				t.Fatalf("audited %q, want %q", got, want)
			}

			// What the warning says: sealed to central's key, but a record made
			// under the old ID is refused once sent under the new one; one made
			// under the new ID is taken.
			k := rawKiosk(t, c, dir)
			k.ID = oldID
			old := k.Record(t, wire.KindRegistration, centraltest.Registration(1))
			k.ID = newID
			fresh := k.Record(t, wire.KindRegistration, centraltest.Registration(2))
			_, resp, e := k.Push(t, old, fresh)
			if len(resp.Results) != 2 {
				t.Fatalf("push: %+v %+v", resp, e)
			}
			if r := resp.Results[0]; r.Status != wire.StatusRejected || r.Code != wire.RejectKioskMismatch {
				t.Errorf("old-ID record: %+v; want rejected %s", r, wire.RejectKioskMismatch)
			}
			if r := resp.Results[1]; r.Status != wire.StatusAccepted {
				t.Errorf("new-ID record: %+v; want accepted", r)
			}
			// The key stayed: the new certificate is for the same key as the old.
			if !strings.HasPrefix(newID, "kiosk-") {
				t.Errorf("kiosk ID %q", newID)
			}
		})
	}
}

// TestIdentityToolWipe leaves the tool mid-way (idle timeout): the code typed
// is forgotten and nothing is re-enrolled; left on the done step, the
// re-enrolment that happened is finished (the kiosk restarts under it).
func TestIdentityToolWipe(t *testing.T) {
	fakeCA := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("a CA")})
	for _, tc := range []struct {
		name     string
		enrol    bool // reach the done step
		reenrols []string
	}{
		{"mid-way nothing happens", false, nil},
		{"on the done step the re-enrolment is finished", true, []string{"kiosk-new"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := window(t)
			h := &host{lang: i18n.EN, w: w}
			var tool *IdentityTool
			var got []string
			fyne.DoAndWait(func() {
				h.kb = keyboard.New(w.Canvas(), i18n.EN, keyboard.None)
				tool = NewIdentityTool(IdentityOptions{
					Funcs: Funcs{
						FetchCA: func(context.Context, string) ([]byte, error) { return fakeCA, nil },
						Enrol:   func(context.Context, string, string, []byte) (string, error) { return "kiosk-new", nil },
					},
					Info:       func() (client.Info, error) { return client.Info{}, client.ErrNotEnrolled },
					Reenrolled: func(id string) { got = append(got, id) },
				})
				h.Show(tool.Start(h))
			})
			waitLabel(t, w, i18n.T(i18n.EN, "enrol.identity.unreadable"))
			tap(t, w, i18n.T(i18n.EN, "enrol.reenrol.button"))
			tap(t, w, i18n.T(i18n.EN, "enrol.reenrol.start"))
			tap(t, w, i18n.T(i18n.EN, "enrol.address.fetch"))
			tap(t, w, i18n.T(i18n.EN, "enrol.fingerprint.yes"))
			waitLabel(t, w, i18n.T(i18n.EN, "enrol.code.intro"))
			typeInto(t, fields(w)[0], "SECR-ETCO-DE23")
			if tc.enrol {
				tap(t, w, i18n.T(i18n.EN, "enrol.code.enrol"))
				waitLabel(t, w, i18n.T(i18n.EN, "enrol.reenrol.done_next"))
			}
			var s *steps
			fyne.DoAndWait(func() {
				s = tool.s
				tool.Wipe()
			})
			fyne.DoAndWait(func() {
				if s.code != "" || tool.s != nil || tool.Step() != "" {
					t.Errorf("after Wipe: code %q kept, step %q", s.code, tool.Step())
				}
				if !slices.Equal(got, tc.reenrols) {
					t.Errorf("Reenrolled %q, want %q", got, tc.reenrols)
				}
			})
		})
	}
}

// TestIdentityShowsRevocation opens the tool on a kiosk central has revoked: it
// says so and what to do, in both languages.
func TestIdentityShowsRevocation(t *testing.T) {
	c := centraltest.Start(t, centraltest.Options{People: 1})
	cl, _, _ := c.Client(t, filepath.Join(t.TempDir(), "identity"), "revoked kiosk")
	if err := c.Admin.Revoke(context.Background(), cl.KioskID()); err != nil {
		t.Fatal(err)
	}
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			w := window(t)
			h := &host{lang: l, w: w}
			fyne.DoAndWait(func() {
				h.kb = keyboard.New(w.Canvas(), l, keyboard.None)
				tool := NewIdentityTool(IdentityOptions{Info: cl.Info, Ping: cl.Ping, Reenrolled: func(string) {}})
				h.Show(tool.Start(h))
			})
			waitLabel(t, w, i18n.T(l, "enrol.identity.revoked"))
			snap(t, w, string(l)+"-identity-revoked")
		})
	}
}

func TestStanding(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, "enrol.identity.accepted"},
		{&client.HTTPError{Status: 403, Code: wire.ErrKioskRevoked}, "enrol.identity.revoked"},
		{&client.HTTPError{Status: 403, Code: wire.ErrKioskUnknown}, "enrol.identity.refused"},
		{client.ErrUntrusted, "enrol.identity.refused"},
		{client.ErrOffline, "enrol.identity.unreached"},
		{context.DeadlineExceeded, "enrol.identity.unreached"},
	} {
		if got := Standing(tc.err); got != tc.want {
			t.Errorf("Standing(%v) = %s, want %s", tc.err, got, tc.want)
		}
	}
}
