package shell

import (
	"sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/kiosk/staff"
)

// The staff member of the shell's tests.
const (
	testStaffID   = "1001"
	testStaffName = "Huda"
	testStaffPIN  = "482613"
)

// testPINHash is testStaffPIN's hash, made once: argon2id is slow on purpose.
var testPINHash = sync.OnceValue(func() staff.Hash {
	h, err := staff.HashPIN(testStaffPIN)
	if err != nil {
		panic(err)
	}
	return h
})

// testGuard is a real staff.Guard with one account, its lockout kept in memory,
// auditing into trail (nil: no audit), telling time by now (nil: time.Now; give
// the shell's Options.Now, so lock times read right).
func testGuard(t *testing.T, trail *staff.Trail, now func() time.Time) *staff.Guard {
	t.Helper()
	d, err := staff.NewDirectory([]staff.Account{{ID: testStaffID, Name: testStaffName, PIN: testPINHash()}})
	if err != nil {
		t.Fatal(err)
	}
	return staff.NewGuard(staff.Options{Accounts: d, Trail: trail, Now: now,
		OnError: func(err error) { t.Errorf("staff guard: %v", err) }})
}
