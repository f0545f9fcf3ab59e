// Package renew keeps the on-screen digital ID valid while it is shown: Keeper
// ticks every second (the countdown), fetches a new credential RenewBefore the
// current one expires, retries while that fails, and reports a Status the card
// screen (kiosk/myid) draws. It has no UI import, so its timing is tested with
// testing/synctest and under the race detector.
//
// # Caveats
//
//   - A Status carries the credential (personal data): the receiver keeps it
//     only as long as it is shown and never logs it.
//   - An expired credential is never handed on as drawable: Status.ID.QR is
//     emptied once it has expired, and Status.Expired says so.
//   - Stop does not wait for the goroutine (Done does); statuses already posted
//     may still arrive and the receiver must drop those of a stopped Keeper.
//   - Fetch errors are classified by Classify: ErrRefused and ErrNoAccount stop
//     the renewals for good (Status.Ended); anything else is retried.
package renew
