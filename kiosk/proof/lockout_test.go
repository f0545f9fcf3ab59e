package proof

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// centralAnswers is a match function with fixed answers, one per call.
type centralAnswers struct {
	answers []error // nil: no match, errMatch: match, else the error
	calls   int
}

var errMatch = errors.New("match")

func (c *centralAnswers) match(context.Context, wire.FingerprintMatchRequest) (wire.FingerprintMatchResponse, error) {
	a := c.answers[c.calls]
	c.calls++
	switch a {
	case nil:
		return wire.FingerprintMatchResponse{}, nil
	case errMatch:
		return wire.FingerprintMatchResponse{Match: true, Score: 1}, nil
	}
	return wire.FingerprintMatchResponse{}, a
}

func TestLockoutMatch(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		answers []error
		want    []string // per call: "match", "no", "locked", "unreachable"
		calls   int      // how many reached central
	}{
		{"when three fingers fail, the third says locked and a fourth is not sent",
			[]error{nil, nil, nil}, []string{"no", "no", "locked", "locked"}, 3},
		{"when a match comes between, the count starts again",
			[]error{nil, nil, errMatch, nil, nil}, []string{"no", "no", "match", "no", "no"}, 5},
		{"when central refuses, the kiosk refuses too",
			[]error{&LockedError{RetryAfter: time.Minute}}, []string{"locked", "locked"}, 1},
		{"when central cannot be asked, nothing is counted",
			[]error{ErrUnreachable, ErrUnreachable, ErrUnreachable, nil}, []string{"unreachable", "unreachable", "unreachable", "no"}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l Lockout
			c := &centralAnswers{answers: tt.answers}
			for i, want := range tt.want {
				ok, err := l.Match(context.Background(), c.match, "1000000008", []byte{1}, t0)
				got := "no"
				switch {
				case errors.Is(err, ErrLocked):
					got = "locked"
				case errors.Is(err, ErrUnreachable):
					got = "unreachable"
				case ok:
					got = "match"
				}
				if got != want {
					t.Fatalf("call %d: %s (%v), want %s", i+1, got, err, want)
				}
			}
			if c.calls != tt.calls {
				t.Fatalf("%d calls reached central, want %d", c.calls, tt.calls)
			}
			if l.Locked("1000000008", t0.Add(wire.FingerprintLockout)) != 0 {
				t.Fatal("still locked after the lockout")
			}
		})
	}
}

// failUntilLocked fails id's matches until the lockout starts.
func failUntilLocked(t *testing.T, l *Lockout, id string, now time.Time) {
	t.Helper()
	c := &centralAnswers{answers: make([]error, wire.FingerprintMaxFails)}
	for range wire.FingerprintMaxFails {
		if _, err := l.Match(context.Background(), c.match, id, []byte{1}, now); err != nil && !errors.Is(err, ErrLocked) {
			t.Fatal(err)
		}
	}
	if l.Locked(id, now) == 0 {
		t.Fatalf("not locked after %d failures", wire.FingerprintMaxFails)
	}
}

func TestLockoutFileSurvivesRestart(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "fingerprint-lockout.json")
	var saveErrs []error
	l, err := OpenLockout(path, func(err error) { saveErrs = append(saveErrs, err) })
	if err != nil {
		t.Fatal(err)
	}
	const locked, once, other = "1000000008", "2000000007", "1234567890"
	failUntilLocked(t, l, locked, t0)
	c := &centralAnswers{answers: []error{nil}}
	if _, err := l.Match(context.Background(), c.match, once, []byte{1}, t0); err != nil {
		t.Fatal(err)
	}

	// A restart: the lock and the count are still there, under the same key.
	l2, err := OpenLockout(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if left := l2.Locked(locked, t0.Add(time.Minute)); left != wire.FingerprintLockout-time.Minute {
		t.Errorf("after a restart %s is locked for %v, want %v", locked, left, wire.FingerprintLockout-time.Minute)
	}
	if l2.Locked(other, t0) != 0 {
		t.Errorf("%s, never tried, is locked", other)
	}
	c = &centralAnswers{answers: []error{nil, nil}}
	for i := range 2 {
		_, err := l2.Match(context.Background(), c.match, once, []byte{1}, t0.Add(time.Minute))
		if got := errors.Is(err, ErrLocked); got != (i == 1) {
			t.Fatalf("failure %d of %s after the restart: locked %v (%v)", i+2, once, got, err)
		}
	}
	if l2.Locked(locked, t0.Add(wire.FingerprintLockout)) != 0 {
		t.Error("still locked after the lockout")
	}
	if len(saveErrs) > 0 {
		t.Errorf("save errors: %v", saveErrs)
	}

	// The file holds no ID digits (and no plain SHA-256 of one), and only the
	// kiosk can read it.
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{locked, once} {
		sum := sha256.Sum256([]byte(id))
		for _, leak := range []string{id, id[:6], id[len(id)-6:], hex.EncodeToString(sum[:])[:16]} {
			if strings.Contains(string(b), leak) {
				t.Errorf("the lockout file holds %q of %s: %s", leak, id, b)
			}
		}
	}
	for _, name := range []string{path, path + ".key"} {
		if fi, err := os.Stat(name); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, mode %v, want 0600", name, err, fi.Mode())
		}
	}
}

func TestLockoutFileUnusable(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		spoil func(path string) error
	}{
		{"when the file is not JSON", func(p string) error { return os.WriteFile(p, []byte("{\"v\":1,\"ids\":{"), 0o600) }},
		{"when the file has another version", func(p string) error { return os.WriteFile(p, []byte(`{"v":2,"ids":{}}`), 0o600) }},
		{"when the key is cut short", func(p string) error { return os.WriteFile(p+".key", []byte("short"), 0o600) }},
		{"when the key is gone", func(p string) error { return os.Remove(p + ".key") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "fingerprint-lockout.json")
			l, err := OpenLockout(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			failUntilLocked(t, l, "1000000008", t0)
			if err := tt.spoil(path); err != nil {
				t.Fatal(err)
			}
			l, err = OpenLockout(path, nil)
			if l == nil {
				t.Fatal("no lockout")
			}
			if tt.name != "when the key is gone" && !errors.Is(err, ErrLockoutFile) {
				t.Errorf("error %v, want ErrLockoutFile", err)
			}
			if l.Locked("1000000008", t0) != 0 {
				t.Error("locked from an unusable file")
			}
			// It works on, and writes a good file again.
			failUntilLocked(t, l, "1000000008", t0)
			if l, err := OpenLockout(path, nil); err != nil || l.Locked("1000000008", t0) == 0 {
				t.Errorf("reopened after a fresh lock: %v, locked %v", err, l.Locked("1000000008", t0))
			}
		})
	}
}

func TestLockoutFileBounded(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "fingerprint-lockout.json")
	l, err := OpenLockout(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	failUntilLocked(t, l, "1000000008", t0)
	c := &centralAnswers{answers: make([]error, maxLockTracked+8)}
	for i := range maxLockTracked + 8 {
		id := fmt.Sprintf("2%09d", i)
		if _, err := l.Match(context.Background(), c.match, id, []byte{1}, t0.Add(time.Duration(i)*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f lockFile
	if err := json.Unmarshal(b, &f); err != nil || len(f.IDs) != maxLockTracked {
		t.Fatalf("the file holds %d IDs (%v), want %d", len(f.IDs), err, maxLockTracked)
	}
	if l.Locked("1000000008", t0) == 0 {
		t.Error("a locked ID was forgotten to make room for failures")
	}
	// Old failures are dropped: the next failure after a lockout's time
	// leaves the lock's entry gone, and the file small.
	later := t0.Add(2 * wire.FingerprintLockout)
	c = &centralAnswers{answers: []error{nil}}
	if _, err := l.Match(context.Background(), c.match, "1234567890", []byte{1}, later); err != nil {
		t.Fatal(err)
	}
	f = lockFile{}
	if b, _ := os.ReadFile(path); json.Unmarshal(b, &f) != nil || len(f.IDs) != 1 {
		t.Errorf("after the lockout's time the file holds %d IDs, want 1", len(f.IDs))
	}
}

// BenchmarkLockoutFailedMatch is the kiosk's own cost of one failed match
// kept on disk (the count written atomically with its fsyncs), with a full
// file of maxLockTracked IDs, central's answer aside.
func BenchmarkLockoutFailedMatch(b *testing.B) {
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	l, err := OpenLockout(filepath.Join(b.TempDir(), "fingerprint-lockout.json"), func(err error) { b.Fatal(err) })
	if err != nil {
		b.Fatal(err)
	}
	noMatch := func(context.Context, wire.FingerprintMatchRequest) (wire.FingerprintMatchResponse, error) {
		return wire.FingerprintMatchResponse{}, nil
	}
	for i := range maxLockTracked {
		l.Match(context.Background(), noMatch, fmt.Sprintf("2%09d", i), nil, t0)
	}
	for i := 0; b.Loop(); i++ {
		// Another ID each time: no lock starts, and the oldest is evicted.
		l.Match(context.Background(), noMatch, fmt.Sprintf("1%09d", i), nil, t0.Add(time.Millisecond*time.Duration(i)))
	}
}
