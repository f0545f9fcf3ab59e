package hijri

import (
	"errors"
	"fmt"
	"sort"
	"time"

	uq "github.com/hablullah/go-hijri"
)

// The range of the Umm al-Qura tables.
const (
	MinYear = 1356 // first Hijri year in the tables (starts 14 March 1937)
	MaxYear = 1500 // last Hijri year in the tables (ends 16 November 2077)
)

var (
	// ErrOutOfRange is returned when a Hijri or Gregorian date lies outside
	// 1 Muharram 1356 – 29/30 Dhu al-Hijjah 1500 (1937-03-14 – 2077-11-16).
	ErrOutOfRange = errors.New("hijri: date outside the Umm al-Qura tables (1356–1500 AH, 1937-03-14 – 2077-11-16)")
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

const months = (MaxYear - MinYear + 1) * 12

// anomaly is the index of Sha'ban 1364, the one 28-day month in the table.
const anomaly = (1364-MinYear)*12 + 8 - 1

// monthStart[i] is the first day of month i (i = 0 is Muharram 1356) in days
// since 1970-01-01; monthStart[months] is the day after the last day.
var monthStart = loadTable()

// loadTable reads month starts from go-hijri. The library indexes its table
// without bounds checks, so it is only ever called here, with months that
// exist. Month lengths are checked to be 29 or 30, with one exception the
// published record carries (see the package Caveats): Sha'ban 1364 has 28.
func loadTable() []int {
	starts := make([]int, months+1)
	for i := range months + 1 {
		y, m := MinYear+i/12, i%12+1
		t := uq.UmmAlQuraDate{Year: int64(y), Month: int64(m), Day: 1}.ToGregorian()
		starts[i] = unixDay(t.UTC().Add(12 * time.Hour)) // the library returns midnight ± float error
	}
	for i := range months {
		if n := starts[i+1] - starts[i]; (n < 29 || n > 30) && !(i == anomaly && n == 28) {
			panic(fmt.Sprintf("hijri: go-hijri table gives month %d/%d %d days", MinYear+i/12, i%12+1, n))
		}
	}
	return starts
}

// unixDay is the calendar day of t (in t's location) as days since 1970-01-01.
func unixDay(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func dayTime(day int) time.Time {
	return time.Unix(int64(day)*86400, 0).UTC()
}

// First returns the first day of the tables, 1 Muharram 1356 (1937-03-14), at
// midnight UTC.
func First() time.Time { return dayTime(monthStart[0]) }

// Last returns the last day of the tables, the last day of Dhu al-Hijjah 1500
// (2077-11-16), at midnight UTC.
func Last() time.Time { return dayTime(monthStart[months] - 1) }

// MonthLength returns the number of days of the month in the Umm al-Qura
// calendar: 29 or 30 (28 for Sha'ban 1364 only, see the package Caveats).
func MonthLength(year, month int) (int, error) {
	if month < 1 || month > 12 {
		return 0, fmt.Errorf("hijri: month %d: %w", month, ErrInvalidDate)
	}
	if year < MinYear || year > MaxYear {
		return 0, fmt.Errorf("hijri: year %d: %w", year, ErrOutOfRange)
	}
	i := (year-MinYear)*12 + month - 1
	return monthStart[i+1] - monthStart[i], nil
}

// Validate reports whether d is a day of the Umm al-Qura calendar within the
// tables.
func (d Date) Validate() error {
	n, err := MonthLength(d.Year, d.Month)
	if err != nil {
		return err
	}
	if d.Day < 1 || d.Day > n {
		return fmt.Errorf("hijri: %s (month has %d days): %w", d, n, ErrInvalidDate)
	}
	return nil
}

// ToGregorian returns the Gregorian day of d at midnight UTC.
func ToGregorian(d Date) (time.Time, error) {
	if err := d.Validate(); err != nil {
		return time.Time{}, err
	}
	i := (d.Year-MinYear)*12 + d.Month - 1
	return dayTime(monthStart[i] + d.Day - 1), nil
}

// FromGregorian returns the Umm al-Qura date of t's calendar day in t's
// location.
func FromGregorian(t time.Time) (Date, error) {
	day := unixDay(t)
	if day < monthStart[0] || day >= monthStart[months] {
		return Date{}, fmt.Errorf("hijri: %s: %w", t.Format(time.DateOnly), ErrOutOfRange)
	}
	// The first month starting after day, minus one, is the month holding it.
	i := sort.SearchInts(monthStart, day+1) - 1
	return Date{Year: MinYear + i/12, Month: i%12 + 1, Day: day - monthStart[i] + 1}, nil
}
