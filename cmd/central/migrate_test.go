package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/boltstore"
	"github.com/bawaba/bawaba/sync/central/store/pgstore"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/central/store/vault"
)

// withoutKEK is the environment minus BAWABA_KEK, which TestMain sets.
func withoutKEK() []string {
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, vault.EnvKEK+"=") {
			env = append(env, e)
		}
	}
	return env
}

// TestClearDatabaseEncryptedOnFirstStart opens a database written with its keys in
// clear (as before the vault) under a KEK: afterwards the file holds no private
// key, not even in free pages, and it no longer opens without the KEK.
func TestClearDatabaseEncryptedOnFirstStart(t *testing.T) {
	bin, err := buildCentral()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "central.db")
	st, err := boltstore.Open(db, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := central.New(context.Background(), central.Options{Store: st}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if b, _ := os.ReadFile(db); !bytes.Contains(b, []byte("PRIVATE KEY")) {
		t.Fatal("the clear database holds no clear CA key: nothing to migrate")
	}
	kek := filepath.Join(dir, "kek")
	if err := os.WriteFile(kek, vault.GenerateKEK(), 0o600); err != nil {
		t.Fatal(err)
	}
	run(t, bin, "kiosks", "-data", dir, "-kek-file", kek)
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, clear := range []string{"PRIVATE KEY", `"private"`, `"seed"`} {
		if bytes.Contains(b, []byte(clear)) {
			t.Errorf("after the migration the file still holds %s", clear)
		}
	}
	cmd := exec.Command(bin, "kiosks", "-data", dir, "-dev-clear-keys")
	cmd.Env = withoutKEK()
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "encrypted") {
		t.Errorf("the encrypted database opened without its KEK: %v\n%s", err, out)
	}
	cmd = exec.Command(bin, "serve", "-data", dir, "-listen", "127.0.0.1:0", "-dev-sms")
	cmd.Env = withoutKEK()
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "no key-encryption key") {
		t.Errorf("serve without a KEK: %v\n%s", err, out)
	}
}

// TestClearPostgresEncryptedOnFirstStart: the same on PostgreSQL, where central
// then runs VACUUM FULL (it fails the start if it cannot); no row holds a private
// key afterwards. Dead row versions are not visible to SQL, so that they are gone
// from the table's files rests on VACUUM FULL, not on this test.
func TestClearPostgresEncryptedOnFirstStart(t *testing.T) {
	bin, err := buildCentral()
	if err != nil {
		t.Fatal(err)
	}
	url, schema := storetest.PostgresURL(t), storetest.NewSchema()
	ctx := context.Background()
	raw, err := pgstore.Open(ctx, url, pgstore.Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { raw.DropSchema(ctx); raw.Close() }()
	if _, err := central.New(ctx, central.Options{Store: raw}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	kek := filepath.Join(dir, "kek")
	if err := os.WriteFile(kek, vault.GenerateKEK(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "kiosks", "-postgres", url, "-pg-schema", schema, "-kek-file", kek).CombinedOutput()
	if err != nil {
		t.Fatalf("first start with a KEK: %v\n%s", err, out)
	}
	var rows [][]byte
	raw.View(ctx, func(tx store.Tx) error {
		for _, b := range store.Buckets {
			tx.Scan(b, "", 0, func(k string, v []byte) error { rows = append(rows, v); return nil })
		}
		return nil
	})
	if all := bytes.Join(rows, nil); len(rows) == 0 || bytes.Contains(all, []byte("PRIVATE KEY")) || bytes.Contains(all, []byte(`"seed"`)) {
		t.Errorf("after the migration %d rows, a private key in clear among them: %v", len(rows), bytes.Contains(all, []byte("PRIVATE KEY")))
	}
}

// TestRotateKEK rewraps the data key under a new KEK: the old one no longer opens
// the database, the new one does, and the keys in it are the same (the CA).
func TestRotateKEK(t *testing.T) {
	bin, err := buildCentral()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	oldKEK, newKEK := filepath.Join(dir, "old"), filepath.Join(dir, "new")
	for _, f := range []string{oldKEK, newKEK} {
		if err := os.WriteFile(f, vault.GenerateKEK(), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A database as `central serve` leaves it under the old KEK.
	st, err := boltstore.Open(filepath.Join(dir, "central.db"), 0)
	if err != nil {
		t.Fatal(err)
	}
	k, err := vault.LoadKEKFile(oldKEK)
	if err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(context.Background(), st, k)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := central.New(context.Background(), central.Options{Store: v}); err != nil {
		t.Fatal(err)
	}
	v.Close()
	ca := run(t, bin, "ca", "-data", dir, "-kek-file", oldKEK)
	run(t, bin, "rotate-kek", "-data", dir, "-kek-file", oldKEK, "-new-kek-file", newKEK)
	if out, err := exec.Command(bin, "kiosks", "-data", dir, "-kek-file", oldKEK).CombinedOutput(); err == nil {
		t.Errorf("the old KEK still opens the database:\n%s", out)
	}
	if got := run(t, bin, "ca", "-data", dir, "-kek-file", newKEK); got != ca || !strings.Contains(ca, "CERTIFICATE") {
		t.Errorf("the CA through the new KEK is %q, want %q", got, ca)
	}
}
