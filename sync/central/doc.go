// Package central is the reference central service the kiosks sync with: it enrols
// kiosks (its own CA signs their certificates), takes pushed batches of sealed
// records over mutual TLS, opens and applies each to the reference back office in
// the same transaction that stores it, serves the versioned offline configuration,
// and answers the live calls (one-time codes, ID and mobile checks, fingerprint
// match, digital-ID issue). The protocol is in sync/wire and docs/protocol.md.
//
// State lives entirely in a store.Store (bbolt or PostgreSQL), including the CA,
// the sealing and issuer keys and the configuration, so PostgreSQL-backed replicas
// are stateless and interchangeable behind a load balancer.
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
//     backoffice.Notice) are sent after the transaction commits, once: a record
//     delivered again is a duplicate and sends nothing. A crash in between, or a
//     failing SMS sender, loses that message — never the request, whose status the
//     person can still look up by the reference on their receipt.
package central
