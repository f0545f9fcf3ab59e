package outbox

import (
	"errors"
	"fmt"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// A full disk must not stop delivery, the one thing that frees space: Lease,
// MarkDelivered and Purge are writes too, and bbolt needs free pages for every
// write. Two measures keep them possible.
//
// Headroom: Enqueue and Frozen refuse new requests while the space left for the
// outbox — the filesystem's free space plus the free pages inside the outbox's
// file — is below Options.MinFreeBytes. The kiosk stops taking requests while
// there is still room to deliver the ones it holds.
//
// Reserve: disk blocks are allocated (fallocate, without changing the file's
// size) for Options.ReserveBytes past the end of the outbox's data. When bbolt
// has no free page for a delivery write it grows the file into blocks that are
// already the outbox's, even after another program filled the disk. The reserve
// is topped up after each commit of new requests, as far as the disk allows.
//
// Splitting: a batch write rewrites every record it touches, and bbolt cannot
// reuse the pages a transaction frees until it has committed, so a batch may need
// more pages than the free ones and the reserve hold. When Lease, MarkDelivered
// or Failed fails with ErrStorage, it is done again in halves, each committed on
// its own, down to one record, which needs a few pages. Lease then hands out
// fewer records than asked, which a sender takes as it takes a short queue.

// ErrDiskFull is the cause in a *FreezeError (reason FreezeQueueFull) when the
// disk holding the outbox is too full to take new requests and still deliver.
var ErrDiskFull = errors.New("outbox: disk nearly full")

// headroom refuses new requests when too little space is left for the outbox.
func (s *Store) headroom() error {
	if s.opts.MinFreeBytes < 0 {
		return nil
	}
	disk, err := diskFree(filepath.Dir(s.path))
	if err != nil {
		// Unknown free space is no reason to refuse; the commit's own failure
		// (ErrStorage) still stops a write that does not fit.
		return nil
	}
	inFile := int64(s.db.Stats().FreeAlloc)
	if disk+inFile >= s.opts.MinFreeBytes {
		return nil
	}
	return &FreezeError{Reason: FreezeQueueFull, Err: ErrDiskFull,
		Detail: fmt.Sprintf("%d bytes free on disk and %d in the outbox file, %d kept for delivery", disk, inFile, s.opts.MinFreeBytes)}
}

// keepReserve allocates Options.ReserveBytes of disk past the data's end. A disk
// too full for all of it gets what fits, and the next commit tries again.
func (s *Store) keepReserve() {
	if s.opts.ReserveBytes <= 0 {
		return
	}
	s.reserveMu.Lock()
	defer s.reserveMu.Unlock()
	var end int64
	if err := s.db.View(func(tx *bolt.Tx) error { end = tx.Size(); return nil }); err != nil {
		return
	}
	if end == s.reservedFrom {
		return // the data has not grown into the reserve since it was made
	}
	if err := preallocate(s.path, end, s.opts.ReserveBytes); err == nil {
		s.reservedFrom = end
	}
}
