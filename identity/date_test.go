package identity

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/identity/hijri"
)

func g(y, m, d int) Date { return Date{Gregorian, y, m, d} }
func h(y, m, d int) Date { return Date{Hijri, y, m, d} }

func TestNewDate(t *testing.T) {
	tests := []struct {
		name string
		d    Date
		code Code
	}{
		{"ordinary Gregorian day", g(1990, 5, 17), ""},
		{"29 February 1996 (leap)", g(1996, 2, 29), ""},
		{"29 February 2000 (divisible by 400: leap)", g(2000, 2, 29), ""},
		{"29 February 1900 (century: not leap)", g(1900, 2, 29), CodeDateDay},
		{"29 February 2023", g(2023, 2, 29), CodeDateDay},
		{"31 April", g(1990, 4, 31), CodeDateDay},
		{"day 0", g(1990, 4, 0), CodeDateDay},
		{"month 13", g(1990, 13, 1), CodeDateMonth},
		{"month 0", g(1990, 0, 1), CodeDateMonth},
		{"first supported Gregorian day (1 Muharram 1300)", g(1882, 11, 12), ""},
		{"last supported Gregorian day (30 Dhu al-Hijjah 1600)", g(2174, 11, 25), ""},
		{"day before the supported Gregorian range", g(1882, 11, 11), CodeDateRange},
		{"day after the supported Gregorian range", g(2174, 11, 26), CodeDateRange},
		{"year before the supported Gregorian range", g(1881, 12, 31), CodeDateRange},
		{"year after the supported Gregorian range", g(2175, 1, 1), CodeDateRange},
		{"30th of a 30-day Hijri month (Ramadan 1445)", h(1445, 9, 30), ""},
		{"30th of a 29-day Hijri month (Dhu al-Qadah 1445)", h(1445, 11, 30), CodeDateDay},
		{"29th of a 29-day Hijri month", h(1445, 11, 29), ""},
		{"day 31 in Hijri", h(1445, 1, 31), CodeDateDay},
		{"30 Jumada al-Akhirah 1396 (ICU: 1976-06-28)", h(1396, 6, 30), ""},
		{"30 Rabi al-Awwal 1451 (ICU: 2029-08-11)", h(1451, 3, 30), ""},
		{"29 Shaban 1364 (ICU: 1945-08-08)", h(1364, 8, 29), ""},
		{"30 Shaban 1364 (a 29-day month)", h(1364, 8, 30), CodeDateDay},
		{"first day of the Umm al-Qura table", h(1300, 1, 1), ""},
		{"last day of the Umm al-Qura table", h(1600, 12, 30), ""},
		{"year before the table", h(1299, 12, 29), CodeDateHijriRange},
		{"year after the table", h(1601, 1, 1), CodeDateHijriRange},
		{"no such day outranks the range", h(1299, 12, 31), CodeDateDay},
		{"no calendar", Date{0, 1990, 1, 1}, CodeDateCalendar},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NewDate(tc.d.Calendar, tc.d.Year, tc.d.Month, tc.d.Day)
			if tc.code != "" {
				if !errors.Is(err, tc.code) {
					t.Fatalf("err = %v, want %s", err, tc.code)
				}
				return
			}
			if err != nil || got != tc.d {
				t.Fatalf("NewDate = %v, %v", got, err)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		name string
		cal  Calendar
		raw  string
		want Date
		code Code
	}{
		{"ISO", Gregorian, "1990-05-17", g(1990, 5, 17), ""},
		{"slashes, day first", Gregorian, "17/05/1990", g(1990, 5, 17), ""},
		{"dots, single digits", Gregorian, "7.5.1990", g(1990, 5, 7), ""},
		{"surrounding spaces", Gregorian, "  1990/5/7 ", g(1990, 5, 7), ""},
		{"Arabic-Indic Hijri", Hijri, "١٤١٠/٠٩/٠١", h(1410, 9, 1), ""},
		{"Persian digits, day first", Hijri, "۰۱-۰۹-۱۴۱۰", h(1410, 9, 1), ""},
		{"mixed scripts", Hijri, "1٤1۰-9-1", h(1410, 9, 1), ""},
		{"empty", Gregorian, " ", Date{}, CodeDateRequired},
		{"two parts", Gregorian, "1990-05", Date{}, CodeDateFormat},
		{"two-digit year", Gregorian, "17/05/90", Date{}, CodeDateFormat},
		{"letters", Gregorian, "17 May 1990", Date{}, CodeDateFormat},
		{"doubled separator", Gregorian, "1990--05-17", Date{}, CodeDateFormat},
		{"negative", Gregorian, "-1990-05-17", Date{}, CodeDateFormat},
		{"30 in a 29-day Hijri month", Hijri, "1445-11-30", Date{}, CodeDateDay},
		{"29 Feb 1900", Gregorian, "29/02/1900", Date{}, CodeDateDay},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDate(tc.cal, tc.raw)
			if tc.code != "" {
				if !errors.Is(err, tc.code) {
					t.Fatalf("err = %v, want %s", err, tc.code)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseDate = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestConversions(t *testing.T) {
	tests := []struct {
		name string
		h, g Date
	}{
		{"1 Muharram 1446 = 7 July 2024", h(1446, 1, 1), g(2024, 7, 7)},
		{"1 Ramadan 1445 = 11 March 2024", h(1445, 9, 1), g(2024, 3, 11)},
		{"1 Shawwal 1444 = 21 April 2023", h(1444, 10, 1), g(2023, 4, 21)},
		{"1 Muharram 1356 = 14 March 1937", h(1356, 1, 1), g(1937, 3, 14)},
		{"30 Dhu al-Hijjah 1500 = 16 November 2077", h(1500, 12, 30), g(2077, 11, 16)},
		{"30 Jumada al-Akhirah 1396 = 28 June 1976", h(1396, 6, 30), g(1976, 6, 28)},
		{"1 Ramadan 1410 = 28 March 1990", h(1410, 9, 1), g(1990, 3, 28)},
		{"30 Rabi al-Awwal 1451 = 11 August 2029", h(1451, 3, 30), g(2029, 8, 11)},
		{"1 Muharram 1300 = 12 November 1882, the first day", h(1300, 1, 1), g(1882, 11, 12)},
		{"30 Dhu al-Hijjah 1600 = 25 November 2174, the last day", h(1600, 12, 30), g(2174, 11, 25)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := tc.h.In(Gregorian); err != nil || got != tc.g {
				t.Errorf("%v.In(Gregorian) = %v, %v; want %v", tc.h, got, err, tc.g)
			}
			if got, err := tc.g.In(Hijri); err != nil || got != tc.h {
				t.Errorf("%v.In(Hijri) = %v, %v; want %v", tc.g, got, err, tc.h)
			}
		})
	}
	// Leap days and month ends survive a round trip through Hijri.
	for _, d := range []Date{g(1996, 2, 29), g(2000, 2, 29), g(2024, 2, 29), g(1999, 12, 31)} {
		hd, err := d.In(Hijri)
		if err != nil {
			t.Fatalf("%v.In(Hijri): %v", d, err)
		}
		if back, err := hd.In(Gregorian); err != nil || back != d {
			t.Errorf("%v -> %v -> %v, %v", d, hd, back, err)
		}
	}
	// Outside the table each calendar is refused with its own code, whose
	// message names the range.
	for _, d := range []Date{g(1882, 11, 11), g(2174, 11, 26)} {
		if _, err := d.In(Hijri); !errors.Is(err, CodeDateRange) {
			t.Errorf("%v.In(Hijri) err = %v, want date.range", d, err)
		}
	}
	for _, d := range []Date{h(1299, 12, 29), h(1601, 1, 1)} {
		if _, err := d.In(Gregorian); !errors.Is(err, CodeDateHijriRange) {
			t.Errorf("%v.In(Gregorian) err = %v, want date.hijri_range", d, err)
		}
	}
}

// TestInKeepsTheDateAsTyped: converting a date to its own calendar gives it
// back unchanged, and a Hijri date survives the trip to Gregorian and back,
// for every day of every month the table has.
func TestInKeepsTheDateAsTyped(t *testing.T) {
	n := 0
	for y := hijri.MinYear; y <= hijri.MaxYear; y++ {
		for m := 1; m <= 12; m++ {
			days, err := DaysInMonth(Hijri, y, m)
			if err != nil {
				t.Fatalf("DaysInMonth(Hijri, %d, %d): %v", y, m, err)
			}
			for d := 1; d <= days; d++ {
				typed, err := NewDate(Hijri, y, m, d)
				if err != nil {
					t.Fatalf("NewDate(Hijri, %d, %d, %d): %v", y, m, d, err)
				}
				if same, err := typed.In(Hijri); err != nil || same != typed {
					t.Fatalf("%v.In(Hijri) = %v, %v", typed, same, err)
				}
				gd, err := typed.In(Gregorian)
				if err != nil {
					t.Fatalf("%v.In(Gregorian): %v", typed, err)
				}
				if back, err := gd.In(Hijri); err != nil || back != typed {
					t.Fatalf("%v -> %v -> %v, %v", typed, gd, back, err)
				}
				n++
			}
		}
	}
	if n != 106665 {
		t.Errorf("%d Hijri days in 1300–1600 AH, ICU has 106665", n)
	}
}

func TestAge(t *testing.T) {
	at := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 10, 0, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		dob   Date
		cal   Calendar
		today time.Time
		want  int
		code  Code
	}{
		{"birthday today", g(1990, 5, 17), Gregorian, at(2024, 5, 17), 34, ""},
		{"day before birthday", g(1990, 5, 17), Gregorian, at(2024, 5, 16), 33, ""},
		{"month before birthday", g(1990, 5, 17), Gregorian, at(2024, 4, 30), 33, ""},
		{"born today", g(2024, 5, 17), Gregorian, at(2024, 5, 17), 0, ""},
		{"Feb 29 birthday, Feb 28 of a common year", g(1996, 2, 29), Gregorian, at(2023, 2, 28), 26, ""},
		{"Feb 29 birthday, Mar 1 of a common year", g(1996, 2, 29), Gregorian, at(2023, 3, 1), 27, ""},
		{"Feb 29 birthday in a leap year", g(1996, 2, 29), Gregorian, at(2024, 2, 29), 28, ""},
		{"Hijri years: 1 Ramadan 1410 on 1 Ramadan 1445", h(1410, 9, 1), Hijri, at(2024, 3, 11), 35, ""},
		{"Hijri years: the day before", h(1410, 9, 1), Hijri, at(2024, 3, 10), 34, ""},
		// 35 Hijri years are about 34 Gregorian: 28 March 1990 to 11 March 2024.
		{"same birth counted in Gregorian years", h(1410, 9, 1), Gregorian, at(2024, 3, 11), 33, ""},
		// 30 Dhu al-Qadah 1408 (1988-07-14); Dhu al-Qadah 1445 has 29 days
		// (29th = 2024-06-06), so the 37th birthday is 1 Dhu al-Hijjah.
		{"30th of a month that has 29 days this year: the 29th", h(1408, 11, 30), Hijri, at(2024, 6, 6), 36, ""},
		{"30th of a month that has 29 days this year: the next day", h(1408, 11, 30), Hijri, at(2024, 6, 7), 37, ""},
		{"future date of birth", g(2030, 1, 1), Gregorian, at(2024, 1, 1), 0, CodeDOBFuture},
		{"today after the supported range", h(1450, 1, 1), Hijri, at(2174, 11, 26), 0, CodeDateRange},
		{"date of birth before the Hijri table", h(1299, 12, 29), Hijri, at(2024, 1, 1), 0, CodeDateHijriRange},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AgeIn(tc.cal, tc.dob, tc.today)
			if tc.code != "" {
				if !errors.Is(err, tc.code) {
					t.Fatalf("err = %v, want %s", err, tc.code)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("AgeIn = %d, %v; want %d", got, err, tc.want)
			}
		})
	}
}

func TestAgeUsesTodayInItsLocation(t *testing.T) {
	riyadh := time.FixedZone("AST", 3*3600)
	// 22:00 UTC on 16 May is already the 17th, the birthday, in Riyadh.
	now := time.Date(2024, 5, 16, 22, 0, 0, 0, time.UTC)
	if a, _ := Age(g(1990, 5, 17), now); a != 33 {
		t.Errorf("UTC age = %d, want 33", a)
	}
	if a, _ := Age(g(1990, 5, 17), now.In(riyadh)); a != 34 {
		t.Errorf("Riyadh age = %d, want 34", a)
	}
}

func TestCheckDateOfBirth(t *testing.T) {
	today := time.Date(2024, 7, 7, 9, 0, 0, 0, time.UTC) // 1 Muharram 1446
	tests := []struct {
		name   string
		kind   IdentityType
		dob    Date
		minAge int
		code   Code
	}{
		{"citizen, Hijri", Citizen, h(1410, 9, 1), 15, ""},
		{"citizen, Gregorian", Citizen, g(1990, 3, 27), 15, ""},
		{"resident, Gregorian", Resident, g(1985, 1, 31), 15, ""},
		{"resident, Hijri refused", Resident, h(1405, 1, 1), 15, CodeDOBCalendar},
		{"visitor, Hijri refused", Visitor, h(1405, 1, 1), 0, CodeDOBCalendar},
		{"GCC, Hijri refused", GCC, h(1405, 1, 1), 0, CodeDOBCalendar},
		{"citizen, no calendar", Citizen, Date{0, 1990, 1, 1}, 0, CodeDOBCalendarAny},
		{"future", Resident, g(2024, 7, 8), 0, CodeDOBFuture},
		{"born today, no minimum", Resident, g(2024, 7, 7), 0, ""},
		{"exactly 15 today (Gregorian)", Resident, g(2009, 7, 7), 15, ""},
		{"15 tomorrow (Gregorian)", Resident, g(2009, 7, 8), 15, CodeDOBTooYoung},
		{"exactly 15 Hijri years today", Citizen, h(1431, 1, 1), 15, ""},
		{"15 Hijri years tomorrow", Citizen, h(1431, 1, 2), 15, CodeDOBTooYoung},
		{"invalid day", Citizen, h(1445, 11, 30), 0, CodeDateDay},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckDateOfBirth(tc.kind, tc.dob, today, tc.minAge)
			if tc.code == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			var e Error
			if !errors.Is(err, tc.code) || !errors.As(err, &e) || e.Field != FieldDateOfBirth {
				t.Fatalf("err = %v, want %s on %s", err, tc.code, FieldDateOfBirth)
			}
			if tc.code == CodeDOBTooYoung && e.Arg != tc.minAge {
				t.Errorf("Arg = %d, want %d", e.Arg, tc.minAge)
			}
		})
	}
}

func TestMonthNames(t *testing.T) {
	want := map[string]string{
		"hijri ar 1": "محرم", "hijri ar 9": "رمضان", "hijri ar 12": "ذو الحجة", "hijri en 9": "Ramadan",
		"gregorian ar 1": "يناير", "gregorian ar 8": "أغسطس", "gregorian en 12": "December",
	}
	for _, cal := range []Calendar{Gregorian, Hijri} {
		for _, lang := range []string{"ar", "en"} {
			names := MonthNames(cal, lang)
			if len(names) != 12 {
				t.Fatalf("%s %s: %d names", cal, lang, len(names))
			}
			seen := map[string]bool{}
			for i, n := range names {
				if n == "" || seen[n] {
					t.Errorf("%s %s month %d: %q empty or repeated", cal, lang, i+1, n)
				}
				seen[n] = true
				if w, ok := want[cal.String()+" "+lang+" "+itoa(i+1)]; ok && w != n {
					t.Errorf("%s %s month %d = %q, want %q", cal, lang, i+1, n, w)
				}
			}
		}
	}
	if MonthName(Hijri, 13, "ar") != "" || MonthName(0, 1, "ar") != "" {
		t.Error("out-of-range month has a name")
	}
}

func itoa(n int) string { return pad(n, 1) }

func TestYearRange(t *testing.T) {
	today := time.Date(2024, 7, 7, 9, 0, 0, 0, time.UTC)
	if f, l := YearRange(Hijri, today); f != 1300 || l != 1446 {
		t.Errorf("Hijri range %d–%d", f, l)
	}
	if f, l := YearRange(Gregorian, today); f != 1882 || l != 2024 {
		t.Errorf("Gregorian range %d–%d", f, l)
	}
}

// TestRangeMessagesNameTheRange: the two range messages state the range the
// rules apply, so a change of the table that is not carried into the texts
// fails here.
func TestRangeMessagesNameTheRange(t *testing.T) {
	first, last := hijri.First(), hijri.Last()
	tests := []struct {
		code Code
		lang string
		want []string
	}{
		{CodeDateHijriRange, "ar", []string{itoa(hijri.MinYear), itoa(hijri.MaxYear), "هـ"}},
		{CodeDateHijriRange, "en", []string{itoa(hijri.MinYear), itoa(hijri.MaxYear), "AH"}},
		{CodeDateRange, "ar", []string{itoa(first.Day()) + " " + MonthName(Gregorian, int(first.Month()), "ar") + " " + itoa(first.Year()),
			itoa(last.Day()) + " " + MonthName(Gregorian, int(last.Month()), "ar") + " " + itoa(last.Year())}},
		{CodeDateRange, "en", []string{first.Format("2 January 2006"), last.Format("2 January 2006")}},
	}
	for _, tc := range tests {
		msg := tc.code.Message(tc.lang)
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s/%s = %q, does not name %q", tc.code, tc.lang, msg, w)
			}
		}
	}
}
