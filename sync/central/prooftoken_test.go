package central

import (
	"bytes"
	"testing"
	"time"
)

func TestProofTokenRoundTrip(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	c := proofClaims{KioskID: "kiosk-1", IDNumber: "1000000040", Method: "fingerprint", Expires: time.Unix(1_800_000_000, 0).UTC()}
	tok := mintProofToken(key, c)
	got, err := verifyProofToken(key, tok)
	if err != nil || got != c {
		t.Fatalf("got %+v %v, want %+v", got, err, c)
	}
	if _, err := verifyProofToken(bytes.Repeat([]byte{8}, 32), tok); err != errTokenForged {
		t.Fatalf("another key: %v", err)
	}
}

// FuzzProofToken: no input panics the parser, and whatever parses and verifies
// re-mints to the same text (one encoding per claims).
func FuzzProofToken(f *testing.F) {
	key := bytes.Repeat([]byte{7}, 32)
	f.Add(mintProofToken(key, proofClaims{KioskID: "k", IDNumber: "1000000040", Method: "password", Expires: time.Unix(1, 0)}))
	f.Add("pt1..")
	f.Add("pt1.AAAA.AAAA")
	f.Add("")
	f.Fuzz(func(t *testing.T, tok string) {
		c, err := verifyProofToken(key, tok)
		if err != nil {
			return
		}
		if again := mintProofToken(key, c); again != tok {
			t.Fatalf("%q verifies but re-mints as %q", tok, again)
		}
	})
}

// BenchmarkProofToken: minting and verifying one token, what every live call
// that acts for a person adds. baseline is one HMAC-SHA256 of the same text.
func BenchmarkProofToken(b *testing.B) {
	key := bytes.Repeat([]byte{7}, 32)
	c := proofClaims{KioskID: "kiosk-20261202-0123456789abcdef", IDNumber: "1000000040", Method: "fingerprint", Expires: time.Unix(1_800_000_000, 0)}
	tok := mintProofToken(key, c)
	b.Run("baseline", func(b *testing.B) {
		for b.Loop() {
			proofMAC(key, tok)
		}
	})
	b.Run("mint", func(b *testing.B) {
		for b.Loop() {
			mintProofToken(key, c)
		}
	})
	b.Run("verify", func(b *testing.B) {
		for b.Loop() {
			if _, err := verifyProofToken(key, tok); err != nil {
				b.Fatal(err)
			}
		}
	})
}
