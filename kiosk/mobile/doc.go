// Package mobile is the change of the registered mobile number at a kiosk, in
// both cases the sources describe: (a) the person still has the old SIM — a code
// to the number on record (central sends it; the kiosk only learns its masked
// form), then a code to the new number; (b) the old SIM is lost — the person's
// fingerprint, matched live at central (kiosk/proof), then the new number.
//
// The new number is typed with its country code (Saudi by default, any ITU code
// accepted) and checked with identity.ParseMobile; central refuses a number
// registered to someone else (/v1/mobile/check), and a code to the new number
// proves it. The change is queued sealed in the outbox (the template inside the
// sealed payload only) and central applies it when the record arrives, seconds
// later: an SMS to the new number confirms it and one to the old number tells of
// it.
//
// # Caveats
//
//   - The service needs the network: every step asks central. Offline, or when
//     central stops answering, the person is told so plainly, and nothing is
//     queued.
//   - Wherever a fingerprint is asked, the way that needs none is offered: the
//     code to the old number, or a service centre with the reason printed.
//   - The kiosk's count of failed matches is shared with the activation flow
//     only when cmd/kiosk hands both the same proof.Lockout.
package mobile
