package staff

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/sync/wire"
)

// cheapHash hashes pin with argon2id at the least cost, so tests that sign in
// many times stay quick; the parameters travel in the hash, as in real use.
func cheapHash(t testing.TB, pin string) Hash {
	t.Helper()
	salt := []byte("a salt of 16 b..")
	b64 := base64.RawStdEncoding.EncodeToString
	h, err := ParseHash("$argon2id$v=19$m=64,t=1,p=1$" + b64(salt) + "$" + b64(argon2.IDKey([]byte(pin), salt, 1, 64, 1, 32)))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestNewDirectory(t *testing.T) {
	h := cheapHash(t, "123456")
	ok := []Account{{ID: "1001", Name: "Huda", PIN: h}, {ID: "1002", Name: "Saad", PIN: h}}
	d, err := NewDirectory(ok)
	if err != nil || d.Len() != 2 {
		t.Fatalf("NewDirectory = %v, %d accounts", err, d.Len())
	}
	if a, found := d.Lookup("1002"); !found || a.Name != "Saad" {
		t.Fatalf("Lookup(1002) = %+v, %v", a, found)
	}
	for name, accts := range map[string][]Account{
		"letters in the ID": {{ID: "A1", Name: "x", PIN: h}},
		"empty ID":          {{ID: "", Name: "x", PIN: h}},
		"long ID":           {{ID: "1234567890123", Name: "x", PIN: h}},
		"no name":           {{ID: "1", Name: " ", PIN: h}},
		"no hash":           {{ID: "1", Name: "x"}},
		"ID twice":          {{ID: "1", Name: "x", PIN: h}, {ID: "1", Name: "y", PIN: h}},
	} {
		if _, err := NewDirectory(accts); !errors.Is(err, ErrBadAccount) {
			t.Errorf("%s: %v, want ErrBadAccount", name, err)
		}
	}
}

// rig is a Guard over one account (ID 1001, PIN 123456), its lockout file and
// trail in a temporary directory, and a clock the test moves.
type rig struct {
	dir   string
	now   time.Time
	q     *registertest.Queue
	trail *Trail
	g     *Guard
	errs  []error
}

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{dir: t.TempDir(), now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC), q: &registertest.Queue{}}
	r.trail = NewTrail(filepath.Join(r.dir, "staff-audit.jsonl"), r.q)
	r.open(t)
	return r
}

// open (re)builds the guard from the files, as a kiosk restart does.
func (r *rig) open(t *testing.T) {
	t.Helper()
	d, err := NewDirectory([]Account{{ID: "1001", Name: "Huda", PIN: cheapHash(t, "123456")}})
	if err != nil {
		t.Fatal(err)
	}
	lock, err := OpenLockout(filepath.Join(r.dir, "staff-lockout.json"))
	if err != nil {
		t.Fatal(err)
	}
	r.g = NewGuard(Options{Accounts: d, Lockout: lock, Trail: r.trail, Now: func() time.Time { return r.now },
		OnError: func(err error) { r.errs = append(r.errs, err) }})
}

func TestSignInLockout(t *testing.T) {
	type try struct {
		after    time.Duration // clock moved before the try
		id, pin  string
		want     error
		restart  bool // reopen the guard from its files first
		wantWait time.Duration
	}
	tests := []struct {
		name  string
		tries []try
	}{
		{"the right PIN signs in", []try{{id: "1001", pin: "123456"}}},
		{"a wrong PIN is refused", []try{{id: "1001", pin: "654321", want: ErrWrongPIN}}},
		{"an unknown ID gets the same answer as a wrong PIN", []try{{id: "2002", pin: "123456", want: ErrWrongPIN}}},
		{"the fifth wrong PIN locks the ID for a minute, and the right PIN is refused meanwhile", []try{
			{id: "1001", pin: "1", want: ErrWrongPIN}, {id: "1001", pin: "2", want: ErrWrongPIN},
			{id: "1001", pin: "3", want: ErrWrongPIN}, {id: "1001", pin: "4", want: ErrWrongPIN},
			{id: "1001", pin: "5", want: ErrLocked, wantWait: time.Minute},
			{after: 59 * time.Second, id: "1001", pin: "123456", want: ErrLocked, wantWait: time.Second},
			{after: time.Second, id: "1001", pin: "123456"},
		}},
		{"the second lock lasts two minutes, and a restart does not end it", []try{
			{id: "1001", pin: "1", want: ErrWrongPIN}, {id: "1001", pin: "1", want: ErrWrongPIN},
			{id: "1001", pin: "1", want: ErrWrongPIN}, {id: "1001", pin: "1", want: ErrWrongPIN},
			{id: "1001", pin: "1", want: ErrLocked, wantWait: time.Minute},
			{after: time.Minute, id: "1001", pin: "1", want: ErrWrongPIN}, {id: "1001", pin: "1", want: ErrWrongPIN},
			{id: "1001", pin: "1", want: ErrWrongPIN}, {id: "1001", pin: "1", want: ErrWrongPIN},
			{id: "1001", pin: "1", want: ErrLocked, wantWait: 2 * time.Minute},
			{restart: true, after: time.Minute, id: "1001", pin: "123456", want: ErrLocked, wantWait: time.Minute},
			{after: time.Minute, id: "1001", pin: "123456"},
		}},
		{"wrong tries survive a restart", []try{
			{id: "1001", pin: "1", want: ErrWrongPIN}, {id: "1001", pin: "1", want: ErrWrongPIN},
			{id: "1001", pin: "1", want: ErrWrongPIN}, {id: "1001", pin: "1", want: ErrWrongPIN},
			{restart: true, id: "1001", pin: "1", want: ErrLocked, wantWait: time.Minute},
		}},
		{"unknown IDs lock together, and do not lock a staff member out", []try{
			{id: "3", pin: "1", want: ErrWrongPIN}, {id: "4", pin: "1", want: ErrWrongPIN},
			{id: "5", pin: "1", want: ErrWrongPIN}, {id: "6", pin: "1", want: ErrWrongPIN},
			{id: "7", pin: "1", want: ErrLocked, wantWait: time.Minute},
			{id: "8", pin: "1", want: ErrLocked, wantWait: time.Minute},
			{id: "1001", pin: "123456"},
		}},
		{"a right PIN forgets earlier wrong ones", []try{
			{id: "1001", pin: "1", want: ErrWrongPIN}, {id: "1001", pin: "1", want: ErrWrongPIN},
			{id: "1001", pin: "1", want: ErrWrongPIN}, {id: "1001", pin: "1", want: ErrWrongPIN},
			{id: "1001", pin: "123456"},
			{id: "1001", pin: "1", want: ErrWrongPIN}, {id: "1001", pin: "1", want: ErrWrongPIN},
			{id: "1001", pin: "1", want: ErrWrongPIN}, {id: "1001", pin: "1", want: ErrWrongPIN},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			for i, try := range tt.tries {
				r.now = r.now.Add(try.after)
				if try.restart {
					r.open(t)
				}
				a, err := r.g.SignIn(try.id, try.pin)
				if !errors.Is(err, try.want) || (try.want == nil) != (err == nil) {
					t.Fatalf("try %d (%s): %v, want %v", i, try.id, err, try.want)
				}
				if err == nil && a.ID != try.id {
					t.Fatalf("try %d: signed in as %q", i, a.ID)
				}
				var le *LockedError
				if errors.As(err, &le) && le.Until.Sub(r.now) != try.wantWait {
					t.Fatalf("try %d: locked for %v more, want %v", i, le.Until.Sub(r.now), try.wantWait)
				}
			}
			if len(r.errs) > 0 {
				t.Fatalf("errors reported: %v", r.errs)
			}
		})
	}
}

func TestLockGrowsToAnHour(t *testing.T) {
	r := newRig(t)
	var waits []time.Duration
	for range 9 {
		for range MaxTries {
			_, err := r.g.SignIn("1001", "0")
			var le *LockedError
			if errors.As(err, &le) {
				waits = append(waits, le.Until.Sub(r.now))
				r.now = le.Until
			}
		}
	}
	want := []time.Duration{1, 2, 4, 8, 16, 32, 60, 60, 60}
	for i := range want {
		if waits[i] != want[i]*time.Minute {
			t.Fatalf("locks %v, want minutes %v", waits, want)
		}
	}
}

func TestLockoutFile(t *testing.T) {
	r := newRig(t)
	for range 3 {
		r.g.SignIn("1001", "0")
		r.g.SignIn("1234567890", "0") // a resident's ID typed by mistake
	}
	path := filepath.Join(r.dir, "staff-lockout.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "1234567890") {
		t.Fatalf("the lockout file keeps a typed ID that is no staff member's: %s", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("lockout file mode %v", fi.Mode().Perm())
	}
	if m, _ := filepath.Glob(filepath.Join(r.dir, ".staff-lockout*")); len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
	// A damaged file is reported and replaced by an empty state.
	if err := os.WriteFile(path, []byte(`{"v":1,"ids":{"1001":`), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := OpenLockout(path)
	if err == nil || l == nil || !l.LockedUntil("1001", r.now).IsZero() {
		t.Fatalf("damaged file: %v", err)
	}
}

func TestLockoutRemembersABoundedNumberOfIDs(t *testing.T) {
	l := &Lockout{ids: map[string]*idState{}}
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	for range MaxTries {
		l.Fail("1", now) // locked
	}
	for i := range 200 {
		now = now.Add(time.Millisecond)
		l.Fail(string(rune('a'+i%26))+"x", now) // not IDs, but the map does not care
	}
	if len(l.ids) > maxTracked {
		t.Fatalf("%d IDs remembered", len(l.ids))
	}
	if l.LockedUntil("1", now).IsZero() {
		t.Fatal("a locked ID was forgotten to make room")
	}
}

// TestAuditTrail runs the staff actions and checks each entry, on the kiosk and
// as queued for central, and that nothing typed that is not a staff ID appears.
func TestAuditTrail(t *testing.T) {
	r := newRig(t)
	const residentID = "1098765432" // typed into the staff ID field by a resident
	r.g.SignIn(residentID, "123456")
	r.now = r.now.Add(time.Second)
	r.g.SignIn("1001", "000000")
	r.now = r.now.Add(time.Second)
	r.g.SignIn("1001", "123456")
	r.g.Audit("1001", ActionView, ResultOK, "")
	r.g.Audit("1001", ActionRequeue, ResultOK, "3")
	r.g.Audit("1001", ActionTool, ResultOK, "usb")
	r.g.Audit("1001", ActionSignOut, ResultOK, "")
	want := []Entry{
		{Staff: "", Action: ActionSignIn, Result: ResultWrongPIN},
		{Staff: "1001", Action: ActionSignIn, Result: ResultWrongPIN},
		{Staff: "1001", Action: ActionSignIn, Result: ResultOK},
		{Staff: "1001", Action: ActionView, Result: ResultOK},
		{Staff: "1001", Action: ActionRequeue, Result: ResultOK, Detail: "3"},
		{Staff: "1001", Action: ActionTool, Result: ResultOK, Detail: "usb"},
		{Staff: "1001", Action: ActionSignOut, Result: ResultOK},
	}
	got, err := r.trail.Entries()
	if err != nil {
		t.Fatal(err)
	}
	reqs := r.q.Requests()
	if len(got) != len(want) || len(reqs) != len(want) {
		t.Fatalf("%d entries on the kiosk, %d queued; want %d", len(got), len(reqs), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Staff != w.Staff || g.Action != w.Action || g.Result != w.Result || g.Detail != w.Detail || g.At.IsZero() {
			t.Errorf("entry %d = %+v, want %+v", i, g, w)
		}
		if reqs[i].Kind != wire.KindStaffAudit {
			t.Errorf("queued %d: kind %q", i, reqs[i].Kind)
		}
		p, err := wire.DecodePayload(wire.KindStaffAudit, reqs[i].Payload)
		if err != nil {
			t.Fatalf("queued %d: %v", i, err)
		}
		a := p.(*wire.StaffAudit)
		if a.Staff != w.Staff || a.Action != string(w.Action) || a.Result != string(w.Result) || !a.At.Equal(g.At) {
			t.Errorf("queued %d = %+v, want %+v", i, a, w)
		}
	}
	b, _ := os.ReadFile(filepath.Join(r.dir, "staff-audit.jsonl"))
	for _, secret := range []string{residentID, "123456", "000000"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the audit file holds %q", secret)
		}
		for _, q := range reqs {
			if strings.Contains(string(q.Payload), secret) {
				t.Errorf("a queued audit entry holds %q", secret)
			}
		}
	}
}

func TestAuditEntryRefusedByTheOutboxStaysOnTheKiosk(t *testing.T) {
	r := newRig(t)
	full := errors.New("outbox full")
	r.q.Freeze(full)
	r.g.Audit("1001", ActionView, ResultOK, "")
	if len(r.errs) != 1 || !errors.Is(r.errs[0], full) {
		t.Fatalf("errors reported: %v", r.errs)
	}
	if got, _ := r.trail.Entries(); len(got) != 1 {
		t.Fatalf("%d entries on the kiosk", len(got))
	}
}

func TestTrailRotates(t *testing.T) {
	dir := t.TempDir()
	tr := NewTrail(filepath.Join(dir, "a.jsonl"), nil)
	tr.maxBytes = 4096
	line, _ := json.Marshal(Entry{Staff: "1", Action: ActionView, Result: ResultOK})
	n := int(tr.maxBytes)/(len(line)+1) + 10
	for range n {
		if err := tr.Record(Entry{Staff: "1", Action: ActionView, Result: ResultOK}); err != nil {
			t.Fatal(err)
		}
	}
	fi, err := os.Stat(filepath.Join(dir, "a.jsonl.1"))
	if err != nil || fi.Size() > tr.maxBytes {
		t.Fatalf("rotated file: %v, %v", fi, err)
	}
	got, _ := tr.Entries()
	if len(got) == 0 || len(got) > 20 {
		t.Fatalf("%d entries after rotation", len(got))
	}
}
