// Package centraltest starts a real central service on a loopback TLS listener for
// other packages' tests (the kiosk client and engine, fault-injecting proxies, the
// registration screens): the same server `central serve` runs, over bbolt or
// PostgreSQL, with a synthetic registry loaded and a development SMS file.
//
// It enrols kiosks two ways: [Central.Client] through the real kiosk client
// (sync/client), for tests of the kiosk side; [Enroll] and [Central.Kiosk] as a raw
// protocol client ([Kiosk]), for tests of what central does with what arrives on the
// wire, including a central process a test started itself.
//
// As in production, the store is opened behind a vault (sync/central/store/vault)
// under a fresh key-encryption key, and the service's background work (the SMS
// outbox, the purge of sealed payloads) runs until the test ends. [Central.Store]
// reads through the vault; [Central.Raw] is the database as a thief holding the
// file (without the KEK) sees it.
//
// # Caveats
//
// Passwords are hashed with a low work factor (1000 iterations) so that
// registrations are cheap in tests; nothing here measures production cost.
package centraltest

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	gosync "sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/central/store/vault"
	"github.com/bawaba/bawaba/sync/wire"
)

// Central is a running central service; it stops at test cleanup.
type Central struct {
	URL     string         // https://127.0.0.1:port
	Addr    string         // 127.0.0.1:port, for a TCP proxy in front of it
	CA      *x509.CertPool // pin this
	CAPEM   []byte
	TLS     *tls.Config // the server side (a copy), for an HTTP proxy to present
	Server  *central.Server
	Admin   *central.Admin
	Store   store.Store // through the vault
	Raw     store.Store // under the vault: every value encrypted
	KEK     *vault.LocalKEK
	SMSPath string // development SMS file; see LastCode

	stop     func()
	stopOnce gosync.Once
}

// Options tunes Start; the zero value gives bbolt and 100 people.
type Options struct {
	// Open opens the store; nil means storetest.MustOpenBolt. Use
	// storetest.MustOpenPostgres for PostgreSQL.
	Open func(testing.TB) store.Store
	// People is the size of the synthetic registry (backoffice.SyntheticPerson(1..n)).
	People int
	// Wrap, when not nil, stands between the listener and central's handler: a
	// fault only the service itself could cause (an answer that depends on what
	// was sent). Nil serves central's handler as it is.
	Wrap func(http.Handler) http.Handler
	// Central is the service's own options; Store and SMS are filled in, and a
	// zero PasswordIterations becomes a low test work factor.
	Central central.Options
	// Tune, when not nil, adjusts the HTTP server (its timeouts) before it starts.
	Tune func(*http.Server)
	// SMS, when not nil, sends the service's messages instead of the development
	// file (LastCode then finds nothing).
	SMS sms.Sender
	// KEK is the key-encryption key of the store; nil means a fresh one. Start the
	// service again on an earlier one's database — Open returning its Raw, KEK its
	// KEK — to see what survives a restart.
	KEK *vault.LocalKEK
}

// Start runs a central service until the test ends.
func Start(t testing.TB, opt Options) *Central {
	t.Helper()
	if opt.Open == nil {
		opt.Open = storetest.MustOpenBolt
	}
	if opt.People == 0 {
		opt.People = 100
	}
	raw := opt.Open(t)
	kek := opt.KEK
	if kek == nil {
		var err error
		if kek, err = vault.ParseKEK(vault.GenerateKEK()); err != nil {
			t.Fatal(err)
		}
	}
	st, err := vault.Open(context.Background(), raw, kek)
	if err != nil {
		t.Fatal(err)
	}
	smsPath := filepath.Join(t.TempDir(), "sms.log")
	copt := opt.Central
	copt.Store, copt.SMS = st, sms.NewFile(smsPath, nil)
	if opt.SMS != nil {
		copt.SMS = opt.SMS
	}
	if copt.PasswordIterations == 0 {
		// A low work factor keeps registrations cheap in tests; production uses the default.
		copt.PasswordIterations = 1000
	}
	srv, err := central.New(context.Background(), copt)
	if err != nil {
		t.Fatal(err)
	}
	var reg bytes.Buffer
	if err := backoffice.Generate(&reg, opt.People); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Admin().LoadRegistry(context.Background(), &reg); err != nil {
		t.Fatal(err)
	}
	tlsCfg, err := srv.TLSConfig()
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	if opt.Wrap != nil {
		h = opt.Wrap(h)
	}
	ts := httptest.NewUnstartedServer(h)
	ts.TLS = tlsCfg
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are expected in tests
	if opt.Tune != nil {
		opt.Tune(ts.Config)
	}
	ts.StartTLS()
	t.Cleanup(ts.Close)
	// The background work stops before the store closes (cleanups run last first).
	ctx, stopRun := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); srv.Run(ctx) }()
	c := &Central{URL: ts.URL, Addr: ts.Listener.Addr().String(), CA: srv.CA().Pool(), CAPEM: srv.CA().CertPEM(),
		TLS: tlsCfg.Clone(), Server: srv, Admin: srv.Admin(), Store: st, Raw: raw, KEK: kek, SMSPath: smsPath}
	c.stop = func() { ts.Close(); stopRun(); <-done }
	t.Cleanup(c.Stop)
	return c
}

// Stop stops the service as a process that ends would: it serves no more and its
// background work stops. The store stays open for a Start on it (Options.KEK).
// It is safe to call more than once.
func (c *Central) Stop() {
	c.stopOnce.Do(c.stop)
}

// EnrollCode creates a one-time enrolment code.
func (c *Central) EnrollCode(t testing.TB) string {
	t.Helper()
	code, err := c.Admin.EnrollCode(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// LastCode returns the newest one-time code sent to mobile.
func (c *Central) LastCode(t testing.TB, mobile string) string {
	t.Helper()
	m, err := sms.Last(c.SMSPath, mobile)
	if err != nil {
		t.Fatal(err)
	}
	code, ok := sms.Code(m.Text, wire.OTPDigits)
	if !ok {
		t.Fatalf("no code in the SMS to %s", mobile)
	}
	return code
}

// Records counts the records stored.
func (c *Central) Records(t testing.TB) int {
	t.Helper()
	recs, err := c.Admin.Records(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(recs)
}

// Password is the password of every account Account makes.
const Password = "Kiosk#Pass42"

// Username is the username of the account Account makes for person i.
func Username(i int) string { return fmt.Sprintf("TestUser%d", i) }

// Account registers synthetic person i (backoffice.SyntheticPerson) straight in
// the store, not active, and activates the account too when active: a person
// who registered earlier, for tests of the services that need an account. Its
// username is Username(i), its password Password.
func (c *Central) Account(t testing.TB, i int, active bool) backoffice.Person {
	t.Helper()
	p := backoffice.SyntheticPerson(i)
	hash, err := backoffice.HashPassword(Password, 1000)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Store.Update(context.Background(), func(tx store.Tx) error {
		reg := &wire.Registration{IDType: p.IDType, IDNumber: p.IDNumber, Nationality: p.Nationality, BirthDate: p.BirthGregorian,
			Mobile: p.Mobile, Email: "test.person@example.com", Username: Username(i), Language: "ar", TermsVersion: "t"}
		out, err := backoffice.Apply(tx, backoffice.Input{Record: wire.Record{ID: fmt.Sprint("reg-", i), Ref: fmt.Sprint("REG", i), Kind: wire.KindRegistration},
			Payload: reg, PasswordHash: hash}, time.Now())
		if err != nil || out.Status.State != wire.StateCompleted {
			return fmt.Errorf("register %d: %+v %v", i, out.Status, err)
		}
		if !active {
			return nil
		}
		out, err = backoffice.Apply(tx, backoffice.Input{Record: wire.Record{ID: fmt.Sprint("act-", i), Ref: fmt.Sprint("ACT", i), Kind: wire.KindActivation},
			Payload: &wire.Activation{IDNumber: p.IDNumber, Method: wire.MethodFingerprint, FingerprintTemplate: biometric.SyntheticTemplate(p.IDNumber)}}, time.Now())
		if err != nil || out.Status.State != wire.StateCompleted {
			return fmt.Errorf("activate %d: %+v %v", i, out.Status, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// AccountOf loads the account of id.
func (c *Central) AccountOf(t testing.TB, id string) backoffice.Account {
	t.Helper()
	var a backoffice.Account
	if err := c.Store.View(context.Background(), func(tx store.Tx) (err error) {
		a, _, err = backoffice.GetAccount(tx, id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return a
}
