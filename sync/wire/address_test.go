package wire

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestAddressUpdateIsMasked(t *testing.T) {
	u := AddressUpdate{IDNumber: "1000000008", CardPAN: "4000000000000010", ProofToken: "",
		Address: Address{Street: "Secret Street", ShortAddress: "RRRD2929"}, FingerprintTemplate: []byte("tmpl")}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "u", u)
	for _, s := range []string{fmt.Sprint(u), fmt.Sprintf("%+v %#v", u, &u), buf.String()} {
		for _, secret := range []string{u.CardPAN, u.IDNumber, "Secret", "RRRD2929", "tmpl"} {
			if strings.Contains(s, secret) {
				t.Fatalf("formatted update %q shows %q", s, secret)
			}
		}
	}
}

func TestAddressUpdateProof(t *testing.T) {
	tests := []struct {
		name string
		u    AddressUpdate
		want string
	}{
		{"when a token is set, it is the proof", AddressUpdate{ProofToken: "t", FingerprintTemplate: []byte{1}}, ProofByToken},
		{"when a card is set, it is the proof", AddressUpdate{CardPAN: "4000000000000010"}, MethodBankCard},
		{"when a template is set, it is the proof", AddressUpdate{FingerprintTemplate: []byte{1}}, MethodFingerprint},
		{"when nothing is set, there is none", AddressUpdate{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.u.Proof(); got != tt.want {
				t.Fatalf("Proof() = %q, want %q", got, tt.want)
			}
		})
	}
}
