package vault_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/central/store/vault"
)

func mustKEK(t testing.TB) *vault.LocalKEK {
	t.Helper()
	k, err := vault.ParseKEK(vault.GenerateKEK())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// openVault wraps a fresh store of open in a vault under a fresh KEK.
func openVault(open func(testing.TB) store.Store) func(testing.TB) store.Store {
	return func(t testing.TB) store.Store {
		v, err := vault.Open(context.Background(), open(t), mustKEK(t))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// The vault is a backend like the others: it passes their suite on each of them.
func TestSuite(t *testing.T) {
	for _, b := range storetest.Backends {
		t.Run(b.Name, func(t *testing.T) { storetest.Run(t, openVault(b.Open)) })
	}
}

func put(t *testing.T, s store.Store, b store.Bucket, k, v string) {
	t.Helper()
	if err := s.Update(context.Background(), func(tx store.Tx) error { return tx.Put(b, k, []byte(v)) }); err != nil {
		t.Fatal(err)
	}
}

func get(s store.Store, b store.Bucket, k string) (string, error) {
	var v []byte
	err := s.View(context.Background(), func(tx store.Tx) (err error) { v, err = tx.Get(b, k); return err })
	return string(v), err
}

// rawContains reports whether any raw value of any bucket contains needle.
func rawContains(t *testing.T, s store.Store, needle string) bool {
	t.Helper()
	found := false
	err := s.View(context.Background(), func(tx store.Tx) error {
		for _, b := range store.Buckets {
			if err := tx.Scan(b, "", 0, func(_ string, v []byte) error {
				found = found || bytes.Contains(v, []byte(needle))
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func TestVault(t *testing.T) {
	ctx := context.Background()
	for _, b := range storetest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			t.Run("a database with clear values is encrypted on first open, and reads the same", func(t *testing.T) {
				raw := b.Open(t)
				put(t, raw, store.Meta, "ca_key", "-----BEGIN PRIVATE KEY----- secret-ca")
				for i := range 1200 { // more than one migration batch
					put(t, raw, store.People, "p"+string(rune('a'+i%26))+string(rune('a'+i/26)), "template-xyz")
				}
				kek := mustKEK(t)
				v, err := vault.Open(ctx, raw, kek)
				if err != nil {
					t.Fatal(err)
				}
				if rawContains(t, raw, "secret-ca") || rawContains(t, raw, "template-xyz") {
					t.Error("a clear value survived the migration")
				}
				if got, err := get(v, store.Meta, "ca_key"); err != nil || got != "-----BEGIN PRIVATE KEY----- secret-ca" {
					t.Errorf("ca_key through the vault = %q, %v", got, err)
				}
				if got, err := get(v, store.People, "pzz"); err != nil && !errors.Is(err, store.ErrNotFound) || got != "" && got != "template-xyz" {
					t.Errorf("person through the vault = %q, %v", got, err)
				}
				// Opening again (a restart) keeps the data key and migrates nothing twice.
				v2, err := vault.Open(ctx, raw, kek)
				if err != nil {
					t.Fatal(err)
				}
				if got, err := get(v2, store.Meta, "ca_key"); err != nil || got != "-----BEGIN PRIVATE KEY----- secret-ca" {
					t.Errorf("after reopening: %q, %v", got, err)
				}
			})
			t.Run("another KEK does not open the database", func(t *testing.T) {
				raw := b.Open(t)
				if _, err := vault.Open(ctx, raw, mustKEK(t)); err != nil {
					t.Fatal(err)
				}
				if _, err := vault.Open(ctx, raw, mustKEK(t)); !errors.Is(err, vault.ErrWrongKEK) {
					t.Errorf("Open with another KEK: %v, want ErrWrongKEK", err)
				}
			})
			t.Run("after a rewrap the new KEK opens the database and the old one does not", func(t *testing.T) {
				raw := b.Open(t)
				old, next := mustKEK(t), mustKEK(t)
				v, err := vault.Open(ctx, raw, old)
				if err != nil {
					t.Fatal(err)
				}
				put(t, v, store.Accounts, "1000000001", "account")
				if err := vault.Rewrap(ctx, raw, mustKEK(t), next); !errors.Is(err, vault.ErrWrongKEK) {
					t.Errorf("Rewrap with a wrong old KEK: %v", err)
				}
				if err := vault.Rewrap(ctx, raw, old, next); err != nil {
					t.Fatal(err)
				}
				if _, err := vault.Open(ctx, raw, old); !errors.Is(err, vault.ErrWrongKEK) {
					t.Errorf("the old KEK after the rewrap: %v", err)
				}
				v2, err := vault.Open(ctx, raw, next)
				if err != nil {
					t.Fatal(err)
				}
				if got, err := get(v2, store.Accounts, "1000000001"); err != nil || got != "account" {
					t.Errorf("through the new KEK: %q, %v", got, err)
				}
			})
			t.Run("an encrypted database is refused without a KEK, a clear one is not", func(t *testing.T) {
				raw := b.Open(t)
				if err := vault.CheckClear(ctx, raw); err != nil {
					t.Errorf("CheckClear on a new store: %v", err)
				}
				if _, err := vault.Open(ctx, raw, mustKEK(t)); err != nil {
					t.Fatal(err)
				}
				if err := vault.CheckClear(ctx, raw); !errors.Is(err, vault.ErrSealed) {
					t.Errorf("CheckClear after Open: %v, want ErrSealed", err)
				}
			})
			t.Run("a value moved to another key, or written clear behind the vault, is refused", func(t *testing.T) {
				raw := b.Open(t)
				v, err := vault.Open(ctx, raw, mustKEK(t))
				if err != nil {
					t.Fatal(err)
				}
				put(t, v, store.Meta, "card_token_key", "k1")
				var sealed []byte
				raw.View(ctx, func(tx store.Tx) (err error) { sealed, err = tx.Get(store.Meta, "card_token_key"); return err })
				put(t, raw, store.Meta, "ca_key", string(sealed))
				if _, err := get(v, store.Meta, "ca_key"); !errors.Is(err, vault.ErrDamaged) {
					t.Errorf("moved value: %v, want ErrDamaged", err)
				}
				put(t, raw, store.Meta, "planted", "clear")
				if _, err := get(v, store.Meta, "planted"); !errors.Is(err, vault.ErrClearValue) {
					t.Errorf("clear value: %v, want ErrClearValue", err)
				}
			})
			t.Run("the wrapped data key is neither visible nor writable through the vault", func(t *testing.T) {
				v, err := vault.Open(ctx, b.Open(t), mustKEK(t))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := get(v, store.Meta, vault.DEKName); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("Get(DEK) = %v", err)
				}
				if err := v.Update(ctx, func(tx store.Tx) error { return tx.Put(store.Meta, vault.DEKName, nil) }); err == nil {
					t.Error("Put(DEK) succeeded")
				}
				n := 0
				v.View(ctx, func(tx store.Tx) error {
					return tx.Scan(store.Meta, "", 0, func(string, []byte) error { n++; return nil })
				})
				if n != 0 {
					t.Errorf("Scan(Meta) saw %d values in a new vault", n)
				}
			})
		})
	}
}

func TestKEKSources(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "kek")
	if err := os.WriteFile(good, vault.GenerateKEK(), 0o600); err != nil {
		t.Fatal(err)
	}
	loose := filepath.Join(dir, "loose")
	if err := os.WriteFile(loose, vault.GenerateKEK(), 0o644); err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(dir, "short")
	if err := os.WriteFile(short, []byte("abcd\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	creds := t.TempDir()
	if err := os.WriteFile(filepath.Join(creds, vault.CredentialName), vault.GenerateKEK(), 0o400); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		file    string
		creds   string
		env     string
		source  string
		wantErr error
	}{
		{"a 0600 file is used", good, "", "", "file " + good, nil},
		{"a file others may read is refused", loose, "", "", "", vault.ErrKEKPermissions},
		{"a file that is not 64 hex digits is refused", short, "", "", "", vault.ErrBadKEK},
		{"a named file comes before the credential and the environment", good, creds, string(vault.GenerateKEK()), "file " + good, nil},
		{"the systemd credential comes before the environment", "", creds, string(vault.GenerateKEK()), "systemd credential", nil},
		{"the environment variable is the last resort", "", "", string(vault.GenerateKEK()), "environment", nil},
		{"a malformed environment variable is refused, not ignored", "", "", "not-a-key", "", vault.ErrBadKEK},
		{"nothing configured is ErrNoKEK", "", "", "", "", vault.ErrNoKEK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CREDENTIALS_DIRECTORY", tt.creds)
			if tt.env != "" {
				t.Setenv(vault.EnvKEK, tt.env)
			} else {
				t.Setenv(vault.EnvKEK, "")
				os.Unsetenv(vault.EnvKEK)
			}
			k, src, err := vault.FromEnvironment(tt.file)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && (k == nil || src != tt.source) {
				t.Errorf("source = %q, want %q", src, tt.source)
			}
		})
	}
}

func FuzzParseKEK(f *testing.F) {
	f.Add(vault.GenerateKEK())
	f.Add([]byte("  00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\r\n"))
	f.Add([]byte("zz"))
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := vault.ParseKEK(b)
		if err != nil {
			if k != nil || !errors.Is(err, vault.ErrBadKEK) {
				t.Fatalf("ParseKEK = %v, %v", k, err)
			}
			return
		}
		w, _ := k.Wrap("n", []byte("key"))
		if got, err := k.Unwrap("n", w); err != nil || string(got) != "key" {
			t.Fatalf("round trip: %q, %v", got, err)
		}
	})
}

// FuzzStoredValue plants arbitrary bytes behind the vault: reading them is an
// error (clear or damaged), never a panic and never a value.
func FuzzStoredValue(f *testing.F) {
	raw := storetest.MustOpenBolt(f)
	v, err := vault.Open(context.Background(), raw, mustKEK(f))
	if err != nil {
		f.Fatal(err)
	}
	ctx := context.Background()
	v.Update(ctx, func(tx store.Tx) error { return tx.Put(store.Meta, "seed", []byte("a value")) })
	raw.View(ctx, func(tx store.Tx) error {
		b, err := tx.Get(store.Meta, "seed")
		if err == nil {
			f.Add(b)
		}
		return nil
	})
	f.Add([]byte("\x00bwv1"))
	f.Add([]byte("{\"json\":1}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := raw.Update(ctx, func(tx store.Tx) error { return tx.Put(store.Meta, "planted", b) }); err != nil {
			t.Fatal(err)
		}
		got, err := get(v, store.Meta, "planted")
		if err == nil {
			t.Fatalf("planted bytes read as %q", got)
		}
		if !errors.Is(err, vault.ErrClearValue) && !errors.Is(err, vault.ErrDamaged) {
			t.Fatalf("err = %v", err)
		}
	})
}
