// Package wizard is the registration flow's Fyne screens: one screen per step of
// kiosk/register's Wizard, with the shell's step indicator, on-screen keyboards,
// bidi labels and mirrored layouts. It decides nothing itself: every tap goes to the
// Wizard and the screen is redrawn from its state, so what is tested there holds
// here.
//
// cmd/kiosk wires it as a shell.Flow:
//
//	reg := wizard.New(wizard.Options{
//		Deps: register.Deps{Queue: store, Printer: prn, Terms: terms,
//			Live: live, Online: engine.Online, KioskID: id},
//		ReceiptWidth: 576,
//	})
//	ui := shell.New(window, shell.Options{Flows: []shell.Flow{reg}})
//	// when the document reader reads a card while registration is open:
//	fyne.Do(func() { reg.FillFromDocument(doc) })
//
// # Caveats
//
//   - Calls that reach the central service, the outbox or the printer run off the
//     Fyne goroutine (Options.Go) and come back with fyne.Do; a "please wait" screen
//     covers the gap.
//   - With the shell's speech mode on, every step says its purpose and next
//     action, each field its label on focus, each error and the result
//     (speech.go), and the visual code gets "listen to the code". The keys
//     are said by the shell's keyboard; the password, confirmation and SMS
//     code fields are secret, so their keys say only "one character typed". Countries
//     and months are said by their spoken forms (with diacritics), and so are
//     the terms while central sends the catalogue's own; terms central has
//     changed are read as written (no diacritics: espeak-ng reads them poorly).
//   - With the letter keyboard up, a 1280×800 screen leaves room for one or two
//     fields under the step indicator (shrunk to its caption line): the field
//     being typed in is scrolled, as little as needed, until it shows whole with
//     its label and error line; the keyboard's "next field" key reaches the other
//     fields of the step. The rest of the step (the lower lines of the password
//     checklist) shows when the keyboard is closed.
package wizard
