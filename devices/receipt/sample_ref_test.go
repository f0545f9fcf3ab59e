package receipt

import (
	"testing"

	"github.com/bawaba/bawaba/sync/outbox/ref"
)

// TestSampleIsCurrent keeps the looked-at samples honest: their reference is one the
// outbox could have issued and a person could type back in, and their QR code holds
// what the registration receipt's does.
func TestSampleIsCurrent(t *testing.T) {
	r := sampleReceipt()
	got, err := ref.Parse(r.Reference)
	if err != nil || got != r.Reference {
		t.Fatalf("ref.Parse(%q) = %q, %v; want it back unchanged", r.Reference, got, err)
	}
	if want := "BAWABA:REF:" + r.Reference; r.QR != want {
		t.Fatalf("QR holds %q, want %q (register.StatusQR)", r.QR, want)
	}
}
