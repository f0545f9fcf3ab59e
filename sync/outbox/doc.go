// Package outbox is the kiosk's durable, crash-safe queue of completed requests,
// held in one bbolt file until the central service has acknowledged each of them.
//
// A request is sealed to the central service's public key (package seal) before it
// touches the disk, and Enqueue returns only after the record is committed and
// fsync'd: a screen may say "done" once Enqueue has returned nil, never before. The
// record ID is a UUIDv7 and doubles as the idempotency key the central service uses
// to apply a request exactly once; Ref is the short reference printed on the receipt.
//
// A record moves through these states:
//
//	Enqueue ──► queued ──Lease──► in_flight ──MarkDelivered──► delivered ──Purge──► (gone)
//	              ▲  ▲               │  │
//	              │  └────Retry──────┘  └──MarkRejected──► needs_attention
//	              └──────────────────Requeue (staff)───────────────┘
//
// An in_flight record whose lease has run out (the sender crashed or hung) is leased
// again, so a crash at any moment leaves every record re-sendable, never lost.
//
// Attempts counts a record's failed deliveries durably — Failed (a sender that keeps
// the record leased and will resend it), Retry and MarkRejected each add one — so a
// sender can tell a record that fails every time from a bad moment, across
// restarts; Requeue starts it again from zero.
//
// # Caveats
//
//   - Delivery is at-least-once from the kiosk's side; exactly-once comes from the
//     central service de-duplicating by record ID. A record may be sent twice.
//   - MarkDelivered drops the sealed payload at once: only metadata stays, for the
//     receipt and status screens, until Purge removes the record after Retention.
//   - MaxRecords and MaxBytes count undelivered records (queued, in_flight,
//     needs_attention) only; delivered ones hold metadata alone and are bounded by
//     Retention.
//   - Durability across power loss rests on bbolt's fdatasync at each commit. The kill
//     test proves crash safety against SIGKILL, which keeps the page cache; the
//     power-loss test shuts an ext4 image down without flushing (EXT4_IOC_SHUTDOWN)
//     under an enqueueing process, so unsynced writes are lost as at a power cut.
//     It needs root and loop devices, and skips without them.
//   - A full disk must not stop delivery, which is what frees space. New requests
//     are refused (FreezeQueueFull wrapping ErrDiskFull) while less than
//     MinFreeBytes is left on the disk and inside the file; ReserveBytes of disk
//     are preallocated past the data for the writes of delivery; and a Lease,
//     MarkDelivered or Failed batch that cannot commit is split until it can (see
//     space.go). Purge frees pages inside the file, not on the disk: the file
//     does not shrink.
//   - Meta is stored in clear. It must never hold personal data: service names,
//     flags and counts only. So are the counts per kind (Stats.Kinds), which let
//     a count shown to residents leave out the staff audit entries.
//   - Enqueue refuses when the queue is full, the key has expired or is missing, or the
//     store is degraded. It does not refuse because the oldest record is too old:
//     Frozen reports that, and the UI checks it before a person starts a request, so
//     nobody who already filled in a form is turned away at the last step.
//   - Record IDs are ordered by the injected clock; if the clock jumps back across a
//     restart, "oldest first" follows IDs, not wall time.
//   - OpenOrDegrade moves a damaged file aside and stays degraded while any such file
//     is present next to the outbox, so a reboot cannot quietly start an empty queue
//     while undelivered requests sit in the damaged copy. Staff recover and remove it.
//   - Some damage makes bbolt panic inside its Open. The panic is recovered and reported
//     as ErrCorrupt, but bbolt's memory map of that file — and so its lock — lives on
//     until the process exits: opening the same damaged file again in the same process
//     times out. OpenOrDegrade opens it once and moves it aside, so a kiosk never does.
//   - Before bbolt maps the file, its meta pages (magic, version, checksum, page size)
//     and its size against their high-water mark are checked with plain reads: bbolt
//     trusts them, and a file cut short made it read past the end of its map, a SIGBUS
//     that crashes the process before anything can be moved aside. The check assumes
//     a little-endian machine, as bbolt's own layout on the kiosks is.
//   - Each stored record carries a SHA-256 over its key and bytes, checked on every
//     read. A record that fails it, or does not decode, is quarantined: kept raw in
//     its own bucket for staff (Quarantined), never sent, counted in
//     Stats.Quarantined; the rest flows. This catches damage, not forgery. Records
//     written before the check existed are read without it.
//   - A marker file beside the outbox ("<path>.marker", written atomically at Open and
//     Close) says an outbox existed and how many undelivered records it held. When the
//     marker is there but the outbox is missing or empty, OpenOrDegrade degrades with
//     ErrVanished instead of starting an empty queue; staff remove the marker once
//     they have looked. Its count is as of the last Open or Close, not live.
package outbox
