package central_test

import (
	"testing"

	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestFingerprintMatchLocksAfterThreeFailures: three wrong fingers for one ID, and
// central refuses even the right finger with 429 too_many_tries and a Retry-After,
// while another ID is still matched.
func TestFingerprintMatchLocksAfterThreeFailures(t *testing.T) {
	h := newHarness(t, nil)
	k := h.Kiosk(t)
	p := backoffice.SyntheticPerson(4)
	other := backoffice.SyntheticPerson(8)
	for i := range wire.FingerprintMaxFails {
		var fm wire.FingerprintMatchResponse
		st, e := k.Call(t, "POST", wire.PathFingerprintMatch, wire.FingerprintMatchRequest{IDNumber: p.IDNumber, Template: biometric.SyntheticTemplate("someone else")}, &fm)
		if st != 200 || fm.Match {
			t.Fatalf("wrong finger %d: %d %+v %+v", i, st, e, fm)
		}
	}
	st, e := k.Call(t, "POST", wire.PathFingerprintMatch, wire.FingerprintMatchRequest{IDNumber: p.IDNumber, Template: biometric.SyntheticTemplate(p.IDNumber)}, nil)
	if st != 429 || e.Code != wire.ErrTooManyTries {
		t.Fatalf("right finger after 3 failures: %d %+v, want 429 %s", st, e, wire.ErrTooManyTries)
	}
	var fm wire.FingerprintMatchResponse
	if st, e := k.Call(t, "POST", wire.PathFingerprintMatch, wire.FingerprintMatchRequest{IDNumber: other.IDNumber, Template: biometric.SyntheticTemplate(other.IDNumber)}, &fm); st != 200 || !fm.Match {
		t.Fatalf("another person: %d %+v %+v", st, e, fm)
	}
}
