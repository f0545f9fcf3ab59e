package central

import (
	"errors"
	"testing"

	"github.com/bawaba/bawaba/sync/wire"
)

// TestPushGate: places are bounded per kiosk and in all, a refusal is a 503 busy
// with Retry-After, and a released place can be taken again.
func TestPushGate(t *testing.T) {
	g := newPushGate(3, 2)
	enter := func(kiosk string) (func(), error) { return g.enter(kiosk) }
	wantBusy := func(t *testing.T, err error) {
		t.Helper()
		var he *httpError
		if !errors.As(err, &he) || he.status != 503 || he.body.Code != wire.ErrBusy || he.retryAfter <= 0 {
			t.Fatalf("err %v, want 503 busy with Retry-After", err)
		}
	}
	a1, err := enter("a")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := enter("a"); err != nil {
		t.Fatal(err)
	}
	_, err = enter("a")
	wantBusy(t, err) // a third for kiosk a
	b1, err := enter("b")
	if err != nil {
		t.Fatal(err)
	}
	_, err = enter("c")
	wantBusy(t, err) // all three places taken
	a1()
	if _, err := enter("c"); err != nil {
		t.Fatalf("after a release: %v", err)
	}
	b1()
	if _, err := enter("a"); err != nil {
		t.Fatalf("kiosk a, one place of its own free: %v", err)
	}
	if n := len(g.kiosks); n != 2 {
		t.Fatalf("%d kiosks tracked, want 2 (b released all)", n)
	}
}
