// Package engine delivers the kiosk's outbox to the central service in the
// background: it leases batches from a Queue, sends them through a Sender, marks each
// record delivered or parked as "needs attention", and publishes its state to the UI
// and staff screens.
//
// Failures are classified the way the protocol (sync/wire) defines them: transport
// errors and 5xx answers are transient and retried with exponential backoff and full
// jitter; 4xx answers are permanent for the request and end in MarkRejected, never in
// a retry loop. A record that central cannot take although it takes others (it
// answers 500 or hangs on it every time) must not hold back the queue: failures
// that may be a record's fault are counted in the outbox per record; after
// Options.IsolateAfter of them the record travels alone, set aside between
// attempts while the records behind it go on, and after Options.ParkAfter solo
// failures it is parked as "needs attention" with the failure's class, never
// dropped. Records leased by a kiosk that died come back by lease expiry, so a
// restart resumes where the last run stopped; the central service deduplicates by
// record ID, so a batch sent twice is delivered once.
//
// # Caveats
//
//   - Records are delivered in the order they were queued: the outbox leases oldest
//     first and the engine keeps one batch in flight, resending a failed batch
//     before any later one. Later requests can depend on earlier ones (an
//     activation on the registration before it), so the engine does not trade this
//     for parallel pushes. What it does overlap with a push is outbox work: while
//     a full batch is in flight it leases the next one, and it marks the previous
//     batch delivered; so a kiosk can hold up to two batches leased at once.
//   - Setting a record aside or parking it lets later records overtake it. Order
//     is kept for everything central takes; a record it cannot take is the
//     exception, and staff see it.
//   - A 503 or 429 answer (central busy or throttling) and failures while the probe
//     says offline count against no record: they retry forever, in order, as an
//     outage should. A failure is blamed on the records of a push only when central
//     is reachable; the isolated-record state (solo failures) lives in memory, so
//     after a restart a record needs ParkAfter fresh solo failures to be parked.
//   - One Engine per Queue. Two engines leasing from the same outbox would not lose
//     or duplicate records (the central service deduplicates), but would each back
//     off separately and halve each other's batch sizes.
//   - A 401 or 403 answer (kiosk unknown or revoked) parks nothing: the records are
//     not at fault, the kiosk is. The engine keeps them queued, reports
//     Status.Unauthorized and retries at the backoff cap until the kiosk is enrolled
//     again.
//   - Error strings kept in the outbox and in Status come from transport and HTTP
//     errors and carry record IDs at most, never payloads.
package engine
