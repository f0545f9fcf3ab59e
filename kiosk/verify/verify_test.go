package verify

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/devices/scanner/scannersim"
	"github.com/bawaba/bawaba/devices/simport"
	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
)

var (
	now    = time.Date(2026, 12, 1, 9, 0, 30, 0, time.UTC)
	issued = now.Add(-30 * time.Second)
	key    = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, ed25519.SeedSize))
	holder = digitalid.Holder{ID: "1000000008", FullName: "مواطن تجريبي", Language: digitalid.LanguageArabic,
		SecondaryFullName: "Test Citizen", SecondaryLanguage: digitalid.LanguageEnglish,
		BirthDate: digitalid.Date{Year: 1990, Month: 3, Day: 15}, Nationality: "SA"}
)

func trusted(time.Time) ([]digitalid.Key, error) {
	return []digitalid.Key{{ID: []byte("k1"), Public: key.Public().(ed25519.PublicKey), NotBefore: issued.Add(-time.Hour), NotAfter: now.Add(time.Hour)}}, nil
}

func stale(time.Time) ([]digitalid.Key, error) { return nil, digitalid.ErrTrustListStale }

func issue(t testing.TB, k ed25519.PrivateKey, kid string, at time.Time, o digitalid.Options) string {
	t.Helper()
	o.Now = at
	if o.TTL == 0 {
		o.TTL = digitalid.ScreenTTL
	}
	c, err := digitalid.Issuer{URI: "https://bawaba.example", KeyID: []byte(kid), Key: k}.Issue(holder, o)
	if err != nil {
		t.Fatal(err)
	}
	return c.QR
}

// cases are one scan per verdict, with the headline expected in each language.
func cases(t testing.TB) []struct {
	name     string
	scan     string
	keys     Keys
	want     map[i18n.Lang]string
	withName bool
} {
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{4}, ed25519.SeedSize))
	both := func(key string, args ...any) map[i18n.Lang]string {
		return map[i18n.Lang]string{i18n.AR: i18n.Tf(i18n.AR, key, args...), i18n.EN: i18n.Tf(i18n.EN, key, args...)}
	}
	return []struct {
		name     string
		scan     string
		keys     Keys
		want     map[i18n.Lang]string
		withName bool
	}{
		{"valid, with the seconds left", issue(t, key, "k1", issued, digitalid.Options{}), trusted,
			map[i18n.Lang]string{i18n.AR: i18n.Tf(i18n.AR, "verify.valid", i18n.Tf(i18n.AR, "verify.seconds", 30)), i18n.EN: "Valid. Time left: 30 seconds"}, true},
		{"a printed copy, with the days left", issue(t, key, "k1", issued, digitalid.Options{TTL: 30 * 24 * time.Hour, Copy: true}), trusted,
			map[i18n.Lang]string{i18n.AR: i18n.Tf(i18n.AR, "verify.valid", i18n.Tf(i18n.AR, "verify.days", 29)), i18n.EN: "Valid. Time left: 29 days"}, true},
		{"expired, by how long", issue(t, key, "k1", now.Add(-2*time.Hour), digitalid.Options{}), trusted,
			map[i18n.Lang]string{i18n.AR: i18n.Tf(i18n.AR, "verify.expired", i18n.Tf(i18n.AR, "verify.minutes", 119)), i18n.EN: "Expired 119 minutes ago. Ask for a new one."}, true},
		{"not yet valid", issue(t, key, "k1", now.Add(10*time.Minute), digitalid.Options{}), trusted,
			map[i18n.Lang]string{i18n.AR: i18n.Tf(i18n.AR, "verify.not_yet", i18n.Tf(i18n.AR, "verify.minutes", 10)), i18n.EN: i18n.Tf(i18n.EN, "verify.not_yet", "10 minutes")}, true},
		{"signed by an unknown key", issue(t, other, "k9", issued, digitalid.Options{}), trusted, both("verify.unknown_key"), false},
		{"forged", issue(t, other, "k1", issued, digitalid.Options{}), trusted, both("verify.forged"), false},
		{"a receipt's QR is not a digital ID", "BAWABA:REF:BWB 0001/X", trusted, both("verify.not_digital_id"), false},
		{"a URL is not a digital ID", "https://example.com/id", trusted, both("verify.not_digital_id"), false},
		{"a stale trust list fails closed", issue(t, key, "k1", issued, digitalid.Options{}), stale, both("verify.no_trust"), false},
		{"no trust list fails closed", issue(t, key, "k1", issued, digitalid.Options{}), nil, both("verify.no_trust"), false},
	}
}

func TestDescribe(t *testing.T) {
	for _, tt := range cases(t) {
		for _, l := range i18n.Langs {
			t.Run(string(l)+": "+tt.name, func(t *testing.T) {
				head, good, details := Describe(l, Check([]byte(tt.scan), tt.keys, now))
				if head != tt.want[l] {
					t.Fatalf("headline %q, want %q", head, tt.want[l])
				}
				if wantGood := strings.HasPrefix(tt.want[i18n.EN], "Valid"); good != wantGood {
					t.Fatalf("good = %v, want %v", good, wantGood)
				}
				joined := strings.Join(details, "\n")
				if tt.withName != strings.Contains(joined, holder.SecondaryFullName) || tt.withName != strings.Contains(joined, holder.ID) {
					t.Fatalf("details %q: holder shown must be %v", joined, tt.withName)
				}
				if strings.Contains(tt.name, "copy") != strings.Contains(joined, i18n.T(l, "verify.copy")) {
					t.Fatalf("details %q: the copy mark", joined)
				}
			})
		}
	}
	if head, _, _ := Describe(i18n.EN, Outcome{Misread: true}); head != i18n.T(i18n.EN, "verify.misread") {
		t.Fatalf("misread: %q", head)
	}
}

// host is a shell.Host that records what the flow shows.
type host struct {
	mu    sync.Mutex
	lang  i18n.Lang
	shown fyne.CanvasObject
	homes int
	w     fyne.Window
}

func (h *host) Lang() i18n.Lang { return h.lang }
func (h *host) Show(o fyne.CanvasObject) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.shown = o
	h.w.SetContent(o)
}
func (h *host) Home()                        { h.homes++ }
func (h *host) Keyboard() *keyboard.Keyboard { return nil }
func (h *host) Touch()                       {}
func (h *host) Window() fyne.Window          { return h.w }

// texts lists the text of every rtl.Label in o.
func texts(o fyne.CanvasObject) []string {
	var out []string
	for _, l := range screentest.AllIn(o, func(*rtl.Label) bool { return true }) {
		out = append(out, l.Text)
	}
	return out
}

// scannerKit is a device manager with one simulated scanner on a pty.
func scannerKit(t *testing.T) (*manager.Manager, *scannersim.Sim) {
	t.Helper()
	sim := &scannersim.Sim{}
	h := simport.NewHost(filepath.Join(t.TempDir(), "scanner"), sim)
	if err := h.Plug(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	m, err := manager.New([]manager.Device{{Kind: manager.Scanner, Path: h.Link(), Baud: 115200}}, manager.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, err := m.Status(string(manager.Scanner))
		if err == nil && st.State == manager.StateOnline {
			return m, sim
		}
		if time.Now().After(deadline) {
			t.Fatalf("scanner not online: %+v %v", st, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A scan from the simulated scanner, through the device manager, shows its verdict
// on the screen, in each language; leaving forgets the holder.
func TestFlowWithScannerSimulator(t *testing.T) {
	test.NewTempApp(t)
	m, sim := scannerKit(t)
	for _, tt := range cases(t) {
		for _, l := range i18n.Langs {
			t.Run(string(l)+": "+tt.name, func(t *testing.T) {
				h := &host{lang: l, w: test.NewTempWindow(t, nil)}
				f := New(Options{Events: m, Keys: tt.keys, Now: func() time.Time { return now }})
				h.Show(f.Start(h))
				defer f.Wipe()
				if err := sim.Scan([]byte(tt.scan), "]Q1"); err != nil {
					t.Fatal(err)
				}
				deadline := time.Now().Add(20 * time.Second)
				for {
					h.mu.Lock()
					got := texts(h.shown)
					h.mu.Unlock()
					joined := strings.Join(got, "\n")
					if strings.Contains(joined, tt.want[l]) {
						if tt.withName != strings.Contains(joined, holder.FullName) {
							t.Fatalf("holder shown must be %v: %q", tt.withName, joined)
						}
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("screen never showed %q; it shows %q", tt.want[l], joined)
					}
					time.Sleep(10 * time.Millisecond)
				}
				f.Wipe()
				if f.last != nil || strings.Contains(strings.Join(texts(f.Rebuild(h)), "\n"), holder.ID) {
					t.Fatal("after Wipe the holder must be gone")
				}
			})
		}
	}
}

func TestCheckWithoutTrust(t *testing.T) {
	if o := Check([]byte("x"), stale, now); !errors.Is(o.NoTrust, digitalid.ErrTrustListStale) {
		t.Fatalf("stale list: %+v", o)
	}
}
