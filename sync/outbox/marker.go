package outbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The marker is a small file beside the outbox, "<path>.marker", that says an outbox
// existed there and how many undelivered records it held when last opened or closed.
// Without it, a vanished or 0-byte outbox.db was taken for a new kiosk and a new,
// empty outbox silently replaced the undelivered requests. It is written atomically
// (write, fsync, rename, fsync of the directory), so it is either the old or the new.
type marker struct {
	Undelivered int       `json:"undelivered"`
	Written     time.Time `json:"written"`
}

func markerPath(path string) string { return path + ".marker" }

// ErrVanished is the cause in the degraded state when the marker says an outbox
// existed but the file is gone or empty.
var ErrVanished = errors.New("outbox: storage file vanished or emptied")

// checkVanished returns ErrVanished when the marker exists and the outbox file is
// missing or empty.
func checkVanished(path string) error {
	b, err := os.ReadFile(markerPath(path))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("outbox: marker: %w", err)
	}
	fi, err := os.Stat(path)
	if err == nil && fi.Size() > 0 {
		return nil
	}
	var m marker
	if json.Unmarshal(b, &m) != nil {
		return fmt.Errorf("%w: %s is missing or empty, and its marker is unreadable", ErrVanished, path)
	}
	return fmt.Errorf("%w: %s is missing or empty; at %s it held %d undelivered records",
		ErrVanished, path, m.Written.UTC().Format(time.RFC3339), m.Undelivered)
}

// writeMarker records that the outbox at path exists and holds n undelivered records.
func writeMarker(path string, n int, now time.Time) error {
	b, err := json.Marshal(marker{Undelivered: n, Written: now.UTC()})
	if err != nil {
		return err
	}
	tmp := markerPath(path) + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("outbox: marker: %w", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, markerPath(path))
	}
	if err == nil {
		var d *os.File
		if d, err = os.Open(filepath.Dir(path)); err == nil {
			err = d.Sync()
			d.Close()
		}
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("outbox: marker: %w", err)
	}
	return nil
}

// undeliveredCount reads the undelivered counter for the marker, also while Close
// runs; -1 if it cannot be read.
func (s *Store) undeliveredCount() int {
	n := -1
	s.db.View(func(tx *bolt.Tx) error {
		n = int(getUint(tx.Bucket(bucketMeta), keyUndelivered))
		return nil
	})
	return n
}
