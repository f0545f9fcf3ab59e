package outbox

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVanishedOutboxNoticed removes or empties an outbox that held undelivered
// records. Before the marker, the kiosk started on a new empty outbox and the 300
// requests were silently gone; now it is degraded, says why, and creates nothing.
func TestVanishedOutboxNoticed(t *testing.T) {
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	tests := []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"when the file is deleted", func(t *testing.T, path string) { os.Remove(path) }},
		{"when the file is emptied", func(t *testing.T, path string) { write(t, path, nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, _ := fillStore(t, opts, 300)
			tt.damage(t, path)
			for start := range 2 {
				s := OpenOrDegrade(path, opts)
				assertDegraded(t, s)
				if !errors.Is(s.Degraded(), ErrVanished) || !strings.Contains(s.Degraded().Error(), "300 undelivered") {
					t.Fatalf("start %d: Degraded() = %v, want ErrVanished naming 300 records", start, s.Degraded())
				}
				if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
					t.Fatalf("start %d: a new outbox was created in place of the vanished one", start)
				}
			}
			// Staff have looked and remove the marker: the kiosk starts afresh.
			os.Remove(path)
			if err := os.Remove(markerPath(path)); err != nil {
				t.Fatal(err)
			}
			fresh := OpenOrDegrade(path, opts)
			defer fresh.Close()
			if fresh.Degraded() != nil {
				t.Fatalf("after staff removed the marker: %v", fresh.Degraded())
			}
		})
	}
}

// TestMarkerTracksOutbox checks the marker a new outbox writes and updates on Close.
func TestMarkerTracksOutbox(t *testing.T) {
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	path := filepath.Join(t.TempDir(), "outbox.db")
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkVanished(path); err != nil {
		t.Fatal(err)
	}
	for range 7 {
		mustEnqueue(t, s, "registration", "synthetic")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	os.Remove(path)
	if err := checkVanished(path); !errors.Is(err, ErrVanished) || !strings.Contains(err.Error(), "7 undelivered") {
		t.Fatalf("checkVanished = %v, want 7 undelivered", err)
	}
	if _, err := os.Stat(markerPath(path) + ".tmp"); !os.IsNotExist(err) {
		t.Fatalf("temporary marker left behind: %v", err)
	}
}
