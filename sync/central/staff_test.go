package central_test

import (
	"bytes"
	"context"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/bawaba/bawaba/identity/staffpin"
	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// Staff accounts central keeps reach kiosks with their configuration, as hashes
// only; a removed account is gone from the next pull; the PIN is nowhere.
func TestStaffAccountsReachKiosks(t *testing.T) {
	const pin = "482613"
	h := newHarness(t, boltOpen)
	k := h.Kiosk(t)
	ctx := context.Background()
	pull := func(since int64) (wire.Config, int) {
		t.Helper()
		var cfg wire.Config
		st, e := k.Call(t, "GET", wire.PathConfig+"?since="+strconv.FormatInt(since, 10), nil, &cfg)
		if st != 200 && st != 304 {
			t.Fatalf("config: %d %+v", st, e)
		}
		return cfg, st
	}
	before, _ := pull(-1)
	if len(before.Staff) != 0 {
		t.Fatalf("a new central hands out staff: %+v", before.Staff)
	}
	hash, err := staffpin.HashPIN(pin)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Admin.AddStaff(ctx, "1001", "Huda Al-Harbi", hash.String()); err != nil {
		t.Fatal(err)
	}
	after, st := pull(before.Version)
	if st != 200 || after.Version <= before.Version || len(after.Staff) != 1 {
		t.Fatalf("after add: %d, version %d → %d, staff %+v", st, before.Version, after.Version, after.Staff)
	}
	got := after.Staff[0]
	h2, err := staffpin.ParseHash(got.PINHash)
	if err != nil || got.ID != "1001" || got.Name != "Huda Al-Harbi" || !h2.Verify(pin) || h2.Verify("482614") {
		t.Fatalf("pulled account %+v (%v)", got, err)
	}
	// The PIN is in neither the configuration nor the database (below the vault).
	var raw bytes.Buffer
	h.Raw.View(ctx, func(tx store.Tx) error {
		return tx.Scan(store.Staff, "", 0, func(k string, v []byte) error { raw.WriteString(k); raw.Write(v); return nil })
	})
	if strings.Contains(raw.String(), pin) || strings.Contains(raw.String(), "Huda") {
		t.Fatal("the staff account is stored in clear")
	}
	list, err := h.Admin.Staff(ctx)
	if err != nil || len(list) != 1 || list[0].ID != "1001" || list[0].Added.IsZero() {
		t.Fatalf("list: %+v %v", list, err)
	}
	if err := h.Admin.RemoveStaff(ctx, "1001"); err != nil {
		t.Fatal(err)
	}
	gone, st := pull(after.Version)
	if st != 200 || gone.Version <= after.Version || len(gone.Staff) != 0 {
		t.Fatalf("after remove: %d, version %d, staff %+v", st, gone.Version, gone.Staff)
	}
	if err := h.Admin.RemoveStaff(ctx, "1001"); !errors.Is(err, central.ErrNoStaff) {
		t.Fatalf("removing it again: %v, want ErrNoStaff", err)
	}
}

func TestAddStaffRefuses(t *testing.T) {
	h := newHarness(t, boltOpen)
	good, _ := staffpin.HashPIN("482613")
	salt := []byte("sixteen byte sal")
	k, _ := pbkdf2.Key(sha256.New, "4826", salt, 200_000, 32)
	legacy := "pbkdf2-sha256$200000$" + base64.RawStdEncoding.EncodeToString(salt) + "$" + base64.RawStdEncoding.EncodeToString(k)
	for _, tc := range []struct{ name, id, staffName, hash string }{
		{"when the ID is not digits", "10a1", "Huda", good.String()},
		{"when the ID is too long", "1234567890123", "Huda", good.String()},
		{"when the name is blank", "1001", "  ", good.String()},
		{"when the hash is the PIN itself", "1001", "Huda", "482613"},
		{"when the hash is of the older PBKDF2 form", "1001", "Huda", legacy},
	} {
		if err := h.Admin.AddStaff(context.Background(), tc.id, tc.staffName, tc.hash); !errors.Is(err, central.ErrBadStaff) {
			t.Errorf("%s: %v, want ErrBadStaff", tc.name, err)
		}
	}
	if list, _ := h.Admin.Staff(context.Background()); len(list) != 0 {
		t.Fatalf("refused accounts stored: %+v", list)
	}
}

// The admin socket takes the hash `central staff add` made, and says which
// request it refuses.
func TestStaffThroughAdminSocket(t *testing.T) {
	h := newHarness(t, boltOpen)
	ts := httptest.NewServer(central.AdminHandler(h.Server.Admin()))
	defer ts.Close()
	good, _ := staffpin.HashPIN("482613")
	post := func(body string) int {
		resp, err := ts.Client().Post(ts.URL+"/staff", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := post(`{"id":"1001","name":"Huda","pin_hash":"` + good.String() + `"}`); st != 200 {
		t.Fatalf("add: %d", st)
	}
	if st := post(`{"id":"1002","name":"Saad","pin_hash":"482613"}`); st != 400 {
		t.Fatalf("a PIN for a hash: %d, want 400", st)
	}
	resp, err := ts.Client().Post(ts.URL+"/staff-remove?id=9999", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("removing an unknown ID: %d, want 400", resp.StatusCode)
	}
}
