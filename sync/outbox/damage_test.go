package outbox

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// fillStore makes an outbox file with n records and returns its path.
func fillStore(t *testing.T, opts Options, n int) (string, []Record) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "outbox.db")
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	var recs []Record
	for range n {
		recs = append(recs, mustEnqueue(t, s, "registration", strings.Repeat("synthetic ", 200)))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, recs
}

func TestOpenDamagedFile(t *testing.T) {
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	page := os.Getpagesize()
	tests := []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"when the file is not a database", func(t *testing.T, path string) {
			write(t, path, bytes.Repeat([]byte("not a database "), 2000))
		}},
		{"when the file is cut short", func(t *testing.T, path string) {
			b := read(t, path)
			write(t, path, b[:page+100])
		}},
		{"when both meta pages are zeroed", func(t *testing.T, path string) {
			b := read(t, path)
			clear(b[:2*page])
			write(t, path, b)
		}},
		{"when a data page is overwritten", func(t *testing.T, path string) {
			b := read(t, path)
			for i := 2 * page; i < len(b); i += page {
				copy(b[i:], bytes.Repeat([]byte{0xA5}, 64)) // page headers: ids, flags, counts
			}
			write(t, path, b)
		}},
		{"when it is a bbolt file of something else", func(t *testing.T, path string) {
			os.Remove(path)
			db, err := openForeign(path)
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name+", Open is ErrCorrupt and OpenOrDegrade keeps it aside", func(t *testing.T) {
			path, _ := fillStore(t, opts, 20)
			tt.damage(t, path)
			damaged := read(t, path)

			// A copy for the strict Open: after a bbolt panic its lock lingers in this
			// process (see Caveats), so OpenOrDegrade gets the original.
			strict := filepath.Join(t.TempDir(), "copy.db")
			write(t, strict, damaged)
			if s, err := Open(strict, opts); !errors.Is(err, ErrCorrupt) {
				if s != nil {
					s.Close()
				}
				t.Fatalf("Open = %v, want ErrCorrupt", err)
			}
			if !bytes.Equal(read(t, strict), damaged) {
				t.Fatal("Open changed the damaged file")
			}

			s := OpenOrDegrade(path, opts)
			defer s.Close()
			assertDegraded(t, s)
			aside, _ := filepath.Glob(path + ".corrupt-*")
			if len(aside) != 1 || !bytes.Equal(read(t, aside[0]), damaged) {
				t.Fatalf("damaged file not kept aside intact: %v (%v)", aside, s.Degraded())
			}
			if !strings.Contains(s.Degraded().Error(), aside[0]) {
				t.Fatalf("Degraded() = %v does not name %s", s.Degraded(), aside[0])
			}

			// A restart must not quietly begin an empty queue while the damaged copy,
			// with its undelivered requests, is still there.
			again := OpenOrDegrade(path, opts)
			assertDegraded(t, again)
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Fatalf("a new outbox was created beside the damaged one: %v", err)
			}

			// Once staff have recovered and removed it, the kiosk starts fresh.
			os.Rename(aside[0], filepath.Join(t.TempDir(), "recovered.db"))
			fresh := OpenOrDegrade(path, opts)
			defer fresh.Close()
			if fresh.Degraded() != nil {
				t.Fatalf("after recovery still degraded: %v", fresh.Degraded())
			}
			mustEnqueue(t, fresh, "registration", "synthetic")
		})
	}
}

func TestOpenUnwritableDegrades(t *testing.T) {
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "outbox.db") // the directory does not exist
	s := OpenOrDegrade(path, opts)
	assertDegraded(t, s)
	if !errors.Is(s.Degraded(), syscall.ENOENT) {
		t.Fatalf("Degraded() = %v, want the cause ENOENT", s.Degraded())
	}
}

func assertDegraded(t *testing.T, s *Store) {
	t.Helper()
	var fe *FreezeError
	if err := s.Frozen(); !errors.As(err, &fe) || fe.Reason != FreezeDegraded {
		t.Fatalf("Frozen = %v, want degraded", err)
	}
	if _, err := s.Enqueue(Request{Kind: "registration", Payload: []byte("synthetic")}); !errors.Is(err, ErrDegraded) {
		t.Fatalf("Enqueue = %v, want ErrDegraded", err)
	}
	if _, err := s.Lease(10, 1); !errors.Is(err, ErrDegraded) {
		t.Fatalf("Lease = %v, want ErrDegraded", err)
	}
	if _, err := s.Stats(); !errors.Is(err, ErrDegraded) {
		t.Fatalf("Stats = %v, want ErrDegraded", err)
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
