package digitalid

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
)

func TestTrustList(t *testing.T) {
	central, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	impostor, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tl := TrustList{Issued: goldenNow, Expires: goldenNow.Add(7 * 24 * time.Hour), Keys: trusted()}
	signed, err := SignTrustList(tl, central)
	if err != nil {
		t.Fatal(err)
	}
	forged, _ := SignTrustList(tl, impostor)
	flipped := append([]byte(nil), signed...)
	flipped[len(flipped)/2] ^= 1

	tests := []struct {
		name    string
		signed  []byte
		at      time.Time
		wantErr error
	}{
		{"a fresh list signed by central gives its keys", signed, goldenNow.Add(time.Hour), nil},
		{"a list within the tolerance past its expiry still works", signed, tl.Expires.Add(4 * time.Minute), nil},
		{"a stale list fails closed", signed, tl.Expires.Add(6 * time.Minute), ErrTrustListStale},
		{"a list signed by another key is refused", forged, goldenNow, ErrTrustListSignature},
		{"a damaged list is refused", flipped, goldenNow, ErrTrustListSignature},
		{"no list is refused", nil, goldenNow, ErrTrustListSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := OpenTrustList(tt.signed, &central.PublicKey)
			var keys []Key
			if err == nil {
				keys, err = got.KeysAt(tt.at)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if !got.Expires.Equal(tl.Expires) || len(keys) != 1 || string(keys[0].ID) != "k1" ||
				!keys[0].NotAfter.Equal(tl.Keys[0].NotAfter) || !keys[0].Public.Equal(tl.Keys[0].Public) {
				t.Fatalf("list = %+v", got)
			}
			c := mustIssue(t, testIssuer(), goldenHolder, Options{Now: goldenNow, TTL: ScreenTTL})
			if r := Verify(c.QR, keys, goldenNow); r.Verdict != Valid {
				t.Fatalf("a credential does not verify with the opened list: %v", r.Err)
			}
		})
	}
}

func FuzzOpenTrustList(f *testing.F) {
	central, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	signed, _ := SignTrustList(TrustList{Issued: goldenNow, Expires: goldenNow, Keys: trusted()}, central)
	f.Add(signed)
	f.Fuzz(func(t *testing.T, b []byte) {
		// Only what central signed may open: the unprotected header is not signed
		// and may change, the keys may not.
		got, err := OpenTrustList(b, &central.PublicKey)
		if err == nil && (len(got.Keys) != 1 || string(got.Keys[0].ID) != "k1" || !got.Expires.Equal(goldenNow)) {
			t.Fatalf("a list central did not sign opened: %+v", got)
		}
	})
}

func TestCOSEKey(t *testing.T) {
	k := trusted()[0]
	b, err := k.COSEKey()
	if err != nil {
		t.Fatal(err)
	}
	var m map[int]any
	if err := cbor.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m[1] != uint64(1) || string(m[2].([]byte)) != "k1" || m[3] != int64(-8) || m[-1] != uint64(6) || !bytes.Equal(m[-2].([]byte), k.Public) {
		t.Fatalf("COSE_Key = %v", m)
	}
}
