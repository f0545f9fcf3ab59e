// Package proof is the part of a service that proves the person at a kiosk: who
// they say they are (an ID number read from a card or passport by the document
// reader, or typed on the numeric keypad, checked with the identity rules before
// anything is sent) and that they are that person (their fingerprint, captured
// with guidance a first-time user understands).
//
// It decides what a sensor answer means and what to tell the person; the
// service that uses it (kiosk/activate, …) decides what a match means. The
// pieces:
//
//   - ParseTyped and FromDocument turn keypad input or a read document into an
//     identity.ID, or the rule it broke.
//   - Explain turns any error of a capture into a Problem: the text key that
//     explains it in plain words and whether it used up one of the attempts.
//   - Attempts counts up to MaxAttempts per finger, right index then left index.
//   - Capture is the fingerprint screen: which finger (the Hand picture), "place",
//     "lift", "press a little harder", "try the other index finger", each sensor
//     code explained, and always a way out that is not biometric.
//   - IDForm is the "who are you" screen.
//   - Prover is the whole proof as a sub-flow any service runs first: at a kiosk
//     the fingerprint (IDForm, then Capture, matched live by POST /v1/proof or,
//     offline, kept for a sealed record) or the username, password and a code
//     sent to the number on record; at an ATM the bank card (alone when central
//     answers; with the ID number offline, for the sealed record).
//     It hands the service a Proven: the ID, the method, central's proof token
//     (live calls act for the person with it), and the template or card number
//     for a sealed request. ClassifyLive maps central's answers to the errors
//     the prover acts on.
//   - First opens a service with a Prover (the national address, dependents,
//     the digital ID): it starts it, hands the person over unless the session
//     ended meanwhile, rebuilds its screens and passes it the readers while it
//     proves, and wipes it with the session.
//   - Session is the skeleton the prover and the services that prove the
//     person (kiosk/activate, kiosk/mobile, kiosk/atm) share: a call behind
//     "please wait" whose late answer is dropped once the session was wiped,
//     the named buttons tests tap, and the screen helpers. Queue, Printer,
//     Defaults, CardProblem, Frame and RefWithQR are their other shared parts.
//   - Spoken guidance (kiosk/shell's "Speech"): Session.Announce says a
//     screen's prompt once per change, Session.Voice makes a field say its
//     label and echo keys (a secret as "one character typed", the person's own
//     digits only after the warning), Capture.Speech, ProblemSpeech and
//     IDForm.ErrorPrompt say the capture and the ID form; the Prover speaks
//     every screen but the bank card's ("speech.proof.…", "speech.prove.…").
//
// # Caveats
//
//   - A template handed to a Check or to OnAccepted belongs to the receiver, who
//     must clear it when done with it; Capture clears every template it drops
//     and Wipe clears the one it still holds.
//   - The Hand picture is never mirrored with the Arabic layout: a right hand is a
//     right hand in every language. It shows both hands from above, as they rest
//     on the sensor (palm down, thumbs towards each other).
//   - A Proven belongs to the service, which calls Wipe when done: it holds the
//     template or the card number. The prover keeps the password only until
//     the code is confirmed, and Wipe forgets everything typed.
//   - The prover does not listen to devices: the service forwards the card
//     reader's CardInserted and the document reader's FillFromDocument to it.
//   - Attempts count bad reads and non-matches alike; the lockout after
//     wire.FingerprintMaxFails failed matches for one ID is the service's and
//     central's, and comes first when both apply. OpenLockout keeps it in a
//     file across restarts, each ID as an HMAC under a random key kept beside
//     it (0600): the digits are never on disk, but whoever takes the whole disk
//     has the key too and could test every possible ID against the at most 256
//     entries of the last quarter-hour or so, learning only that such an ID
//     failed a fingerprint match here lately.
package proof
