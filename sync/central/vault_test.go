package central_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/identity/bankcard"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/boltstore"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/central/store/vault"
	"github.com/bawaba/bawaba/sync/wire"
)

// gateway is an SMS gateway on loopback that, like a real one, delivers each
// idempotency key once however often it is posted.
type gateway struct {
	mu        gosync.Mutex
	posts     map[string]int // idempotency key -> requests
	delivered []gatewayMsg   // what reached phones
}

type gatewayMsg struct {
	ID, To, Text string
}

func newGateway(t *testing.T) (*gateway, *sms.Gateway) {
	g := &gateway{posts: map[string]int{}}
	ts := httptest.NewServer(g)
	t.Cleanup(ts.Close)
	s, err := sms.NewGateway(sms.GatewayOptions{URL: ts.URL, AuthValue: "Bearer test"})
	if err != nil {
		t.Fatal(err)
	}
	return g, s
}

func (g *gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var m gatewayMsg
	if r.Header.Get("Authorization") != "Bearer test" || json.NewDecoder(r.Body).Decode(&m) != nil || m.ID == "" {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.posts[m.ID]++
	if g.posts[m.ID] == 1 {
		g.delivered = append(g.delivered, m)
	}
	w.WriteHeader(http.StatusAccepted)
}

func (g *gateway) snapshot() ([]gatewayMsg, map[string]int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	posts := map[string]int{}
	for k, v := range g.posts {
		posts[k] = v
	}
	return append([]gatewayMsg(nil), g.delivered...), posts
}

var errStopped = errors.New("central stopped")

// stopsBeforeSend is the SMS sender of a central service that stops after the
// decision is committed and before the message reaches the gateway.
type stopsBeforeSend struct{}

func (stopsBeforeSend) Send(context.Context, string, string) error { return errStopped }

// stopsAfterSend is the sender of one that stops after the gateway took the
// message and before it could dequeue it.
type stopsAfterSend struct{ gw *sms.Gateway }

func (s stopsAfterSend) Send(ctx context.Context, mobile, text string) error {
	s.gw.Send(ctx, mobile, text)
	return errStopped
}

func (s stopsAfterSend) SendKeyed(ctx context.Context, key, mobile, text string) error {
	s.gw.SendKeyed(ctx, key, mobile, text)
	return errStopped
}

func waitQueueEmpty(t *testing.T, srv *central.Server) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		n, err := srv.SMSQueued(context.Background())
		if err == nil && n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("SMS outbox still holds %d messages (%v)", n, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestOutcomeSMSSurvivesStop stops central between the commit of a decision and
// the send of its SMS, starts it again on the same database, and sees the message
// reach the phone once.
func TestOutcomeSMSSurvivesStop(t *testing.T) {
	for _, b := range storetest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			tests := []struct {
				name      string
				first     func(gw *sms.Gateway) sms.Sender
				wantPosts int
			}{
				{"stopped before the gateway had it: sent after the restart", func(*sms.Gateway) sms.Sender { return stopsBeforeSend{} }, 1},
				{"stopped after the gateway had it, before dequeuing: sent again under the same key, delivered once",
					func(gw *sms.Gateway) sms.Sender { return stopsAfterSend{gw} }, 2},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					gw, sender := newGateway(t)
					first := centraltest.Start(t, centraltest.Options{Open: b.Open, People: 10, SMS: tt.first(sender)})
					k := first.Kiosk(t)
					const i = 3
					rec := k.Record(t, wire.KindRegistration, centraltest.Registration(i))
					if code, resp, e := k.Push(t, rec); code != http.StatusOK || resp.Results[0].Status != wire.StatusAccepted {
						t.Fatalf("push: %d %+v %+v", code, resp, e)
					}
					first.Stop()
					if n, err := first.Server.SMSQueued(context.Background()); err != nil || n != 1 {
						t.Fatalf("after the stop the outbox holds %d messages (%v), want 1", n, err)
					}

					again := centraltest.Start(t, centraltest.Options{Open: func(testing.TB) store.Store { return first.Raw },
						KEK: first.KEK, People: 10, SMS: sender, Central: central.Options{SMSPoll: 50 * time.Millisecond}})
					waitQueueEmpty(t, again.Server)
					delivered, posts := gw.snapshot()
					p := backoffice.SyntheticPerson(i)
					if len(delivered) != 1 || delivered[0].To != p.Mobile || !strings.Contains(delivered[0].Text, rec.Ref) {
						t.Fatalf("delivered %+v, want one message to %s with %s", delivered, p.Mobile, rec.Ref)
					}
					if posts[delivered[0].ID] != tt.wantPosts {
						t.Errorf("the gateway was posted the message %d times, want %d", posts[delivered[0].ID], tt.wantPosts)
					}
				})
			}
		})
	}
}

// TestPurgeSealed purges the sealed payloads after the retention: nothing is left
// to open, and a record sent again is still a duplicate with its outcome kept.
func TestPurgeSealed(t *testing.T) {
	eachBackend(t, func(t *testing.T, h *centraltest.Central) {
		ctx := context.Background()
		k := h.Kiosk(t)
		rec := k.Record(t, wire.KindRegistration, centraltest.Registration(2))
		k.Push(t, rec)
		if n, err := h.Server.PurgeSealed(ctx); err != nil || n != 0 {
			t.Fatalf("a record within its retention was purged: %d, %v", n, err)
		}
		h.Stop()

		short := centraltest.Start(t, centraltest.Options{Open: func(testing.TB) store.Store { return h.Raw }, KEK: h.KEK,
			People: registrySize, Central: central.Options{SealedRetention: time.Millisecond}})
		time.Sleep(5 * time.Millisecond)
		if _, err := short.Server.PurgeSealed(ctx); err != nil {
			t.Fatal(err)
		}
		var stored central.StoredRecord
		short.Store.View(ctx, func(tx store.Tx) error {
			b, err := tx.Get(store.Records, rec.ID)
			if err == nil {
				err = json.Unmarshal(b, &stored)
			}
			return err
		})
		if len(stored.Sealed) != 0 || stored.Purged.IsZero() || stored.Ref != rec.Ref {
			t.Fatalf("after the retention the record is %+v, want its metadata without a sealed payload", stored)
		}
		k2 := k
		k2.Base = short.URL
		if _, resp, _ := k2.Push(t, rec); resp.Results[0].Status != wire.StatusDuplicate {
			t.Errorf("the purged record sent again: %+v, want duplicate", resp.Results[0])
		}
		if st := k2.Status(t, rec.Ref); st.State != wire.StateCompleted {
			t.Errorf("status after the purge: %+v", st)
		}
	})
}

// TestThief plays the thief who takes the central database without its KEK after
// a day of flows whose secrets are known: a password, a card number, a fingerprint
// template, a one-time code. None is in the file or in any row, no private key is
// either, and another KEK does not open it.
func TestThief(t *testing.T) {
	backends := []struct {
		name string
		open func(t testing.TB) (store.Store, string) // the store and, for bbolt, its file
	}{
		{"bbolt", func(t testing.TB) (store.Store, string) {
			path := filepath.Join(t.TempDir(), "central.db")
			s, err := boltstore.Open(path, 0)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s, path
		}},
		{"postgres", func(t testing.TB) (store.Store, string) { return storetest.MustOpenPostgres(t), "" }},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			var file string
			h := centraltest.Start(t, centraltest.Options{People: registrySize, Open: func(t testing.TB) store.Store {
				s, path := b.open(t)
				file = path
				return s
			}})
			k := h.Kiosk(t)
			const password = "Th1ef!Vault#Pw"
			p := backoffice.SyntheticPerson(4)
			template := biometric.SyntheticTemplate(p.IDNumber)

			var sent wire.OTPSendResponse
			if st, e := k.Call(t, "POST", wire.PathOTPSend, wire.OTPSendRequest{Mobile: p.Mobile, Purpose: wire.PurposeRegistration}, &sent); st != 200 {
				t.Fatalf("otp send: %d %+v", st, e)
			}
			code := h.LastCode(t, p.Mobile)
			var ver wire.OTPVerifyResponse
			k.Call(t, "POST", wire.PathOTPVerify, wire.OTPVerifyRequest{ChallengeID: sent.ChallengeID, Code: code}, &ver)
			reg := centraltest.Registration(4)
			reg.Password, reg.OTPVerified, reg.OTPChallenge = password, ver.Verified, sent.ChallengeID
			for _, r := range []struct {
				kind string
				body any
			}{
				{wire.KindRegistration, reg},
				{wire.KindActivation, &wire.Activation{IDNumber: p.IDNumber, Method: wire.MethodBankCard, CardPAN: p.CardPAN, CardMasked: bankcard.Mask(p.CardPAN)}},
				{wire.KindActivation, &wire.Activation{IDNumber: p.IDNumber, Method: wire.MethodFingerprint, FingerprintTemplate: template}},
			} {
				rec := k.Record(t, r.kind, r.body)
				if _, resp, e := k.Push(t, rec); len(resp.Results) != 1 || resp.Results[0].Status != wire.StatusAccepted {
					t.Fatalf("push %s: %+v %+v", r.kind, resp, e)
				}
			}
			h.Stop()

			// The template as bytes and as JSON carries it (base64).
			secrets := map[string][]byte{"password": []byte(password), "card number": []byte(p.CardPAN),
				"fingerprint template": template[:32], "fingerprint template (base64)": []byte(base64.StdEncoding.EncodeToString(template[:30])),
				"one-time code": []byte(code), "private key": []byte("PRIVATE KEY")}
			if p.CardPAN == "" {
				t.Fatal("synthetic person 4 has no card number: the test must use one who has")
			}
			// What a dump of every row shows: keys and values as stored.
			var rows [][]byte
			err := h.Raw.View(context.Background(), func(tx store.Tx) error {
				for _, bk := range store.Buckets {
					if err := tx.Scan(bk, "", 0, func(k string, v []byte) error {
						rows = append(rows, []byte(k), bytes.Clone(v))
						return nil
					}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			dumps := map[string][]byte{"every row": bytes.Join(rows, []byte{0})}
			if file != "" {
				raw, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				dumps["the database file"] = raw
			}
			for where, dump := range dumps {
				for what, secret := range secrets {
					if containsAlone(dump, secret) {
						t.Errorf("%s holds the %s in clear", where, what)
					}
				}
				if bytes.Contains(dump, []byte(`"sealed"`)) || bytes.Contains(dump, []byte(`"private"`)) || bytes.Contains(dump, []byte(`"seed"`)) {
					t.Errorf("%s holds a record or a key list in clear", where)
				}
			}
			if _, err := vault.Open(context.Background(), h.Raw, mustKEK(t)); !errors.Is(err, vault.ErrWrongKEK) {
				t.Errorf("another KEK: %v, want ErrWrongKEK", err)
			}
		})
	}
}

// containsAlone reports whether s occurs in b other than inside a longer run of
// digits (a code of 6 digits inside a 20-digit time key is not the code).
func containsAlone(b, s []byte) bool {
	digit := func(c byte) bool { return c >= '0' && c <= '9' }
	allDigits := len(s) > 0
	for _, c := range s {
		allDigits = allDigits && digit(c)
	}
	for off := 0; ; {
		i := bytes.Index(b[off:], s)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(s)
		if !allDigits || ((i == 0 || !digit(b[i-1])) && (end == len(b) || !digit(b[end]))) {
			return true
		}
		off = i + 1
	}
}

func mustKEK(t testing.TB) *vault.LocalKEK {
	k, err := vault.ParseKEK(vault.GenerateKEK())
	if err != nil {
		t.Fatal(err)
	}
	return k
}
