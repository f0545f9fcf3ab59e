package boltstore

import (
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Compact rewrites the closed bbolt file at path with only its live pages, and
// replaces it atomically. bbolt writes a changed page anew and frees the old one
// without clearing it, so overwritten or deleted values stay readable in free
// pages until reused; after Compact they are gone from the file. The vault calls
// for it after encrypting a database that held its keys in clear.
func Compact(path string) error {
	src, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: 0})
	if err != nil {
		return fmt.Errorf("boltstore: compact: open %s: %w", path, err)
	}
	defer src.Close()
	tmp := path + ".compact"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, nil)
	if err != nil {
		return fmt.Errorf("boltstore: compact: %w", err)
	}
	if err := bolt.Compact(dst, src, 64<<20); err != nil {
		dst.Close()
		os.Remove(tmp)
		return fmt.Errorf("boltstore: compact: %w", err)
	}
	// Close syncs the new file; the rename then makes it the database, and the
	// directory's sync makes the rename survive a power cut.
	if err := dst.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("boltstore: compact: %w", err)
	}
	src.Close()
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("boltstore: compact: %w", err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
