package staff

import (
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkVerify is the cost of one PIN check at the production argon2id cost:
// what a sign-in waits, and what a guesser with a stolen config file pays per try.
func BenchmarkVerify(b *testing.B) {
	h, err := HashPIN("482613")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if !h.Verify("482613") {
			b.Fatal("no match")
		}
	}
}

// BenchmarkWrongPIN is a wrong try as the kiosk handles it: the check, the
// lockout count saved (fsync'd), and the audit entry appended (fsync'd).
func BenchmarkWrongPIN(b *testing.B) {
	dir := b.TempDir()
	h, _ := HashPIN("482613")
	d, _ := NewDirectory([]Account{{ID: "1001", Name: "Huda", PIN: h}})
	lock, _ := OpenLockout(filepath.Join(dir, "lockout.json"))
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	g := NewGuard(Options{Accounts: d, Lockout: lock, Trail: NewTrail(filepath.Join(dir, "audit.jsonl"), nil),
		Now: func() time.Time { return now }})
	for b.Loop() {
		now = now.Add(2 * LockMax) // never locked: each try is checked
		g.SignIn("1001", "000000")
	}
}
