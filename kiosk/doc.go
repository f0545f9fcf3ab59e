// Package kiosk is the root of the touchscreen application: the screens, flows,
// theme and on-screen keyboards that residents, bank customers and staff use.
// Domain rules (ID numbers, dates, passwords) live at the module root in identity,
// and texts in i18n, so that the kiosk and the central service share one copy and
// both can be tested without Fyne.
package kiosk
