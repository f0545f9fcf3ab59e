package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"

	"github.com/bawaba/bawaba/sync/central"
)

// `central issuer-keys` prints, for each key, a comment line, the COSE_Key in hex
// and a PEM public key; an outside verifier must get the same key from both.
func TestPrintIssuerKeys(t *testing.T) {
	var keys []central.IssuerKey
	for i := byte(1); i <= 2; i++ {
		pub := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{i}, ed25519.SeedSize)).Public().(ed25519.PublicKey)
		keys = append(keys, central.IssuerKey{ID: "issuer-" + string('0'+i), KID: []byte{i, i, i, i}, Public: pub,
			NotBefore: time.Unix(0, 0), NotAfter: time.Unix(1, 0)})
	}
	var out bytes.Buffer
	if err := printIssuerKeys(&out, keys); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, k := range keys {
		i := strings.Index(text, "COSE_Key ")
		if i < 0 {
			t.Fatalf("no COSE_Key line for %s in:\n%s", k.ID, out.String())
		}
		text = text[i+len("COSE_Key "):]
		line, rest, _ := strings.Cut(text, "\n")
		raw, err := hex.DecodeString(line)
		if err != nil {
			t.Fatal(err)
		}
		var ck map[int]any
		if err := cbor.Unmarshal(raw, &ck); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ck[-2].([]byte), k.Public) || !bytes.Equal(ck[2].([]byte), k.KID) || ck[3] != int64(-8) {
			t.Fatalf("COSE_Key of %s = %v", k.ID, ck)
		}
		block, after := pem.Decode([]byte(rest))
		if block == nil {
			t.Fatalf("no PEM after the COSE_Key of %s", k.ID)
		}
		pub, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil || !k.Public.Equal(pub) {
			t.Fatalf("PEM of %s = %v, %v", k.ID, pub, err)
		}
		text = string(after)
	}
}
