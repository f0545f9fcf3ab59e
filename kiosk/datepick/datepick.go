// Package datepick is the date-of-birth picker the services share (registration,
// dependents): the calendar switch when the identity type allows more than one,
// the date in the other calendar beside it, and the day, month and year as three
// columns — day and year typed on the numeric keypad or stepped, the month stepped
// by name — in reading order (mirrored in Arabic), the message under them.
//
// It keeps no state: the caller holds the date, builds its fields and buttons
// (so they are registered, focused and refreshed the caller's way), and rebuilds
// the screen after a button.
package datepick

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/speech"
)

// Picker is one showing of the picker.
type Picker struct {
	Lang i18n.Lang
	// Now is today, for the range of years and the year the arrows start from.
	Now time.Time
	// Date is the date as picked so far, in its calendar; zero fields are not
	// picked yet.
	Date identity.Date
	// Calendars are the calendars the date may be given in; the switch shows
	// when there are two.
	Calendars []identity.Calendar
	// Field makes the numeric field named "day" or "year" showing text; the
	// picker sets its placeholder and OnChanged.
	Field func(name, text string) *keyboard.Field
	// Button makes the button named name ("cal:hijri", "day+", "month-", …) with
	// text, highlighted when selected, that runs tap and then shows the screen
	// again.
	Button func(name, text string, selected bool, tap func()) *rtl.Button
	// Set takes a date typed or stepped to; SetCalendar a calendar chosen.
	Set         func(year, month, day int)
	SetCalendar func(identity.Calendar)
	// Typed runs after a keypad change in the field named name, now holding
	// text (the screen is not rebuilt), and Current is the date then, for the
	// line in the other calendar.
	Typed   func(name, text string)
	Current func() identity.Date
}

// Object is the picker with msg (the date's message, or an empty object) under
// it. other refreshes the line in the other calendar; the caller runs it after
// a typed change.
func (p Picker) Object(msg fyne.CanvasObject) (obj fyne.CanvasObject, other func()) {
	lang := p.Lang
	d := p.Date
	var cal []fyne.CanvasObject
	if len(p.Calendars) > 1 {
		for _, c := range p.Calendars {
			cal = append(cal, p.Button("cal:"+c.String(), c.Name(string(lang)), d.Calendar == c, func() { p.SetCalendar(c) }))
		}
	}
	set := p.Set
	today, _ := identity.DateOf(d.Calendar, p.Now)
	defaultYear := today.Year - 30
	firstYear, lastYear := identity.YearRange(d.Calendar, p.Now)
	days := 31
	if d.Calendar == identity.Hijri {
		days = 30
	}
	if n, err := identity.DaysInMonth(d.Calendar, d.Year, d.Month); err == nil {
		days = n
	}
	// step moves v by delta within lo..hi, wrapping; an empty value starts at empty.
	step := func(v, delta, lo, hi, empty int) int {
		if v == 0 {
			return empty
		}
		v += delta
		switch {
		case v < lo:
			return hi
		case v > hi:
			return lo
		}
		return v
	}
	dayField := p.Field("day", itoa(d.Day))
	dayField.SetPlaceHolder(i18n.T(lang, "register.day"))
	dayField.OnChanged = func(s string) { set(d.Year, d.Month, atoi(s)); d.Day = atoi(s); p.Typed("day", s) }
	yearField := p.Field("year", itoa(d.Year))
	yearField.SetPlaceHolder(i18n.T(lang, "register.year"))
	yearField.OnChanged = func(s string) { set(atoi(s), d.Month, d.Day); d.Year = atoi(s); p.Typed("year", s) }
	monthName := i18n.T(lang, "register.month")
	if d.Month > 0 {
		monthName = identity.MonthName(d.Calendar, d.Month, string(lang))
	}
	month := rtl.NewLabel(lang, monthName)
	month.Alignment = fyne.TextAlignCenter
	month.Bold = true
	// Each value is a framed group: its name over [less][value][more], so a
	// value's arrows sit right beside it and apart from the next group's.
	group := func(key, name string, middle fyne.CanvasObject, up, down func()) fyne.CanvasObject {
		u := p.Button(key+"+", "", false, up)
		u.Icon = fynetheme.MoveUpIcon()
		dn := p.Button(key+"-", "", false, down)
		dn.Icon = fynetheme.MoveDownIcon()
		// "Less" at the reading start, "more" at the reading end, like a number line.
		start, end := fyne.CanvasObject(dn), fyne.CanvasObject(u)
		if lang.RTL() {
			start, end = end, start
		}
		// The frame's padding is tight: with the keypad up, Arabic's tall lines
		// leave the step little height.
		title := rtl.NewLabel(lang, name)
		title.Alignment, title.Bold = fyne.TextAlignCenter, true
		th := fyne.CurrentApp().Settings().Theme()
		v := fyne.CurrentApp().Settings().ThemeVariant()
		frame := canvas.NewRectangle(th.Color(fynetheme.ColorNameInputBackground, v))
		frame.StrokeColor = th.Color(fynetheme.ColorNameInputBorder, v)
		frame.StrokeWidth = 2
		frame.CornerRadius = th.Size(fynetheme.SizeNameInputRadius) * 1.5
		pad := fynetheme.Padding() / 2
		return container.NewStack(frame, container.New(layout.NewCustomPaddedLayout(0, pad, pad, pad),
			container.NewVBox(title, container.NewBorder(nil, nil, start, end, middle))))
	}
	// Wide enough for four digits or the placeholder, in the current text size.
	wide := func(e *keyboard.Field) fyne.CanvasObject {
		th := fyne.CurrentApp().Settings().Theme()
		w := float32(0)
		for _, s := range []string{"0000", e.PlaceHolder} {
			w = max(w, fyne.MeasureText(s, th.Size(fynetheme.SizeNameText), fyne.TextStyle{}).Width)
		}
		return container.New(minWidth(w+4*th.Size(fynetheme.SizeNameInnerPadding)), e)
	}
	// The month's place is as wide as its longest name when there is room, so its
	// arrows stay put while the month changes.
	monthW := float32(0)
	for m := 1; m <= 12; m++ {
		l := rtl.NewLabel(lang, identity.MonthName(d.Calendar, m, string(lang)))
		l.Bold = true
		monthW = max(monthW, l.MinSize().Width)
	}
	dayCol := group("day", i18n.T(lang, "register.day"), wide(dayField),
		func() { set(d.Year, d.Month, step(d.Day, 1, 1, days, 1)) },
		func() { set(d.Year, d.Month, step(d.Day, -1, 1, days, days)) })
	// As tall as the day and year fields, so the three groups' arrows line up.
	tall := canvas.NewRectangle(color.Transparent)
	tall.SetMinSize(fyne.NewSize(0, dayField.MinSize().Height))
	monthCol := group("month", i18n.T(lang, "register.month"), container.NewStack(tall, container.NewCenter(container.NewPadded(month))),
		func() { set(d.Year, step(d.Month, 1, 1, 12, 1), d.Day) },
		func() { set(d.Year, step(d.Month, -1, 1, 12, 12), d.Day) })
	yearCol := group("year", i18n.T(lang, "register.year"), wide(yearField),
		func() { set(step(d.Year, 1, firstYear, lastYear, defaultYear), d.Month, d.Day) },
		func() { set(step(d.Year, -1, firstYear, lastYear, defaultYear), d.Month, d.Day) })
	otherLine := rtl.NewLabel(lang, "")
	otherLine.Wrap = true
	otherLine.Bold = true
	other = func() { otherLine.SetText(Other(p.Current(), lang)) }
	other()
	// The calendar switch and the date in the other calendar share a line: the
	// keyboard leaves little height.
	top := fyne.CanvasObject(otherLine)
	if len(cal) > 0 {
		if lang.RTL() {
			top = container.NewBorder(nil, nil, nil, rtl.HBox(lang, cal...), container.NewPadded(otherLine))
		} else {
			top = container.NewBorder(nil, nil, rtl.HBox(lang, cal...), nil, container.NewPadded(otherLine))
		}
	}
	// Day first in reading order; see dateLayout.
	groups := []fyne.CanvasObject{dayCol, monthCol, yearCol}
	if lang.RTL() {
		groups = []fyne.CanvasObject{yearCol, monthCol, dayCol}
	}
	dateRow := container.New(&dateLayout{monthWant: monthCol.MinSize().Width - month.MinSize().Width + monthW}, groups...)
	return container.NewVBox(top, dateRow, msg), other
}

// dateLayout lays out the day, month and year groups (objects 0, 1, 2, left to
// right) at their natural widths, with the free width as equal gaps between
// them. The middle group is first widened towards monthWant (the width its
// longest month name needs), so its arrows do not move as the month changes;
// in the largest text there may be no room for that, and the group keeps the
// width of the month shown. Three equal columns would not fit the largest text
// at 1280 px, and a stretched month put its arrows far from its name.
type dateLayout struct{ monthWant float32 }

func (d *dateLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	gap := fynetheme.Padding()
	widths := make([]float32, len(objs))
	total := float32(0)
	for i, o := range objs {
		widths[i] = o.MinSize().Width
		total += widths[i]
	}
	free := size.Width - total - gap*float32(len(objs)-1)
	if len(objs) == 3 && free > 0 {
		grow := min(free, max(d.monthWant-widths[1], 0))
		widths[1] += grow
		free -= grow
	}
	gap += max(free, 0) / float32(max(len(objs)-1, 1))
	x := float32(0)
	for i, o := range objs {
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(widths[i], size.Height))
		x += widths[i] + gap
	}
}

func (d *dateLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(fynetheme.Padding()*float32(max(len(objs)-1, 0)), 0)
	for _, o := range objs {
		m := o.MinSize()
		s.Width += m.Width
		s.Height = max(s.Height, m.Height)
	}
	return s
}

// Other is "That is: <d in the other calendar>" in lang, "" while d is not a
// whole date or has no twin.
func Other(d identity.Date, lang i18n.Lang) string {
	if d.Year == 0 || d.Month == 0 || d.Day == 0 {
		return ""
	}
	if _, err := identity.NewDate(d.Calendar, d.Year, d.Month, d.Day); err != nil {
		return ""
	}
	oc := identity.Gregorian
	if d.Calendar == identity.Gregorian {
		oc = identity.Hijri
	}
	o, err := d.In(oc)
	if err != nil || o.Year == 0 {
		return ""
	}
	return fmt.Sprintf(i18n.T(lang, "register.other_calendar"), register.FormatDate(o, string(lang)))
}

// minWidth lays its objects over each other at least that wide.
type minWidth float32

func (m minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (m minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(float32(m), 0)
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(identity.NormalizeDigits(strings.TrimSpace(s)))
	return n
}

// Spoken is what the picker says when an arrow changes part ("day", "month"
// or "year") of d, in lang: the day or the year spelled, the month by its
// spoken name and its number. It is empty for any other part, and for a month
// whose name has no spoken form in lang.
func Spoken(part string, d identity.Date, lang i18n.Lang) speech.Utterance {
	switch part {
	case "day":
		return speech.Spell(strconv.Itoa(d.Day))
	case "year":
		return speech.Spell(strconv.Itoa(d.Year))
	case "month":
		if k := speech.MonthKey(d.Calendar.String(), d.Month); i18n.Default().Has(lang, k) {
			return speech.Say(k).ThenSpell(strconv.Itoa(d.Month))
		}
	}
	return speech.Utterance{}
}
