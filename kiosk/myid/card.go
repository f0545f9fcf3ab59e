package myid

import (
	"fmt"
	"image"
	"time"

	"github.com/skip2/go-qrcode"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/sync/wire"
)

// Card is a digital ID's display fields in one language, every text from the
// catalogue: what the card screen shows beside the QR.
type Card struct {
	NameAR, NameEN string // the full name in each language; either may be empty
	ID             string // "ID number: 1000000008"
	Birth          string // the date of birth in both calendars, lang's first
	Nationality    string // "Nationality: Saudi Arabia"
}

// CardOf words d's display fields in lang.
func CardOf(d wire.DigitalID, lang i18n.Lang) Card {
	c := Card{NameAR: d.Name.AR, NameEN: d.Name.EN, ID: i18n.Tf(lang, "myid.card.id", d.IDNumber)}
	greg, hijri := birthDates(d)
	switch {
	case greg != nil && hijri != nil:
		c.Birth = i18n.Tf(lang, "myid.card.birth_both", day(*hijri, lang), day(*greg, lang))
	case greg != nil:
		c.Birth = i18n.Tf(lang, "myid.card.birth", day(*greg, lang))
	}
	if n := countryName(d.Nationality, lang); n != "" {
		c.Nationality = i18n.Tf(lang, "myid.card.nationality", n)
	}
	return c
}

// birthDates returns the date of birth in both calendars; central sends both, and
// a missing Hijri one is computed (nil outside the Umm al-Qura table's range).
func birthDates(d wire.DigitalID) (greg, hijri *identity.Date) {
	g, err := identity.NewDate(identity.Gregorian, d.BirthGregorian.Year, d.BirthGregorian.Month, d.BirthGregorian.Day)
	if err != nil {
		return nil, nil
	}
	greg = &g
	if h, err := identity.NewDate(identity.Hijri, d.BirthHijri.Year, d.BirthHijri.Month, d.BirthHijri.Day); err == nil {
		return greg, &h
	}
	if h, err := g.In(identity.Hijri); err == nil {
		return greg, &h
	}
	return greg, nil
}

// day writes d as "30 November 1985" or "15 Rajab 1405 AH" in lang.
func day(d identity.Date, lang i18n.Lang) string {
	key := "myid.date.gregorian"
	if d.Calendar == identity.Hijri {
		key = "myid.date.hijri"
	}
	return i18n.Tf(lang, key, d.Day, identity.MonthName(d.Calendar, d.Month, string(lang)), d.Year)
}

// dayOf writes the calendar day of t (in loc) in lang: in Arabic the Hijri day
// with the Gregorian one, in English the Gregorian day.
func dayOf(t time.Time, lang i18n.Lang, loc *time.Location) string {
	t = t.In(loc)
	g, err := identity.DateOf(identity.Gregorian, t)
	if err != nil {
		return t.Format("2006-01-02")
	}
	if lang == i18n.AR {
		if h, err := identity.DateOf(identity.Hijri, t); err == nil {
			return i18n.Tf(lang, "myid.date.both", day(h, lang), day(g, lang))
		}
	}
	return day(g, lang)
}

// countryName is the nationality code's country in lang; the code itself when
// the catalogue does not know it, "" when there is none.
func countryName(code string, lang i18n.Lang) string {
	if code == "" {
		return ""
	}
	c, ok := identity.LookupCountry(code)
	if !ok {
		return code
	}
	return c.Name(string(lang))
}

// CopyReceipt is the printed copy of a digital ID: the card's fields in both
// languages, the copy credential's QR, the word "copy" and its validity. lang is
// the screen language (its half of each line comes first); times are written in
// loc.
func CopyReceipt(d wire.DigitalID, lang i18n.Lang, loc *time.Location) receipt.Receipt {
	if loc == nil {
		loc = time.Local
	}
	ar, en := CardOf(d, i18n.AR), CardOf(d, i18n.EN)
	both := func(key string, args ...any) receipt.Line {
		return receipt.Line{AR: i18n.Tf(i18n.AR, key, args...), EN: i18n.Tf(i18n.EN, key, args...)}
	}
	title := both("myid.copy.title")
	title.Bold, title.Size = true, 2
	name := receipt.Line{AR: d.Name.AR, EN: d.Name.EN, Bold: true}
	lines := []receipt.Line{
		name,
		// LRM keeps the number in reading order inside the Arabic line.
		{AR: i18n.Tf(i18n.AR, "myid.card.id", "\u200e"+d.IDNumber+"\u200e"), EN: en.ID},
		{AR: ar.Birth, EN: en.Birth},
	}
	if ar.Nationality != "" {
		lines = append(lines, receipt.Line{AR: ar.Nationality, EN: en.Nationality})
	}
	valid := receipt.Line{
		AR:   i18n.Tf(i18n.AR, "myid.copy.valid", dayOf(d.IssuedAt, i18n.AR, loc), dayOf(d.ExpiresAt, i18n.AR, loc)),
		EN:   i18n.Tf(i18n.EN, "myid.copy.valid", dayOf(d.IssuedAt, i18n.EN, loc), dayOf(d.ExpiresAt, i18n.EN, loc)),
		Bold: true,
	}
	lines = append(lines, valid)
	return receipt.Receipt{Title: title, Lines: lines, QR: d.QR,
		Footer: []receipt.Line{both("myid.copy.footer")}, Lang: string(lang), Time: d.IssuedAt}
}

// QRImage draws a credential's QR text at error correction M (the level the size
// target is measured at) in a square of side pixels: whole pixels a module, the
// rest spread around the quiet zone, so the screen draws it one to one.
func QRImage(text string, side int) (image.Image, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("myid: QR: %w", err)
	}
	return q.Image(side), nil
}
