// Package activate is account activation at a kiosk: the person says who they
// are (kiosk/proof's ID form: the document reader or the numeric keypad), central
// says whether there is an account to activate, and their fingerprint proves them
// (kiosk/proof's capture, matched live at central).
//
// Online, central's /v1/id/lookup answer decides the next screen: not in the
// register, no account yet, already active, no fingerprint on record (each
// explained with what to do next), or the masked name to confirm. The finger is
// matched live (/v1/fingerprint/match); a match queues a sealed Activation record
// with the template, which central applies when it arrives (seconds later while
// online) and confirms by SMS to the registered mobile.
//
// Offline (or when central stops answering mid-way) the finger's template is
// queued sealed in the outbox without a live check; central matches it when the
// record arrives and activates the account only on a match. The person is told
// exactly that, and gets a receipt with the reference and its QR code.
//
// After wire.FingerprintMaxFails failed matches for one ID the kiosk refuses
// further tries for that ID for wire.FingerprintLockout (central refuses them
// too), and says why.
//
// # Caveats
//
//   - The kiosk's count of failed matches is cmd/kiosk's proof.OpenLockout
//     file, so a restart keeps it; with Deps.Lockout nil it lives in memory and
//     a restart forgets it (central's count still holds).
//   - Offline, the person is not told at the kiosk whether the finger matched;
//     a non-matching offline request is declined at central with no SMS (central
//     sends none for a decline), so the receipt says to keep the reference.
//   - Wherever a fingerprint is asked, "I cannot give a fingerprint" leads to the
//     ways that need none (a service centre, the bank), with the reason printed.
package activate
