package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bawaba/bawaba/identity/staffpin"
	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/centraltest"
)

// `central staff add|list|remove`, on the store directly and through a running
// server's admin socket: the PIN read from standard input is stored only hashed,
// and never printed.
func TestStaffCommand(t *testing.T) {
	const pin = "482613"
	h := centraltest.Start(t, centraltest.Options{})
	ts := httptest.NewServer(central.AdminHandler(h.Server.Admin()))
	defer ts.Close()
	sock := &socket{c: &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "tcp", ts.Listener.Addr().String())
		}}}}
	for name, ops := range map[string]adminOps{"direct": direct{h.Admin}, "socket": sock} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			var out bytes.Buffer
			if err := staffCmd(ctx, ops, "add", "1001", "Huda", strings.NewReader(pin+"\n"), &out); err != nil {
				t.Fatal(err)
			}
			out.Reset()
			if err := staffCmd(ctx, ops, "list", "", "", nil, &out); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "1001") || !strings.Contains(out.String(), "Huda") || strings.Contains(out.String(), pin) {
				t.Fatalf("list:\n%s", out.String())
			}
			list, err := h.Admin.Staff(ctx)
			if err != nil || len(list) != 1 {
				t.Fatalf("stored: %+v %v", list, err)
			}
			if hash, err := staffpin.ParseHash(list[0].PINHash); err != nil || !hash.Verify(pin) || strings.Contains(list[0].PINHash, pin) {
				t.Fatalf("stored hash %q does not verify the PIN (%v)", list[0].PINHash, err)
			}
			for _, bad := range []struct {
				name, sub, id, staffName, stdin string
				want                            error
			}{
				{"when the PIN is too short", "add", "1002", "Saad", "12345\n", staffpin.ErrWeakPIN},
				{"when the ID is not digits", "add", "10x2", "Saad", pin + "\n", central.ErrBadStaff},
				{"when the account to remove is unknown", "remove", "9999", "", "", nil},
			} {
				err := staffCmd(ctx, ops, bad.sub, bad.id, bad.staffName, strings.NewReader(bad.stdin), &out)
				if err == nil || bad.want != nil && !errors.Is(err, bad.want) {
					t.Errorf("%s: %v, want %v", bad.name, err, bad.want)
				}
			}
			if err := staffCmd(ctx, ops, "remove", "1001", "", nil, &out); err != nil {
				t.Fatal(err)
			}
			if list, _ := h.Admin.Staff(ctx); len(list) != 0 {
				t.Fatalf("after remove: %+v", list)
			}
		})
	}
}
