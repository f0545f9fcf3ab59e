package hijri

//go:generate node internal/gen/umalqura.js umalqura_table.go
//go:generate gofmt -w umalqura_table.go

import (
	"errors"
	"fmt"
	"time"
)

// Errors. They never carry the date that was converted: it is often a date
// of birth, and errors end up in logs.
var (
	// ErrOutOfRange is returned for a Hijri year outside 1300–1600 AH and
	// for a Gregorian day outside 1882-11-12 – 2174-11-25, the days ICU's
	// Umm al-Qura table covers.
	ErrOutOfRange = errors.New("hijri: date outside the Umm al-Qura table (1300–1600 AH, 1882-11-12 – 2174-11-25)")
	// ErrInvalidDate is returned for a month outside 1–12 or a day that the
	// month does not have (for example the 30th of a 29-day month).
	ErrInvalidDate = errors.New("hijri: no such day in the Umm al-Qura calendar")
)

// Date is a day in the Umm al-Qura calendar.
type Date struct {
	Year  int // Hijri year, e.g. 1446
	Month int // 1 = Muharram … 12 = Dhu al-Hijjah
	Day   int // 1 – 29 or 30
}

// String returns the date as YYYY-MM-DD (Hijri).
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// months is the number of months in the table.
const months = (MaxYear - MinYear + 1) * 12

// monthStart[i] is the first day of month i (i = 0 is Muharram 1300) in days
// since 1970-01-01; monthStart[months] is endDay, the day after the last day.
// int32 is wide enough (the days run from -31826 to 74839) and halves the
// array to 14 KiB.
var monthStart = buildStarts()

// buildStarts sums the generated month lengths. The generator has already
// checked them against ICU day by day; the check here only guards against a
// table edited by hand so that the month lengths no longer add up to endDay.
func buildStarts() *[months + 1]int32 {
	var s [months + 1]int32
	day := int32(epochDay)
	for i := range months {
		s[i] = day
		day += 29 + int32(monthBits[i/12]>>(i%12)&1)
	}
	s[months] = day
	if day != endDay {
		panic(fmt.Sprintf("hijri: month lengths end on day %d, the table says %d", day, endDay))
	}
	return &s
}

// dayTime is the midnight UTC starting day (days since 1970-01-01).
func dayTime(day int32) time.Time {
	return time.Unix(int64(day)*86400, 0).UTC()
}

// First returns the first day of the table, 1 Muharram 1300 (1882-11-12), at
// midnight UTC.
func First() time.Time { return dayTime(epochDay) }

// Last returns the last day of the table, 30 Dhu al-Hijjah 1600
// (2174-11-25), at midnight UTC.
func Last() time.Time { return dayTime(endDay - 1) }

// MonthLength returns the number of days of the month in the Umm al-Qura
// calendar: 29 or 30.
func MonthLength(year, month int) (int, error) {
	if month < 1 || month > 12 {
		return 0, ErrInvalidDate
	}
	if year < MinYear || year > MaxYear {
		return 0, ErrOutOfRange
	}
	return 29 + int(monthBits[year-MinYear]>>(month-1)&1), nil
}

// Validate reports whether d is a day of the Umm al-Qura calendar within the
// table.
func (d Date) Validate() error {
	n, err := MonthLength(d.Year, d.Month)
	if err != nil {
		return err
	}
	if d.Day < 1 || d.Day > n {
		return fmt.Errorf("hijri: the month has %d days: %w", n, ErrInvalidDate)
	}
	return nil
}

// ToGregorian returns the Gregorian day of d at midnight UTC.
func ToGregorian(d Date) (time.Time, error) {
	if err := d.Validate(); err != nil {
		return time.Time{}, err
	}
	i := (d.Year-MinYear)*12 + d.Month - 1
	return dayTime(monthStart[i] + int32(d.Day) - 1), nil
}

// FromGregorian returns the Umm al-Qura date of t's calendar day in t's
// location.
func FromGregorian(t time.Time) (Date, error) {
	// The calendar day in t's location, without t.Date's field breakdown:
	// the seconds since 1970 shifted by the zone offset, divided by floor.
	_, offset := t.Zone()
	sec := t.Unix() + int64(offset)
	day := sec / 86400
	if sec%86400 < 0 {
		day--
	}
	if day < epochDay || day >= endDay {
		return Date{}, ErrOutOfRange
	}
	d := int32(day)
	// A mean Umm al-Qura month is 29.5306 days and the table never strays
	// from the mean by more than a couple of days, so this guess is the
	// month holding the day or its neighbour; the loops settle it.
	i := int(d-epochDay) * 10000 / 295306
	if i >= months {
		i = months - 1
	}
	for monthStart[i] > d {
		i--
	}
	for monthStart[i+1] <= d {
		i++
	}
	return Date{Year: MinYear + i/12, Month: i%12 + 1, Day: int(d-monthStart[i]) + 1}, nil
}
