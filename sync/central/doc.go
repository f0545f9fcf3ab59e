// Package central is the reference central service the kiosks sync with: it enrols
// kiosks (its own CA signs their certificates), takes pushed batches of sealed
// records over mutual TLS, opens and applies each to the reference back office in
// the same transaction that stores it, serves the versioned offline configuration,
// and answers the live calls (one-time codes, ID and mobile checks, fingerprint
// match, digital-ID issue). The protocol is in sync/wire and docs/protocol.md.
//
// State lives entirely in a store.Store (bbolt or PostgreSQL), including the CA,
// the sealing and issuer keys and the configuration, so PostgreSQL-backed replicas
// are stateless and interchangeable behind a load balancer. In production that
// store is a store/vault, so all of it is encrypted under a key-encryption key
// kept outside the database (docs/keys.md). Run does the background work: the SMS
// outbox and the purge of sealed payloads past their retention.
//
// # Caveats
//
//   - Logs carry kiosk IDs, record IDs, refs, kinds and counts — never a payload,
//     ID number, name or mobile number.
//   - A push body is read whole (at most wire.MaxBodyBytes) but decoded only up
//     to wire.MaxBatchRecords records of wire.MaxRecordBytes each; at most
//     Options.MaxPushes pushes (Options.MaxPushesPerKiosk per kiosk) are read and
//     worked on at once, so a stolen kiosk's bodies cost a bounded amount of memory.
//   - A push whose request ends early (the kiosk hung up, or shutdown) commits the
//     records already prepared and drops the rest; the retry finds the former as
//     duplicates.
//   - Rate limits (Options.Limits) live in memory, per process: a restart or
//     another replica starts them afresh.
//   - Text messages (the outcome of every applied or declined request, see
//     backoffice.Notice) are queued in the transaction that applies the request
//     and sent after it commits; a record delivered again is a duplicate and
//     queues nothing. A crash in between, or a failing gateway, delays the message
//     until Run sends it; one sent just before a crash goes again under the same
//     idempotency key, which a gateway delivers once (the development file sender
//     has no such key: it writes the message twice). Without Run, a message the
//     push could not send stays queued.
//   - The sealed payload of a stored record is purged by Run after
//     Options.SealedRetention; the record, for duplicates, and its status stay.
package central
