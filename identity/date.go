package identity

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/bawaba/bawaba/identity/hijri"
)

// Calendar is the calendar a date is expressed in.
type Calendar int

// Calendars for dates of birth.
const (
	Gregorian Calendar = iota + 1
	Hijri              // Umm al-Qura
)

func (c Calendar) String() string {
	switch c {
	case Gregorian:
		return "gregorian"
	case Hijri:
		return "hijri"
	}
	return "unknown"
}

// Name returns the calendar's label, from the catalogue key
// "identity.calendar.<String()>".
func (c Calendar) Name(lang string) string { return tr("identity.calendar."+c.String(), lang) }

// Dates are accepted over the Umm al-Qura table of package hijri, in both
// calendars: 1300–1600 AH (CodeDateHijriRange outside), which are the days
// 1882-11-12 – 2174-11-25 (CodeDateRange outside). So every accepted date has
// a twin in the other calendar, and the twin is itself an accepted date.
// MinGregorianYear and MaxGregorianYear are the Gregorian years that hold
// accepted days; the first and last of them only in part.
const (
	MinGregorianYear = 1882
	MaxGregorianYear = 2174
)

// Date is a calendar day in the Gregorian or Hijri (Umm al-Qura) calendar.
// The zero value is invalid; build one with NewDate, ParseDate or DateOf.
type Date struct {
	Calendar Calendar
	Year     int
	Month    int // 1–12
	Day      int
}

// String returns YYYY-MM-DD in the date's own calendar; ParseDate reads it back.
func (d Date) String() string {
	return pad(d.Year, 4) + "-" + pad(d.Month, 2) + "-" + pad(d.Day, 2)
}

func pad(n, w int) string {
	s := strconv.Itoa(n)
	for len(s) < w {
		s = "0" + s
	}
	return s
}

// DaysInMonth returns the length of the month: 28–31 Gregorian, 29 or 30
// Hijri (from the Umm al-Qura table).
func DaysInMonth(cal Calendar, year, month int) (int, error) {
	if month < 1 || month > 12 {
		return 0, errf(CodeDateMonth, FieldDate)
	}
	switch cal {
	case Gregorian:
		if year < MinGregorianYear || year > MaxGregorianYear {
			return 0, errf(CodeDateRange, FieldDate)
		}
		return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day(), nil
	case Hijri:
		n, err := hijri.MonthLength(year, month)
		if err != nil {
			return 0, hijriError(err)
		}
		return n, nil
	}
	return 0, errf(CodeDateCalendar, FieldDate)
}

// NewDate validates a day picked or typed in cal.
func NewDate(cal Calendar, year, month, day int) (Date, error) {
	if cal != Gregorian && cal != Hijri {
		return Date{}, errf(CodeDateCalendar, FieldDate)
	}
	if month < 1 || month > 12 {
		return Date{}, errf(CodeDateMonth, FieldDate)
	}
	// The day is checked before the range so that 29 February 1900 reads as
	// "no such day", the mistake the person made.
	var n int
	switch {
	case cal == Gregorian && year >= 1 && year <= 9999:
		n = time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	case cal == Hijri && year >= hijri.MinYear && year <= hijri.MaxYear:
		n, _ = hijri.MonthLength(year, month)
	case cal == Hijri:
		n = 30
	default:
		n = 31
	}
	if day < 1 || day > n {
		return Date{}, errf(CodeDateDay, FieldDate)
	}
	if cal == Gregorian {
		if t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC); t.Before(hijri.First()) || t.After(hijri.Last()) {
			return Date{}, errf(CodeDateRange, FieldDate)
		}
	}
	if cal == Hijri && (year < hijri.MinYear || year > hijri.MaxYear) {
		return Date{}, errf(CodeDateHijriRange, FieldDate)
	}
	return Date{Calendar: cal, Year: year, Month: month, Day: day}, nil
}

// ParseDate reads a date typed in cal as YYYY-MM-DD or DD/MM/YYYY ('-', '/'
// or '.' as separator), in any digit script, ignoring surrounding spaces.
func ParseDate(cal Calendar, raw string) (Date, error) {
	s := strings.TrimSpace(normalizeDigits(raw))
	if s == "" {
		return Date{}, errf(CodeDateRequired, FieldDate)
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(parts) != 3 || strings.Count(s, "-")+strings.Count(s, "/")+strings.Count(s, ".") != 2 {
		return Date{}, errf(CodeDateFormat, FieldDate)
	}
	var n [3]int
	for i, p := range parts {
		if !allDigits(p) || len(p) > 4 {
			return Date{}, errf(CodeDateFormat, FieldDate)
		}
		n[i], _ = strconv.Atoi(p)
	}
	switch {
	case len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2:
		return NewDate(cal, n[0], n[1], n[2])
	case len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2:
		return NewDate(cal, n[2], n[1], n[0])
	}
	return Date{}, errf(CodeDateFormat, FieldDate)
}

// DateOf returns the calendar day of t (in t's location) in cal. Pass times
// in the kiosk's zone so that "today" changes at local midnight.
func DateOf(cal Calendar, t time.Time) (Date, error) {
	y, m, d := t.Date()
	g, err := NewDate(Gregorian, y, int(m), d)
	if err != nil {
		return Date{}, err
	}
	return g.In(cal)
}

// Time returns the Gregorian day of d at midnight UTC.
func (d Date) Time() (time.Time, error) {
	if _, err := NewDate(d.Calendar, d.Year, d.Month, d.Day); err != nil {
		return time.Time{}, err
	}
	if d.Calendar == Hijri {
		t, err := hijri.ToGregorian(hijri.Date{Year: d.Year, Month: d.Month, Day: d.Day})
		if err != nil {
			return time.Time{}, hijriError(err)
		}
		return t, nil
	}
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC), nil
}

// In converts d to cal. A date already in cal comes back exactly as it was
// (once validated): the date a person typed is kept as typed, and only its
// twin in the other calendar is computed.
func (d Date) In(cal Calendar) (Date, error) {
	t, err := d.Time()
	if err != nil {
		return Date{}, err
	}
	if cal == d.Calendar {
		return d, nil
	}
	switch cal {
	case Gregorian:
		y, m, dd := t.Date()
		return Date{Calendar: Gregorian, Year: y, Month: int(m), Day: dd}, nil
	case Hijri:
		h, err := hijri.FromGregorian(t)
		if err != nil { // cannot happen: t is an accepted day; mapped all the same
			return Date{}, hijriError(err)
		}
		return Date{Calendar: Hijri, Year: h.Year, Month: h.Month, Day: h.Day}, nil
	}
	return Date{}, errf(CodeDateCalendar, FieldDate)
}

// hijriError maps package hijri's sentinels to the codes a person is shown:
// a day the month lacks is CodeDateDay, a date outside the table
// CodeDateHijriRange, whose message names the years.
func hijriError(err error) Error {
	if errors.Is(err, hijri.ErrInvalidDate) {
		return errf(CodeDateDay, FieldDate)
	}
	return errf(CodeDateHijriRange, FieldDate)
}

// Before reports whether d is an earlier day than e (in any calendars).
func (d Date) Before(e Date) bool {
	a, err1 := d.Time()
	b, err2 := e.Time()
	return err1 == nil && err2 == nil && a.Before(b)
}

// Age returns the completed years from dob to today in dob's calendar: Hijri
// years for a Hijri date of birth. See AgeIn.
func Age(dob Date, today time.Time) (int, error) { return AgeIn(dob.Calendar, dob, today) }

// AgeIn returns the completed years between dob and today's calendar day
// (in today's location), counted in cal. A birthday on a day the current
// year lacks (29 February, or the 30th of a Hijri month that has 29 days
// this year) is reached on the day after the month's last day. A date of
// birth after today returns CodeDOBFuture.
func AgeIn(cal Calendar, dob Date, today time.Time) (int, error) {
	b, err := dob.In(cal)
	if err != nil {
		return 0, err
	}
	now, err := DateOf(cal, today)
	if err != nil {
		return 0, err
	}
	if now.Before(b) {
		return 0, errf(CodeDOBFuture, FieldDateOfBirth)
	}
	age := now.Year - b.Year
	if now.Month < b.Month || now.Month == b.Month && now.Day < b.Day {
		age--
	}
	return age, nil
}

// CheckDateOfBirth applies the date-of-birth rules for an identity type: the
// calendar is one the type may use, the date exists, is not after today, and
// the applicant is at least minAge years old (counted in dob's calendar;
// minAge 0 disables the check). Errors carry FieldDateOfBirth.
func CheckDateOfBirth(kind IdentityType, dob Date, today time.Time, minAge int) error {
	if !kind.AllowsCalendar(dob.Calendar) {
		if kind == Citizen {
			return errf(CodeDOBCalendarAny, FieldDateOfBirth)
		}
		return errf(CodeDOBCalendar, FieldDateOfBirth)
	}
	if _, err := NewDate(dob.Calendar, dob.Year, dob.Month, dob.Day); err != nil {
		return onField(err, FieldDateOfBirth)
	}
	age, err := Age(dob, today)
	if err != nil {
		return onField(err, FieldDateOfBirth)
	}
	if age < minAge {
		return Error{Code: CodeDOBTooYoung, Field: FieldDateOfBirth, Arg: minAge}
	}
	return nil
}

// MonthName returns the name of month 1–12 in cal and lang ("" if out of range).
func MonthName(cal Calendar, month int, lang string) string {
	if (cal != Gregorian && cal != Hijri) || month < 1 || month > 12 {
		return ""
	}
	return tr("identity.month."+cal.String()+"."+strconv.Itoa(month), lang)
}

// MonthNames returns the twelve month names of cal in lang, for the date picker.
func MonthNames(cal Calendar, lang string) []string {
	out := make([]string, 0, 12)
	for m := 1; m <= 12; m++ {
		out = append(out, MonthName(cal, m, lang))
	}
	return out
}

// YearRange returns the first and last year the date picker should offer in
// cal for a date of birth on today's date.
func YearRange(cal Calendar, today time.Time) (first, last int) {
	if cal == Hijri {
		first, last = hijri.MinYear, hijri.MaxYear
		if h, err := DateOf(Hijri, today); err == nil {
			last = h.Year
		}
		return first, last
	}
	return MinGregorianYear, min(today.Year(), MaxGregorianYear)
}
