package digitalid

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.qr")

// The golden credential: testKey(1) (seed 32 × 0x01), kid "k1", iss
// "https://bawaba.example", nonce 16 × 0x5a, issued goldenNow for ScreenTTL, for
// goldenHolder. Ed25519 is deterministic, so these bytes change only when the
// format does or when Go's compress/flate starts choosing other (equally valid)
// deflate blocks; in that second case the decoded layers (steps 3–5 of
// docs/digital-id.md, which decodes this exact text by hand) stay the same.
func TestGoldenCredential(t *testing.T) {
	c := mustIssue(t, testIssuer(), goldenHolder, Options{Now: goldenNow, TTL: ScreenTTL})
	if *update {
		if err := os.WriteFile("testdata/golden.qr", []byte(c.QR+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/golden.qr")
	if err != nil {
		t.Fatal(err)
	}
	if c.QR != strings.TrimSpace(string(want)) {
		t.Fatalf("the credential changed:\n got %s\nwant %s\n(run with -update only if the format change is intended, and update docs/digital-id.md)", c.QR, want)
	}
	if r := Verify(strings.TrimSpace(string(want)), trusted(), goldenNow); r.Verdict != Valid || r.Holder != goldenHolder {
		t.Fatalf("golden does not verify: %v %v", r.Verdict, r.Err)
	}
}
