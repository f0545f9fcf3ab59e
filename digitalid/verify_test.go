package digitalid

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/veraison/go-cose"
)

// signPayload signs any payload with the trusted test key, to build credentials
// that are genuine but malformed inside.
func signPayload(t *testing.T, payload []byte) []byte {
	t.Helper()
	s, err := cose.NewSigner(cose.AlgorithmEdDSA, testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	m := cose.NewSign1Message()
	m.Headers.Protected.SetAlgorithm(cose.AlgorithmEdDSA)
	m.Headers.Protected[cose.HeaderLabelKeyID] = []byte("k1")
	m.Payload = payload
	if err := m.Sign(nil, nil, s); err != nil {
		t.Fatal(err)
	}
	b, err := m.MarshalCBOR()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func claimsWithout(t *testing.T, key int, inner int) []byte {
	t.Helper()
	c := map[int]any{claimIss: "https://bawaba.example", claimIat: goldenNow.Unix(), claimExp: goldenNow.Add(time.Minute).Unix(),
		claimCti: []byte("0123456789abcdef"), claim169: goldenHolder.claims169()}
	delete(c[claim169].(map[int]any), inner)
	delete(c, key)
	b, err := payloadEnc.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestVerifyVerdicts(t *testing.T) {
	is := testIssuer()
	screen := mustIssue(t, is, goldenHolder, Options{Now: goldenNow, TTL: ScreenTTL})
	copyCred := mustIssue(t, is, goldenHolder, Options{Now: goldenNow, TTL: DefaultCopyTTL, Copy: true})
	other := is
	other.Key = testKey(2) // same kid, another key: a forgery
	forged := mustIssue(t, other, goldenHolder, Options{Now: goldenNow, TTL: ScreenTTL})
	stranger := is
	stranger.KeyID = []byte("k9")
	unknown := mustIssue(t, stranger, goldenHolder, Options{Now: goldenNow, TTL: ScreenTTL})

	// An altered payload with the original signature: one byte of the name changed.
	raw := unwrap(t, screen.QR)
	altered := bytes.Replace(raw, []byte("Mohammed"), []byte("Mohammad"), 1)
	if bytes.Equal(altered, raw) {
		t.Fatal("test setup: name not found in the credential")
	}
	// The same credential inside the CWT tag 61, as MOSIP's example has it.
	tagged61 := wrap(append([]byte{0xd8, 0x3d}, raw...))

	// A COSE_Sign1 with ES256 instead of EdDSA.
	ek, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	es, _ := cose.NewSigner(cose.AlgorithmES256, ek)
	esMsg := cose.NewSign1Message()
	esMsg.Headers.Protected.SetAlgorithm(cose.AlgorithmES256)
	esMsg.Headers.Protected[cose.HeaderLabelKeyID] = []byte("k1")
	esMsg.Payload = claimsWithout(t, 0, 0)
	if err := esMsg.Sign(rand.Reader, nil, es); err != nil {
		t.Fatal(err)
	}
	esRaw, _ := esMsg.MarshalCBOR()

	// A signed but untagged COSE_Sign1, and a COSE_Mac0 tag (17).
	untagged := raw[1:]
	mac0 := append([]byte{0xd1}, raw[1:]...)
	bomb := wrap(make([]byte, 100<<10))
	badDate := map[int]any{claimIss: "x", claimIat: goldenNow.Unix(), claimExp: goldenNow.Add(time.Minute).Unix(),
		claimCti: []byte("n"), claim169: map[int]any{1: "1", 4: "n", 8: "19901345"}}
	badDateRaw, _ := payloadEnc.Marshal(badDate)

	tests := []struct {
		name    string
		qr      string
		at      time.Time
		want    Verdict
		wantErr error
	}{
		{"a fresh on-screen credential is valid", screen.QR, goldenNow.Add(10 * time.Second), Valid, nil},
		{"a credential read within the clock tolerance after expiry is valid", screen.QR, goldenNow.Add(ScreenTTL + 4*time.Minute), Valid, nil},
		{"a credential read 6 minutes after expiry is expired", screen.QR, goldenNow.Add(ScreenTTL + 6*time.Minute), Expired, nil},
		{"a credential read within the tolerance before issue is valid", screen.QR, goldenNow.Add(-4 * time.Minute), Valid, nil},
		{"a credential read 6 minutes before issue is not yet valid", screen.QR, goldenNow.Add(-6 * time.Minute), NotYetValid, nil},
		{"a printed copy is valid for 30 days", copyCred.QR, goldenNow.Add(29 * 24 * time.Hour), Valid, nil},
		{"a printed copy is expired after 30 days", copyCred.QR, goldenNow.Add(31 * 24 * time.Hour), Expired, nil},
		{"a credential inside CWT tag 61 is valid", tagged61, goldenNow, Valid, nil},
		{"another key under a trusted kid is forged", forged.QR, goldenNow, Forged, nil},
		{"an altered name is forged", wrap(altered), goldenNow, Forged, nil},
		{"an untrusted kid is an unknown key", unknown.QR, goldenNow, UnknownKey, nil},
		{"a trusted kid past its validity is an unknown key", screen.QR, goldenNow.AddDate(1, 0, 1), UnknownKey, nil},
		{"a URL is not a digital ID", "https://example.com/id?x=1", goldenNow, NotDigitalID, ErrBase45},
		{"a receipt's QR is not a digital ID", "BAWABA:REF:BWB 0001/X", goldenNow, NotDigitalID, ErrBase45},
		{"the old BWID1 format is not a digital ID", "BWID1.eyJraWQiOiJrIn0.AAAA", goldenNow, NotDigitalID, ErrBase45},
		{"an empty text is not a digital ID", "", goldenNow, NotDigitalID, ErrZlib},
		{"a truncated credential is not a digital ID", screen.QR[:len(screen.QR)-len(screen.QR)%3-3], goldenNow, NotDigitalID, ErrZlib},
		{"a credential cut in half is not a digital ID", screen.QR[:len(screen.QR)/2], goldenNow, NotDigitalID, nil},
		{"an over-long text is not a digital ID", strings.Repeat("A", MaxQRLength+3), goldenNow, NotDigitalID, ErrTooLong},
		{"lower-case text is not base45", strings.ToLower(screen.QR), goldenNow, NotDigitalID, ErrBase45},
		{"base45 of something not zlib is not a digital ID", Base45Encode([]byte("not zlib at all")), goldenNow, NotDigitalID, ErrZlib},
		{"a zlib bomb stops at the bound", bomb, goldenNow, NotDigitalID, ErrTooBig},
		{"zlib of something not CBOR is not a digital ID", wrap([]byte{0xd2, 0xff, 0x00}), goldenNow, NotDigitalID, ErrCBOR},
		{"an untagged COSE_Sign1 is not a digital ID", wrap(untagged), goldenNow, NotDigitalID, ErrTag},
		{"a COSE_Mac0 tag is not a digital ID", wrap(mac0), goldenNow, NotDigitalID, ErrTag},
		{"ES256 instead of EdDSA is not a digital ID", wrap(esRaw), goldenNow, NotDigitalID, ErrAlgorithm},
		{"a signed credential without claim 169 is not a digital ID", wrap(signPayload(t, claimsWithout(t, claim169, 0))), goldenNow, NotDigitalID, ErrClaims},
		{"a signed credential without exp is not a digital ID", wrap(signPayload(t, claimsWithout(t, claimExp, 0))), goldenNow, NotDigitalID, ErrClaims},
		{"a signed credential without cti is not a digital ID", wrap(signPayload(t, claimsWithout(t, claimCti, 0))), goldenNow, NotDigitalID, ErrClaims},
		{"a signed credential without a name is not a digital ID", wrap(signPayload(t, claimsWithout(t, 0, key169FullName))), goldenNow, NotDigitalID, ErrClaims},
		{"a signed credential without a date of birth is not a digital ID", wrap(signPayload(t, claimsWithout(t, 0, key169BirthDate))), goldenNow, NotDigitalID, ErrClaims},
		{"a signed credential with month 13 is not a digital ID", wrap(signPayload(t, badDateRaw)), goldenNow, NotDigitalID, ErrClaims},
		{"a signed payload that is not a map is not a digital ID", wrap(signPayload(t, []byte{0x80})), goldenNow, NotDigitalID, ErrClaims},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Verify(tt.qr, trusted(), tt.at)
			if r.Verdict != tt.want {
				t.Fatalf("Verify = %v (%v), want %v", r.Verdict, r.Err, tt.want)
			}
			if tt.wantErr != nil && !errors.Is(r.Err, tt.wantErr) {
				t.Fatalf("Verify err = %v, want %v", r.Err, tt.wantErr)
			}
			if (r.Verdict == Valid) != (r.Err == nil) {
				t.Fatalf("Verify = %v with err %v: only Valid has no reason", r.Verdict, r.Err)
			}
			switch r.Verdict {
			case Valid, Expired, NotYetValid:
				if r.Holder != goldenHolder {
					t.Fatalf("holder = %+v, want %+v", r.Holder, goldenHolder)
				}
			default:
				if r.Holder != (Holder{}) {
					t.Fatalf("%v must carry no holder, got %+v", r.Verdict, r.Holder)
				}
			}
		})
	}
}

func TestVerifyDurations(t *testing.T) {
	c := mustIssue(t, testIssuer(), goldenHolder, Options{Now: goldenNow, TTL: ScreenTTL})
	tests := []struct {
		name string
		at   time.Time
		want func(Result) time.Duration
		d    time.Duration
	}{
		{"valid says the seconds left", goldenNow.Add(15 * time.Second), func(r Result) time.Duration { return r.Remaining }, 45 * time.Second},
		{"expired says by how long", goldenNow.Add(ScreenTTL + time.Hour), func(r Result) time.Duration { return r.Overdue }, time.Hour},
		{"not yet valid says how early", goldenNow.Add(-time.Hour), func(r Result) time.Duration { return r.Early }, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.want(Verify(c.QR, trusted(), tt.at)); got != tt.d {
				t.Fatalf("got %v, want %v", got, tt.d)
			}
		})
	}
}

func TestIssueFreshNonceAndCopyMark(t *testing.T) {
	is := testIssuer()
	is.Rand = nil // crypto/rand
	a := mustIssue(t, is, goldenHolder, Options{Now: goldenNow, TTL: ScreenTTL})
	b := mustIssue(t, is, goldenHolder, Options{Now: goldenNow, TTL: ScreenTTL})
	if a.QR == b.QR || bytes.Equal(a.Nonce, b.Nonce) || len(a.Nonce) != NonceSize {
		t.Fatal("two credentials for the same person in the same second must differ by their nonce")
	}
	for _, copyMark := range []bool{false, true} {
		c := mustIssue(t, is, goldenHolder, Options{Now: goldenNow, TTL: time.Hour, Copy: copyMark})
		r := Verify(c.QR, trusted(), goldenNow)
		if r.Verdict != Valid || r.Copy != copyMark || !bytes.Equal(r.Nonce, c.Nonce) || !r.ExpiresAt.Equal(goldenNow.Add(time.Hour)) {
			t.Fatalf("copy=%v: %+v", copyMark, r)
		}
	}
}

func TestIssueRefuses(t *testing.T) {
	tests := []struct {
		name string
		is   func(*Issuer)
		h    func(*Holder)
		o    Options
	}{
		{"no ID", nil, func(h *Holder) { h.ID = "" }, Options{Now: goldenNow, TTL: time.Minute}},
		{"no name", nil, func(h *Holder) { h.FullName = "" }, Options{Now: goldenNow, TTL: time.Minute}},
		{"30 February", nil, func(h *Holder) { h.BirthDate = Date{2000, 2, 30} }, Options{Now: goldenNow, TTL: time.Minute}},
		{"gender 4", nil, func(h *Holder) { h.Gender = 4 }, Options{Now: goldenNow, TTL: time.Minute}},
		{"secondary name without language", nil, func(h *Holder) { h.SecondaryLanguage = "" }, Options{Now: goldenNow, TTL: time.Minute}},
		{"zero lifetime", nil, nil, Options{Now: goldenNow}},
		{"no key", func(is *Issuer) { is.Key = nil }, nil, Options{Now: goldenNow, TTL: time.Minute}},
		{"no kid", func(is *Issuer) { is.KeyID = nil }, nil, Options{Now: goldenNow, TTL: time.Minute}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is, h := testIssuer(), goldenHolder
			if tt.is != nil {
				tt.is(&is)
			}
			if tt.h != nil {
				tt.h(&h)
			}
			if c, err := is.Issue(h, tt.o); err == nil {
				t.Fatalf("Issue = %q, want an error", c.QR)
			}
		})
	}
}

func TestGenderUnknownIsLeftOut(t *testing.T) {
	h := goldenHolder
	h.Gender = GenderUnknown
	c := mustIssue(t, testIssuer(), h, Options{Now: goldenNow, TTL: time.Minute})
	var msg cose.Sign1Message
	if err := msg.UnmarshalCBOR(unwrap(t, c.QR)); err != nil {
		t.Fatal(err)
	}
	var claims struct {
		ID map[int]cbor.RawMessage `cbor:"169,keyasint"`
	}
	if err := cbor.Unmarshal(msg.Payload, &claims); err != nil {
		t.Fatal(err)
	}
	if _, ok := claims.ID[key169Gender]; ok {
		t.Fatal("an unknown gender must not be written")
	}
	if r := Verify(c.QR, trusted(), goldenNow); r.Verdict != Valid || r.Holder.Gender != GenderUnknown {
		t.Fatalf("%+v", r)
	}
}

func FuzzVerify(f *testing.F) {
	c, _ := testIssuer().Issue(goldenHolder, Options{Now: goldenNow, TTL: ScreenTTL})
	f.Add(c.QR)
	f.Add(c.QR[:len(c.QR)/2])
	f.Add("BAWABA:REF:BWB 0001/X")
	f.Add("https://example.com")
	f.Add(wrap([]byte{0xd2, 0x84, 0x40, 0xa0, 0x40, 0x40}))
	f.Add(wrap([]byte{0xd8, 0x3d, 0xd2, 0x80}))
	keys := trusted()
	f.Fuzz(func(t *testing.T, qr string) {
		r := Verify(qr, keys, goldenNow)
		if r.Verdict < NotDigitalID || r.Verdict > Valid {
			t.Fatalf("no verdict: %+v", r)
		}
		if (r.Verdict == Valid) != (r.Err == nil) {
			t.Fatalf("%v with err %v", r.Verdict, r.Err)
		}
		// Only what the trusted key signed may name a holder.
		if r.Verdict >= NotYetValid && r.Holder.ID != goldenHolder.ID {
			t.Fatalf("%v for a holder the test key never signed: %+v", r.Verdict, r.Holder)
		}
	})
}
