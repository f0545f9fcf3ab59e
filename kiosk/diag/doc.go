// Package diag is the staff screen's "connection and sending" tool: it checks
// that the central service answers (and how fast), shows the outbox's records
// per state with the age of the oldest waiting one, and sends the waiting
// records at once with a progress bar. The checks are the sync engine's and the
// outbox's own; this package is the screen, and it reports each action to the
// staff audit trail.
//
// # Caveats
//
//   - "Send now" wakes the sync engine and watches the outbox empty; it does not
//     send anything itself, so what it shows is what really left. It watches for
//     at most Options.Watch; records still waiting then are sent when the central
//     service takes them, and the screen says so.
//   - The screen shows counts and codes only: records are sealed, and nothing
//     personal is read.
package diag
