package outbox

import (
	"time"

	"github.com/bawaba/bawaba/sync/seal"
)

// Options configure a Store. Every field documents what its zero value means.
type Options struct {
	// KioskID is written into every record. Required: Open fails when it is empty.
	KioskID string
	// Key returns the central service's current sealing key; it is called on every
	// Enqueue and Frozen so that a rotated key is picked up at once. Nil means no key:
	// Enqueue refuses with ErrNoKey.
	Key func() (seal.PublicKey, error)
	// Now is the clock. Nil means time.Now.
	Now func() time.Time
	// MaxRecords bounds the undelivered records held. Zero means 10 000.
	MaxRecords int
	// MaxBytes bounds the sealed payload bytes of undelivered records. Zero means 256 MiB.
	MaxBytes int64
	// MaxPayload bounds one request's plaintext. Zero means 1 MiB.
	MaxPayload int
	// MaxAge freezes the kiosk when the oldest undelivered record is older. Zero means
	// 14 days; negative means never.
	MaxAge time.Duration
	// Retention is how long delivered records (metadata only) stay for status
	// look-ups before Purge removes them. Zero means 30 days.
	Retention time.Duration
	// LockTimeout bounds the wait for another process's lock on the file. Zero means
	// 5 seconds.
	LockTimeout time.Duration
	// MaxBatch bounds how many concurrent Enqueues share one commit. Zero means 64.
	MaxBatch int
	// SealAhead is how many sealing epochs (HPKE encapsulations, each serving up to
	// seal.DefaultEpochRecords payloads) are kept prepared in the background (see
	// seal.Sealer; more than 2 counts as 2). Zero means 16; negative means none.
	SealAhead int
	// MaxFileBytes bounds the bbolt file; a commit that would grow it further fails
	// with ErrStorage, as a full disk does. Zero means no bound but the disk's.
	MaxFileBytes int
	// MinFreeBytes is the room kept for delivery: Enqueue and Frozen refuse new
	// requests (FreezeQueueFull wrapping ErrDiskFull) while the filesystem's free
	// space plus the free pages inside the outbox's file is below it (see
	// space.go). Zero means 8 MiB; negative means no check.
	MinFreeBytes int64
	// ReserveBytes of disk are allocated past the end of the outbox's data (Linux
	// fallocate, the file's size unchanged), so that leasing, marking and purging
	// can still write when another program has filled the disk. Zero means 1 MiB;
	// negative means none.
	ReserveBytes int64
}

func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxRecords == 0 {
		o.MaxRecords = 10_000
	}
	if o.MaxBytes == 0 {
		o.MaxBytes = 256 << 20
	}
	if o.MaxPayload == 0 {
		o.MaxPayload = 1 << 20
	}
	if o.MaxAge == 0 {
		o.MaxAge = 14 * 24 * time.Hour
	}
	if o.Retention == 0 {
		o.Retention = 30 * 24 * time.Hour
	}
	if o.LockTimeout == 0 {
		o.LockTimeout = 5 * time.Second
	}
	if o.SealAhead == 0 {
		o.SealAhead = 16
	}
	if o.MaxBatch == 0 {
		o.MaxBatch = 64
	}
	if o.MinFreeBytes == 0 {
		o.MinFreeBytes = 8 << 20
	}
	if o.ReserveBytes == 0 {
		o.ReserveBytes = 1 << 20
	}
	return o
}
