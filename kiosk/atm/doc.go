// Package atm is account activation at a bank ATM (mode "atm"): the bank card is
// the proof of the person, as a bank would offer it; no fingerprint is taken.
//
// The person inserts their card (devices/cardreader through the device manager's
// CardInserted events, or already read on the shell's ATM home), confirms, and
// the activation is queued sealed in the outbox with the card alone: no ID
// number is typed. The PAN exists only inside the sealed payload
// (magstripe.Card.Activation), central turns it into its keyed token and
// activates the account of the person the reference back office links that
// token to. Online, the flow waits a few seconds for central's decision and
// says it ("activated", "already active: nothing changed", "this card is not
// linked to a person", "there is no account to activate"); otherwise it says
// truthfully that central decides when the request arrives. Every ending asks
// the person to take their card, and the shell's ATM mode ends the session
// with it.
//
// # Caveats
//
//   - Only the masked number (first 6, last 4) is ever shown; the PAN is never
//     logged, shown or stored unsealed. The flow holds the card value in memory
//     until the session ends or is wiped.
//   - The change of mobile number at an ATM is kiosk/mobile with Deps.CardProof:
//     the bank card stands for a lost SIM there.
//   - In ATM mode the shell's own attract and home screens ask for the card
//     first (kiosk/shell, "ATM mode"): a card read there reaches this flow
//     already read (WantsCard), so the person inserts it once.
//   - Nothing about the account is known before central decides: the card
//     alone names the person, and there is no lookup by card before the
//     request is queued.
//   - Every screen speaks with speech mode on (speech.go; speech.atm.* in
//     atm.{ar,en}.json): never the ID number or the card number, the
//     reference spelled.
package atm
