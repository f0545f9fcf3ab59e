// Package kiosk is the root of the touchscreen application: the screens, flows,
// theme, languages and on-screen keyboards that residents, bank customers and staff
// use. Domain rules (ID numbers, dates, passwords) live in UI-free sub-packages such
// as kiosk/identity so they can be tested and reused without Fyne.
package kiosk
