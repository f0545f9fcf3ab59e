// Package mobile is the change of the registered mobile number at a kiosk, in
// both cases the sources describe: (a) the person still has the old SIM — the
// ID number, a code to the number on record (central sends it; the kiosk only
// learns its masked form), then a code to the new number; (b) the old SIM is
// lost — the shared proof.Prover proves the person live (the fingerprint at a
// kiosk, the bank card at an ATM) and central's proof token stands for the
// code the lost SIM cannot receive, then the new number.
//
// The new number is typed with its country code (Saudi by default, any ITU code
// accepted) and checked with identity.ParseMobile; central refuses a number
// registered to someone else (/v1/mobile/check), and a code to the new number
// proves it. The change is queued sealed in the outbox (with the verified
// code's challenge, or the proof token) and central applies it when the record
// arrives, seconds later: an SMS to the new number confirms it and one to the
// old number tells of it.
//
// Every screen, field and message speaks when speech mode is on
// ("speech.mobile.…" prompts; see kiosk/shell's package doc); the prover's
// screens are the prover's to say. A code typed is never said, and the ID and
// mobile numbers only after the warning that they are heard aloud.
//
// # Caveats
//
//   - The service needs the network: every step asks central. Offline, or when
//     central stops answering, the person is told so plainly, and nothing is
//     queued.
//   - The lost-SIM prover offers no username and password: their code goes to
//     the number on record (proof.ProverConfig.NoCode). A person whose finger
//     does not prove them is sent to a service centre; the code to the old
//     number is the choice offered before, for whoever still has the SIM.
//   - The template or card number the prover read is wiped as soon as the
//     person is proven: the token alone goes with the change. A token that
//     lapsed (wire.ProofTTL) before the change is queued would have it declined
//     on arrival, so the person is told to start again and nothing is queued.
//   - The kiosk's count of failed matches is shared with the other services
//     only when cmd/kiosk hands every prover the same proof.Lockout.
package mobile
