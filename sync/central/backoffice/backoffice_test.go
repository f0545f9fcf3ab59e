package backoffice

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/identity/bankcard"
	"github.com/bawaba/bawaba/sync/central/otp"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/wire"
)

func TestGenerateIsSyntheticAndValid(t *testing.T) {
	var buf bytes.Buffer
	if err := Generate(&buf, 200); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		p, err := ParsePerson([]byte(line))
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if seen[p.IDNumber] || seen[p.Mobile] {
			t.Fatalf("line %d repeats an ID or mobile", i+1)
		}
		seen[p.IDNumber], seen[p.Mobile] = true, true
		if !strings.HasPrefix(p.Name.EN, "Test ") || !strings.Contains(p.Name.AR, "تجريبي") {
			t.Fatalf("line %d: name %+v does not look synthetic", i+1, p.Name)
		}
		if p.BirthHijri.Year < 1360 || p.BirthHijri.Year > 1430 {
			t.Fatalf("line %d: Hijri birth year %d", i+1, p.BirthHijri.Year)
		}
		if !bankcard.ValidPAN(p.CardPAN) || p.CardToken != "" || p.CardMasked != "" {
			t.Fatalf("line %d: want a test card number for the loader to tokenise", i+1)
		}
	}
	if p := SyntheticPerson(1); p.Mobile != "+966550000001" || p.Name.EN != "Test Resident 1" || p.Name.AR != "مقيم تجريبي ١" {
		t.Fatalf("person 1: %+v", p)
	}
	if p := SyntheticPerson(10); len(p.Fingerprint) != 0 {
		t.Fatal("every tenth person has no fingerprint on record")
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		typ, id, nat string
		want         bool
	}{
		{wire.IDCitizen, SyntheticPerson(2).IDNumber, "SA", true},
		{wire.IDResident, SyntheticPerson(1).IDNumber, "EG", true},
		{wire.IDCitizen, SyntheticPerson(1).IDNumber, "", false}, // a resident's number
		{wire.IDCitizen, "1000000021", "", false},                // wrong check digit
		{wire.IDCitizen, "100000002", "", false},
		{wire.IDCitizen, SyntheticPerson(2).IDNumber, "EG", false}, // a citizen is Saudi
		{wire.IDBorder, "3123456789", "", true},                    // no check digit on border numbers
		{wire.IDBorder, "5123456789", "", false},
		{wire.IDVisitor, "A1234567", "GB", true},
		{wire.IDVisitor, "A1234567", "", false}, // a passport needs its nationality
		{wire.IDVisitor, "A12-4567", "GB", false},
		{wire.IDVisitor, "a1234567", "GB", false}, // not the normalised form a kiosk sends
		{wire.IDVisitor, "A123456789012345", "GB", false},
		{wire.IDGCC, "784199012345670", "AE", true},
		{wire.IDGCC, "784199012345670", "KW", false},
		{"alien", "1000000024", "", false},
	}
	for _, tt := range tests {
		if got := ValidID(tt.typ, tt.id, tt.nat); got != tt.want {
			t.Errorf("ValidID(%s, %s, %s) = %v", tt.typ, tt.id, tt.nat, got)
		}
	}
}

func TestLoadRegistryIsAllOrNothing(t *testing.T) {
	good := func(i int) string {
		var b bytes.Buffer
		Generate(&b, i)
		return strings.Split(strings.TrimSpace(b.String()), "\n")[i-1]
	}
	tests := []struct {
		name, bad string
	}{
		{"a person not marked synthetic", strings.Replace(good(3), `"synthetic":true`, `"synthetic":false`, 1)},
		{"an ID with a wrong check digit", strings.Replace(good(4), `"1000000040"`, `"1000000041"`, 1)},
		{"an unknown field", strings.Replace(good(5), `{`, `{"ssn":"1",`, 1)},
		{"a local-format mobile", strings.Replace(good(6), `"+966550000006"`, `"0550000006"`, 1)},
		{"not JSON", `{"id_number":`},
		{"a card number failing the Luhn check", strings.Replace(good(7), `"card_pan":"4000000000000077"`, `"card_pan":"4000000000000078"`, 1)},
		{"a card token given by the file", strings.Replace(good(8), `"card_pan":"4000000000000085"`, `"card_token":"ab"`, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := storetest.MustOpenBolt(t)
			file := good(1) + "\n" + tt.bad + "\n"
			err := s.Update(context.Background(), func(tx store.Tx) error {
				_, err := LoadRegistry(tx, strings.NewReader(file))
				return err
			})
			if !errors.Is(err, ErrRegistry) {
				t.Fatalf("err = %v, want ErrRegistry", err)
			}
			s.View(context.Background(), func(tx store.Tx) error {
				if _, found, _ := GetPerson(tx, SyntheticPerson(1).IDNumber); found {
					t.Fatal("a person from a refused file was stored")
				}
				return nil
			})
		})
	}
}

// world is a store with a registry of 20 people, person 2 registered with a verified
// mobile and person 4 registered without.
func world(t *testing.T) store.Store {
	s := storetest.MustOpenBolt(t)
	var file bytes.Buffer
	Generate(&file, 20)
	ctx := context.Background()
	err := s.Update(ctx, func(tx store.Tx) error {
		if _, err := LoadRegistry(tx, &file); err != nil {
			return err
		}
		for _, i := range []int{2, 4} {
			if _, err := Apply(tx, Input{Record: wire.Record{ID: "r", Ref: "ref", Kind: wire.KindRegistration}, Payload: reg(i), PasswordHash: "h"}, time.Now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func reg(i int) *wire.Registration {
	p := SyntheticPerson(i)
	bd := p.BirthGregorian
	if p.IDType == wire.IDCitizen {
		bd = p.BirthHijri
	}
	return &wire.Registration{IDType: p.IDType, IDNumber: p.IDNumber, Nationality: p.Nationality, BirthDate: bd,
		Mobile: p.Mobile, Email: "test.person@example.com", Username: "TestUser" + p.IDNumber, Password: "x", Language: "ar"}
}

// verifiedOTP creates and verifies a code for mobile inside tx.
func verifiedOTP(t *testing.T, tx store.Tx, mobile string) string {
	c, code, err := otp.Send(tx, mobile, wire.PurposeMobileChange, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := otp.Verify(tx, c.ID, code, time.Now()); !r.Verified {
		t.Fatal("otp not verified")
	}
	return c.ID
}

func TestApply(t *testing.T) {
	p2, p4 := SyntheticPerson(2), SyntheticPerson(4)
	gregorianCitizen := reg(6)
	gregorianCitizen.BirthDate = SyntheticPerson(6).BirthGregorian
	wrongBirth := reg(8)
	wrongBirth.BirthDate.Day = wrongBirth.BirthDate.Day%28 + 1
	takenUsername := reg(12)
	takenUsername.Username = "tESTuSER" + p2.IDNumber // a valid username, TestUser… in other letter case
	takenMobile := reg(14)
	takenMobile.Mobile = p2.Mobile
	unverified := reg(16)
	unverified.OTPVerified, unverified.OTPChallenge = true, "otp-never-sent"
	tests := []struct {
		name    string
		payload func(t *testing.T, tx store.Tx) any
		code    string
	}{
		{"a citizen may give the birth date in the Gregorian calendar", func(*testing.T, store.Tx) any { return gregorianCitizen }, ""},
		{"a wrong birth date is declined", func(*testing.T, store.Tx) any { return wrongBirth }, wire.DeclineDetailsMismatch},
		{"a username taken in another case is declined", func(*testing.T, store.Tx) any { return takenUsername }, wire.DeclineUsernameTaken},
		{"someone else's mobile is declined", func(*testing.T, store.Tx) any { return takenMobile }, wire.DeclineMobileTaken},
		{"a claimed but unverified code is declined", func(*testing.T, store.Tx) any { return unverified }, wire.DeclineOTPNotVerified},
		{"activation by the person's bank card completes", func(*testing.T, store.Tx) any {
			return &wire.Activation{IDNumber: p2.IDNumber, Method: wire.MethodBankCard, CardPAN: p2.CardPAN}
		}, ""},
		{"activation by another card is declined", func(*testing.T, store.Tx) any {
			return &wire.Activation{IDNumber: p2.IDNumber, Method: wire.MethodBankCard, CardPAN: p4.CardPAN}
		}, wire.DeclineCardMismatch},
		{"activation by a card linked to no one, sent alone, is declined", func(*testing.T, store.Tx) any {
			return &wire.Activation{Method: wire.MethodBankCard, CardPAN: SyntheticPerson(999).CardPAN}
		}, wire.DeclineCardMismatch},
		{"activation by the card alone activates its holder's account", func(*testing.T, store.Tx) any {
			return &wire.Activation{Method: wire.MethodBankCard, CardPAN: p4.CardPAN}
		}, ""},
		{"activation by the card alone of someone with no account is declined", func(*testing.T, store.Tx) any {
			return &wire.Activation{Method: wire.MethodBankCard, CardPAN: SyntheticPerson(3).CardPAN}
		}, wire.DeclineNoAccount},
		{"activation without an account is declined", func(*testing.T, store.Tx) any {
			return &wire.Activation{IDNumber: SyntheticPerson(3).IDNumber, Method: wire.MethodFingerprint, FingerprintTemplate: SyntheticPerson(3).Fingerprint}
		}, wire.DeclineNoAccount},
		{"a mobile change proved by a code on the old number completes", func(t *testing.T, tx store.Tx) any {
			return &wire.MobileChange{IDNumber: p2.IDNumber, NewMobile: "+966559990002", NewMobileOTP: verifiedOTP(t, tx, "+966559990002"),
				Proof: wire.ProofOTPOld, OldMobileOTP: verifiedOTP(t, tx, p2.Mobile)}
		}, ""},
		{"a mobile change to someone else's number is declined", func(t *testing.T, tx store.Tx) any {
			return &wire.MobileChange{IDNumber: p2.IDNumber, NewMobile: p4.Mobile, NewMobileOTP: verifiedOTP(t, tx, p4.Mobile),
				Proof: wire.MethodFingerprint, FingerprintTemplate: p2.Fingerprint}
		}, wire.DeclineMobileTaken},
		{"a dependent not in the registry is declined", func(*testing.T, store.Tx) any {
			return &wire.Dependent{IDNumber: p2.IDNumber, DependentIDNumber: "1999999996", Relationship: wire.RelationChild, FingerprintTemplate: p2.Fingerprint}
		}, wire.DeclineDependentUnknown},
		{"an address change proved offline by the bank card completes", func(*testing.T, store.Tx) any {
			return &wire.AddressUpdate{IDNumber: p2.IDNumber, Address: pickedAddress("riyadh", "riyadh.olaya"), CardPAN: p2.CardPAN}
		}, ""},
		{"an address change proved by someone else's card is declined", func(*testing.T, store.Tx) any {
			return &wire.AddressUpdate{IDNumber: p2.IDNumber, Address: pickedAddress("riyadh", "riyadh.olaya"), CardPAN: p4.CardPAN}
		}, wire.DeclineCardMismatch},
		{"an address change with no proof at all is declined", func(*testing.T, store.Tx) any {
			return &wire.AddressUpdate{IDNumber: p2.IDNumber, Address: pickedAddress("riyadh", "riyadh.olaya")}
		}, wire.DeclineInvalid},
		{"an address change to a district code not in the directory is declined", func(*testing.T, store.Tx) any {
			return &wire.AddressUpdate{IDNumber: p2.IDNumber, Address: pickedAddress("riyadh", "riyadh.atlantis"), FingerprintTemplate: p2.Fingerprint}
		}, wire.DeclineInvalid},
		{"an address change to a district of another city is declined", func(*testing.T, store.Tx) any {
			return &wire.AddressUpdate{IDNumber: p2.IDNumber, Address: pickedAddress("riyadh", "jeddah.hamra"), FingerprintTemplate: p2.Fingerprint}
		}, wire.DeclineInvalid},
		{"an address change for someone without a fingerprint on record is declined", func(*testing.T, store.Tx) any {
			return &wire.AddressUpdate{IDNumber: SyntheticPerson(10).IDNumber, Address: wire.Address{BuildingNumber: "1234", Street: "S", City: "C", PostalCode: "12345", AdditionalNumber: "1234"}, FingerprintTemplate: []byte{1}}
		}, wire.DeclineNoFingerprint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := world(t)
			var out Outcome
			err := s.Update(context.Background(), func(tx store.Tx) (err error) {
				out, err = Apply(tx, Input{Record: wire.Record{ID: "x", Ref: "REF-1"}, Payload: tt.payload(t, tx), PasswordHash: "h"}, time.Now())
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if out.Status.Code != tt.code {
				t.Fatalf("status %+v, want code %q", out.Status, tt.code)
			}
			if (tt.code == "") != (out.Status.State == wire.StateCompleted) {
				t.Fatalf("state %q with code %q", out.Status.State, out.Status.Code)
			}
		})
	}
}

func TestDeclinedRegistrationLeavesNoTrace(t *testing.T) {
	s := world(t)
	r := reg(12)
	r.Username = "TESTUSER" + SyntheticPerson(2).IDNumber
	s.Update(context.Background(), func(tx store.Tx) error {
		_, err := Apply(tx, Input{Record: wire.Record{ID: "x", Ref: "R"}, Payload: r, PasswordHash: "h"}, time.Now())
		return err
	})
	s.View(context.Background(), func(tx store.Tx) error {
		if _, found, _ := GetAccount(tx, r.IDNumber); found {
			t.Fatal("a declined registration left an account")
		}
		return nil
	})
}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("Str0ng!Pass#", 1000)
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := HashPassword("Str0ng!Pass#", 1000)
	if h == h2 || strings.Contains(h, "Str0ng") {
		t.Fatal("hashes must be salted and must not contain the password")
	}
	for _, tt := range []struct {
		hash, pw string
		want     bool
	}{{h, "Str0ng!Pass#", true}, {h, "str0ng!Pass#", false}, {"pbkdf2-sha256$x$y$z", "a", false}, {"", "", false}} {
		if got := CheckPassword(tt.hash, tt.pw); got != tt.want {
			t.Errorf("CheckPassword(%q, %q) = %v", tt.hash, tt.pw, got)
		}
	}
}

func FuzzParsePerson(f *testing.F) {
	var b bytes.Buffer
	Generate(&b, 3)
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		f.Add([]byte(l))
	}
	f.Add([]byte(`{"synthetic":true,"id_type":"visitor","id_number":"A12345","nationality":"GB","birth_gregorian":{"calendar":"gregorian","year":1990,"month":1,"day":2},"name":{"ar":"ا","en":"a"}}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		p, err := ParsePerson(line)
		if err == nil && (!p.Synthetic || !ValidID(p.IDType, p.IDNumber, p.Nationality) || (p.CardPAN != "" && !bankcard.ValidPAN(p.CardPAN)) || p.CardToken != "") {
			t.Fatalf("accepted %q as %+v", line, p)
		}
	})
}

func TestPrefetchAnswersRegistryReads(t *testing.T) {
	s := world(t)
	p2 := SyntheticPerson(2)
	ins := []Input{{Payload: &wire.Dependent{IDNumber: p2.IDNumber, DependentIDNumber: "1999999996"}}}
	s.View(context.Background(), func(tx store.Tx) error {
		ptx, err := Prefetch(tx, ins)
		if err != nil {
			t.Fatal(err)
		}
		if p, found, err := GetPerson(ptx, p2.IDNumber); err != nil || !found || p.Name != p2.Name {
			t.Fatalf("prefetched person: %+v %v %v", p.Name, found, err)
		}
		if _, found, err := GetPerson(ptx, "1999999996"); err != nil || found {
			t.Fatalf("prefetched absent person: found %v, %v", found, err)
		}
		if _, found, err := GetAccount(ptx, p2.IDNumber); err != nil || !found {
			t.Fatalf("other buckets pass through: found %v, %v", found, err)
		}
		return nil
	})
}

func TestCardTokensAreKeyed(t *testing.T) {
	s := world(t)
	p2 := SyntheticPerson(2)
	ctx := context.Background()
	err := s.Update(ctx, func(tx store.Tx) error {
		key, err := CardTokenKey(tx)
		if err != nil {
			return err
		}
		again, err := CardTokenKey(tx)
		if err != nil || !bytes.Equal(key, again) || len(key) != 32 {
			t.Fatalf("key %x then %x (%v): want one stable 32-byte key", key, again, err)
		}
		p, _, err := GetPerson(tx, p2.IDNumber)
		if err != nil {
			return err
		}
		if p.CardPAN != "" || p.CardToken != bankcard.Token(key, p2.CardPAN) || p.CardMasked != bankcard.Mask(p2.CardPAN) {
			t.Fatalf("stored card: pan %q token %s masked %s: want only the keyed token and the masked number", p.CardPAN, p.CardToken, p.CardMasked)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Another store has its own key: a token leaks nothing without the key it was made with.
	other := storetest.MustOpenBolt(t)
	other.Update(ctx, func(tx store.Tx) error {
		key, err := CardTokenKey(tx)
		if err != nil {
			t.Fatal(err)
		}
		s.View(ctx, func(tx2 store.Tx) error {
			p, _, _ := GetPerson(tx2, p2.IDNumber)
			if p.CardToken == bankcard.Token(key, p2.CardPAN) {
				t.Fatal("two stores share a card-token key")
			}
			return nil
		})
		return nil
	})
}

// TestWireIDTypesAreIdentityCodes holds the protocol's identity-type names equal to
// identity.IDType.Code, through which ValidID reads them.
func TestWireIDTypesAreIdentityCodes(t *testing.T) {
	for _, c := range []string{wire.IDCitizen, wire.IDResident, wire.IDBorder, wire.IDVisitor, wire.IDGCC} {
		k, ok := identity.IDTypeFromCode(c)
		if !ok || k.Code() != c {
			t.Errorf("wire id_type %q is not an identity code", c)
		}
	}
}

// pickedAddress is a valid address with the city and district picked by code.
func pickedAddress(city, district string) wire.Address {
	return wire.Address{BuildingNumber: "2929", Street: "King Fahd Road", District: "العليا", City: "الرياض",
		PostalCode: "12211", AdditionalNumber: "7788", ShortAddress: "RRRD2929", CityCode: city, DistrictCode: district}
}

// An address update proven live carries central's proof token, resolved by the
// caller to the ID it proves (Input.ProvenID).
func TestAddressProvenByToken(t *testing.T) {
	p2, p4 := SyntheticPerson(2), SyntheticPerson(4)
	tests := []struct {
		name     string
		update   wire.AddressUpdate
		provenID string
		code     string
	}{
		{"when the token proves the person, it completes", wire.AddressUpdate{ProofToken: "t"}, p2.IDNumber, ""},
		{"when the token proves nobody, it is proof_failed", wire.AddressUpdate{ProofToken: "t"}, "", wire.DeclineProofFailed},
		{"when the token proves someone else, it is proof_failed", wire.AddressUpdate{ProofToken: "t"}, p4.IDNumber, wire.DeclineProofFailed},
		{"when the token has lapsed but the finger is sealed too, the finger proves", wire.AddressUpdate{ProofToken: "t", FingerprintTemplate: p2.Fingerprint}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := world(t)
			u := tt.update
			u.IDNumber, u.Address = p2.IDNumber, pickedAddress("jeddah", "jeddah.hamra")
			var out Outcome
			err := s.Update(context.Background(), func(tx store.Tx) (err error) {
				out, err = Apply(tx, Input{Record: wire.Record{ID: "x", Ref: "REF-1"}, Payload: &u, ProvenID: tt.provenID}, time.Now())
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if out.Status.Code != tt.code {
				t.Fatalf("status %+v, want code %q", out.Status, tt.code)
			}
		})
	}
}

// TestCardHolder: a card alone names the person the back office links it to;
// a card of no one, or one replaced in a later load, names no one; a store
// loaded before the index gets it once from IndexCardHolders.
func TestCardHolder(t *testing.T) {
	s := world(t)
	ctx := context.Background()
	p2, p4 := SyntheticPerson(2), SyntheticPerson(4)
	holder := func(pan string) (string, bool) {
		t.Helper()
		var p Person
		var found bool
		if err := s.View(ctx, func(tx store.Tx) (err error) { p, found, err = CardHolder(tx, pan); return err }); err != nil {
			t.Fatal(err)
		}
		return p.IDNumber, found
	}
	if id, found := holder(p2.CardPAN); !found || id != p2.IDNumber {
		t.Fatalf("card of person 2: %q %v", id, found)
	}
	if id, found := holder(SyntheticPerson(999).CardPAN); found {
		t.Fatalf("a card of no one on record named %q", id)
	}
	// Person 4 gets a new card in a later load: the old one names no one.
	moved := p4
	moved.CardPAN = SyntheticPerson(998).CardPAN
	line, _ := json.Marshal(moved)
	if err := s.Update(ctx, func(tx store.Tx) error { _, err := LoadRegistry(tx, bytes.NewReader(line)); return err }); err != nil {
		t.Fatal(err)
	}
	if id, found := holder(p4.CardPAN); found {
		t.Fatalf("a replaced card still names %q", id)
	}
	if id, found := holder(moved.CardPAN); !found || id != p4.IDNumber {
		t.Fatalf("the new card: %q %v", id, found)
	}
	// An index lost (a store from before it): rebuilt once, then left alone.
	if err := s.Update(ctx, func(tx store.Tx) error {
		return errors.Join(tx.Delete(store.CardHolders, bankcardToken(t, tx, p2.CardPAN)), tx.Delete(store.Meta, MetaCardHoldersIndexed))
	}); err != nil {
		t.Fatal(err)
	}
	if _, found := holder(p2.CardPAN); found {
		t.Fatal("the index entry was not deleted")
	}
	for i, want := range []int{20, 0} {
		var n int
		if err := s.Update(ctx, func(tx store.Tx) (err error) { n, err = IndexCardHolders(tx); return err }); err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Fatalf("index run %d: %d cards, want %d", i+1, n, want)
		}
	}
	if id, found := holder(p2.CardPAN); !found || id != p2.IDNumber {
		t.Fatalf("after the index: %q %v", id, found)
	}
}

func bankcardToken(t *testing.T, tx store.Tx, pan string) string {
	t.Helper()
	key, err := CardTokenKey(tx)
	if err != nil {
		t.Fatal(err)
	}
	return bankcard.Token(key, pan)
}

// A mobile change after a lost SIM is proven live: it carries central's proof
// token, resolved by the caller to the ID it proves (Input.ProvenID).
func TestMobileChangeProvenByToken(t *testing.T) {
	p2, p4 := SyntheticPerson(2), SyntheticPerson(4)
	tests := []struct {
		name     string
		token    string
		provenID string
		code     string
	}{
		{"when the token proves the person, the number is changed", "t", p2.IDNumber, ""},
		{"when the token proves nobody, it is proof_failed", "t", "", wire.DeclineProofFailed},
		{"when the token proves someone else, it is proof_failed", "t", p4.IDNumber, wire.DeclineProofFailed},
		{"when the token is missing, a proof resolved from elsewhere does not count", "", p2.IDNumber, wire.DeclineProofFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := world(t)
			const newMobile = "+966559990012"
			var out Outcome
			err := s.Update(context.Background(), func(tx store.Tx) (err error) {
				m := &wire.MobileChange{IDNumber: p2.IDNumber, NewMobile: newMobile, NewMobileOTP: verifiedOTP(t, tx, newMobile),
					Proof: wire.ProofByToken, ProofToken: tt.token}
				out, err = Apply(tx, Input{Record: wire.Record{ID: "x", Ref: "REF-1"}, Payload: m, ProvenID: tt.provenID}, time.Now())
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if out.Status.Code != tt.code {
				t.Fatalf("status %+v, want code %q", out.Status, tt.code)
			}
			s.View(context.Background(), func(tx store.Tx) error {
				a, _, _ := GetAccount(tx, p2.IDNumber)
				if changed := a.Mobile == newMobile; changed != (tt.code == "") {
					t.Errorf("account's mobile %s after %q", a.Mobile, tt.code)
				}
				return nil
			})
			if tt.code == "" && (len(out.Notices) != 2 || out.Notices[1].Mobile != p2.Mobile) {
				t.Errorf("notices %+v: the old number must be told", out.Notices)
			}
		})
	}
}
