package staff

import (
	"errors"
	"testing"

	"github.com/bawaba/bawaba/sync/wire"
)

// Accounts from central work beside the configuration file's, and one central
// removes stops working as soon as the pulled configuration no longer has it.
func TestGuardWithCentralAccounts(t *testing.T) {
	fileHash, centralHash := cheapHash(t, "111111"), cheapHash(t, "222222")
	file, err := NewDirectory([]Account{{ID: "1001", Name: "Huda", PIN: fileHash}})
	if err != nil {
		t.Fatal(err)
	}
	pulled := []wire.StaffAccount{{ID: "2001", Name: "Saad", PINHash: centralHash.String()},
		{ID: "1001", Name: "Not Huda", PINHash: centralHash.String()}}
	central := func() Directory {
		d, err := CentralDirectory(pulled)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	g := NewGuard(Options{Accounts: file, Central: central})
	steps := []struct {
		name    string
		pulled  []wire.StaffAccount // nil: as before
		id, pin string
		want    error
		wantWho string
	}{
		{name: "when central's staff member signs in", id: "2001", pin: "222222", wantWho: "Saad"},
		{name: "when the configuration file's staff member signs in", id: "1001", pin: "111111", wantWho: "Huda"},
		{name: "when central's PIN is tried on an ID the file also has", id: "1001", pin: "222222", want: ErrWrongPIN},
		{name: "when central removed the account", pulled: []wire.StaffAccount{}, id: "2001", pin: "222222", want: ErrWrongPIN},
		{name: "when the file's account stays after central's went", id: "1001", pin: "111111", wantWho: "Huda"},
	}
	for _, st := range steps {
		if st.pulled != nil {
			pulled = st.pulled
		}
		a, err := g.SignIn(st.id, st.pin)
		if !errors.Is(err, st.want) || (st.want == nil && a.Name != st.wantWho) {
			t.Errorf("%s: SignIn = %+v, %v; want %s, %v", st.name, a, err, st.wantWho, st.want)
		}
	}
}

func TestGuardEnabledByCentralAlone(t *testing.T) {
	var d Directory
	g := NewGuard(Options{Central: func() Directory { return d }})
	if g.Enabled() {
		t.Fatal("enabled with no account anywhere")
	}
	var err error
	d, err = CentralDirectory([]wire.StaffAccount{{ID: "2001", Name: "Saad", PINHash: cheapHash(t, "222222").String()}})
	if err != nil {
		t.Fatal(err)
	}
	if !g.Enabled() {
		t.Fatal("not enabled with an account from central")
	}
}

// A damaged entry is left out; the others still sign in.
func TestCentralDirectoryLeavesOutBadEntries(t *testing.T) {
	good := cheapHash(t, "222222").String()
	d, err := CentralDirectory([]wire.StaffAccount{
		{ID: "2001", Name: "Saad", PINHash: good},
		{ID: "2002", Name: "Mona", PINHash: "$argon2id$v=19$garbage"},
		{ID: "12a", Name: "Bad ID", PINHash: good},
		{ID: "2003", Name: "", PINHash: good},
		{ID: "2001", Name: "Twice", PINHash: good},
	})
	if !errors.Is(err, ErrBadAccount) {
		t.Fatalf("err = %v, want ErrBadAccount", err)
	}
	if a, ok := d.Lookup("2001"); !ok || a.Name != "Saad" || d.Len() != 1 {
		t.Fatalf("directory: %d accounts, 2001 = %+v", d.Len(), a)
	}
}
