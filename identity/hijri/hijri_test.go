package hijri

import (
	"errors"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// known are conversions read off ICU's islamic-umalqura calendar (node's
// Intl.DateTimeFormat), with the weekday ICU prints beside them, so the rule
// is readable without node. TestEveryDayAgainstICU checks all the others.
var known = []struct {
	name string
	h    Date
	g    time.Time
	wd   time.Weekday
}{
	{"first day of the table", Date{1300, 1, 1}, day(1882, 11, 12), time.Sunday},
	{"30 Jumada II 1396 exists", Date{1396, 6, 30}, day(1976, 6, 28), time.Monday},
	{"1 Rajab 1396 follows it", Date{1396, 7, 1}, day(1976, 6, 29), time.Tuesday},
	{"29 Sha'ban 1364 exists", Date{1364, 8, 29}, day(1945, 8, 8), time.Wednesday},
	{"new year 1356", Date{1356, 1, 1}, day(1937, 3, 14), time.Sunday},
	{"1970-01-01", Date{1389, 10, 22}, day(1970, 1, 1), time.Thursday},
	{"29 Sha'ban 1410, not 1 Ramadan", Date{1410, 8, 29}, day(1990, 3, 27), time.Tuesday},
	{"2000-01-01", Date{1420, 9, 24}, day(2000, 1, 1), time.Saturday},
	{"Ramadan 1443", Date{1443, 9, 1}, day(2022, 4, 2), time.Saturday},
	{"Eid al-Fitr 1443", Date{1443, 10, 1}, day(2022, 5, 2), time.Monday},
	{"new year 1444", Date{1444, 1, 1}, day(2022, 7, 30), time.Saturday},
	{"Eid al-Fitr 1444", Date{1444, 10, 1}, day(2023, 4, 21), time.Friday},
	{"new year 1445", Date{1445, 1, 1}, day(2023, 7, 19), time.Wednesday},
	{"Ramadan 1445", Date{1445, 9, 1}, day(2024, 3, 11), time.Monday},
	{"Eid al-Fitr 1445", Date{1445, 10, 1}, day(2024, 4, 10), time.Wednesday},
	{"Eid al-Adha 1445", Date{1445, 12, 10}, day(2024, 6, 16), time.Sunday},
	{"new year 1446", Date{1446, 1, 1}, day(2024, 7, 7), time.Sunday},
	{"Jumada al-Akhirah 1446", Date{1446, 6, 1}, day(2024, 12, 2), time.Monday},
	{"Ramadan 1446", Date{1446, 9, 1}, day(2025, 3, 1), time.Saturday},
	{"new year 1447", Date{1447, 1, 1}, day(2025, 6, 26), time.Thursday},
	{"30 Rabi' I 1451 exists", Date{1451, 3, 30}, day(2029, 8, 11), time.Saturday},
	{"1 Rabi' II 1451 follows it", Date{1451, 4, 1}, day(2029, 8, 12), time.Sunday},
	{"30 Dhu al-Hijjah 1500", Date{1500, 12, 30}, day(2077, 11, 16), time.Tuesday},
	{"last day of the table", Date{1600, 12, 30}, day(2174, 11, 25), time.Friday},
}

func TestKnownConversions(t *testing.T) {
	for _, tc := range known {
		t.Run(tc.name, func(t *testing.T) {
			g, err := ToGregorian(tc.h)
			if err != nil {
				t.Fatalf("ToGregorian(%s): %v", tc.h, err)
			}
			if !g.Equal(tc.g) {
				t.Errorf("ToGregorian(%s) = %s, want %s", tc.h, g.Format(time.DateOnly), tc.g.Format(time.DateOnly))
			}
			if g.Weekday() != tc.wd {
				t.Errorf("%s fell on %s, want %s", tc.g.Format(time.DateOnly), g.Weekday(), tc.wd)
			}
			h, err := FromGregorian(tc.g)
			if err != nil || h != tc.h {
				t.Errorf("FromGregorian(%s) = %s, %v; want %s", tc.g.Format(time.DateOnly), h, err, tc.h)
			}
		})
	}
}

func TestRangeEnds(t *testing.T) {
	if got := First(); !got.Equal(day(1882, 11, 12)) {
		t.Errorf("First() = %s", got)
	}
	if got := Last(); !got.Equal(day(2174, 11, 25)) {
		t.Errorf("Last() = %s", got)
	}
	for _, g := range []time.Time{
		day(1882, 11, 11), day(2174, 11, 26), day(1800, 1, 1), day(9999, 1, 1),
		time.Date(1882, 11, 11, 23, 59, 59, 0, time.UTC),
		time.Date(2174, 11, 25, 23, 0, 0, 0, time.UTC).In(time.FixedZone("+01", 3600)),
		{}, // the zero time, year 1
	} {
		if _, err := FromGregorian(g); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("FromGregorian(%s) err = %v, want ErrOutOfRange", g, err)
		}
	}
	for _, h := range []Date{{1299, 12, 29}, {1601, 1, 1}, {0, 1, 1}, {-5, 1, 1}, {1 << 40, 1, 1}} {
		if _, err := ToGregorian(h); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("ToGregorian(%s) err = %v, want ErrOutOfRange", h, err)
		}
		if err := h.Validate(); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("%s.Validate() = %v, want ErrOutOfRange", h, err)
		}
	}
}

func TestMonthLengths(t *testing.T) {
	tests := []struct {
		name        string
		year, month int
		want        int
	}{
		{"Muharram 1300 has 30 days", 1300, 1, 30},
		{"Safar 1300 has 29 days", 1300, 2, 29},
		{"Sha'ban 1364 has 29 days", 1364, 8, 29},
		{"Jumada al-Akhirah 1396 has 30 days", 1396, 6, 30},
		{"Ramadan 1444 has 29 days", 1444, 9, 29},
		{"Ramadan 1445 has 30 days", 1445, 9, 30},
		{"Dhu al-Qa'dah 1445 has 29 days", 1445, 11, 29},
		{"Dhu al-Hijjah 1445 has 30 days", 1445, 12, 30},
		{"Jumada al-Ula 1446 has 29 days", 1446, 5, 29},
		{"Rabi' al-Awwal 1451 has 30 days", 1451, 3, 30},
		{"Dhu al-Hijjah 1600 has 30 days", 1600, 12, 30},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := MonthLength(tc.year, tc.month)
			if err != nil || n != tc.want {
				t.Fatalf("MonthLength(%d, %d) = %d, %v; want %d", tc.year, tc.month, n, err, tc.want)
			}
			if err := (Date{tc.year, tc.month, n}).Validate(); err != nil {
				t.Errorf("last day %d rejected: %v", n, err)
			}
			if err := (Date{tc.year, tc.month, n + 1}).Validate(); !errors.Is(err, ErrInvalidDate) {
				t.Errorf("day %d accepted (err %v)", n+1, err)
			}
		})
	}
	for _, m := range []int{0, 13, -1} {
		if _, err := MonthLength(1445, m); !errors.Is(err, ErrInvalidDate) {
			t.Errorf("MonthLength(1445, %d) err = %v", m, err)
		}
	}
	for _, d := range []int{0, -1, 31} {
		if err := (Date{1445, 1, d}).Validate(); !errors.Is(err, ErrInvalidDate) {
			t.Errorf("day %d accepted: %v", d, err)
		}
	}
}

// TestFromGregorianUsesLocalDay: the Hijri day is that of the calendar day
// in t's own location, on both sides of 1970 and of UTC.
func TestFromGregorianUsesLocalDay(t *testing.T) {
	riyadh := time.FixedZone("AST", 3*3600)
	honolulu := time.FixedZone("HST", -10*3600)
	kolkata := time.FixedZone("IST", 5*3600+1800)
	tests := []struct {
		name string
		at   time.Time
		want Date
	}{
		{"22:30 UTC on 6 July 2024 is 7 July in Riyadh", time.Date(2024, 7, 6, 22, 30, 0, 0, time.UTC).In(riyadh), Date{1446, 1, 1}},
		{"20:59 UTC on 6 July 2024 is still 6 July in Riyadh", time.Date(2024, 7, 6, 20, 59, 59, 0, time.UTC).In(riyadh), Date{1445, 12, 30}},
		{"09:00 UTC on 7 July 2024 is 6 July in Honolulu", time.Date(2024, 7, 7, 9, 0, 0, 0, time.UTC).In(honolulu), Date{1445, 12, 30}},
		{"10:00 UTC on 7 July 2024 is 7 July in Honolulu", time.Date(2024, 7, 7, 10, 0, 0, 0, time.UTC).In(honolulu), Date{1446, 1, 1}},
		{"18:30 UTC on 6 July 2024 is 7 July in Kolkata", time.Date(2024, 7, 6, 18, 30, 0, 0, time.UTC).In(kolkata), Date{1446, 1, 1}},
		{"last second of a day before 1970", time.Date(1937, 3, 13, 23, 59, 59, 999999999, time.UTC), Date{1355, 12, 29}},
		{"first second of a day before 1970", time.Date(1937, 3, 14, 0, 0, 0, 0, time.UTC), Date{1356, 1, 1}},
		{"a day before 1970 in Riyadh", time.Date(1937, 3, 13, 21, 0, 0, 0, time.UTC).In(riyadh), Date{1356, 1, 1}},
		{"first second of the table", time.Date(1882, 11, 12, 0, 0, 0, 0, time.UTC), Date{1300, 1, 1}},
		{"last second of the table", time.Date(2174, 11, 25, 23, 59, 59, 0, time.UTC), Date{1600, 12, 30}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, err := FromGregorian(tc.at)
			if err != nil || h != tc.want {
				t.Errorf("FromGregorian(%s) = %s, %v; want %s", tc.at, h, err, tc.want)
			}
		})
	}
}

// FuzzFromGregorian: every instant in the range converts, and converting the
// result back gives the instant's calendar day; every instant outside is
// ErrOutOfRange. Each input is tried as it is (mostly far outside the range)
// and folded into the range's span, so that both sides get fuzzed.
func FuzzFromGregorian(f *testing.F) {
	f.Add(int64(0), int32(0))
	f.Add(First().Unix(), int32(0))
	f.Add(First().Unix()-1, int32(0))
	f.Add(Last().Unix()+86399, int32(0))
	f.Add(Last().Unix()+86400, int32(0))
	f.Add(int64(-1<<40), int32(3600))
	f.Add(int64(1720305000), int32(3*3600))
	span := Last().Unix() + 2*86400 - First().Unix() // the range and a day either side
	f.Fuzz(func(t *testing.T, sec int64, offset int32) {
		zone := time.FixedZone("", int(offset%(26*3600))) // zones are within a day of UTC
		folded := sec % span
		if folded < 0 {
			folded += span
		}
		for _, s := range []int64{sec, First().Unix() - 86400 + folded} {
			g := time.Unix(s, 0).In(zone)
			y, m, d := g.Date()
			local := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
			h, err := FromGregorian(g)
			if local.Before(First()) || local.After(Last()) {
				if !errors.Is(err, ErrOutOfRange) {
					t.Fatalf("FromGregorian(%s) = %s, %v; want ErrOutOfRange", g, h, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("FromGregorian(%s): %v", g, err)
			}
			back, err := ToGregorian(h)
			if err != nil || !back.Equal(local) {
				t.Fatalf("round trip %s -> %s -> %s (%v)", g, h, back, err)
			}
		}
	})
}

// FuzzToGregorian: every valid Hijri date converts and comes back unchanged;
// anything else is refused with one of the two sentinels. Each input is
// tried as it is and folded into the years, months and days around the
// table.
func FuzzToGregorian(f *testing.F) {
	f.Add(1446, 1, 1)
	f.Add(1300, 1, 1)
	f.Add(1600, 12, 30)
	f.Add(1396, 6, 30)
	f.Add(1451, 3, 30)
	f.Add(1445, 11, 30)
	f.Add(0, 0, 0)
	mod := func(a, n int) int { return (a%n + n) % n }
	f.Fuzz(func(t *testing.T, y, m, d int) {
		folded := Date{MinYear - 1 + mod(y, MaxYear-MinYear+3), mod(m, 14), mod(d, 32)}
		for _, h := range []Date{{y, m, d}, folded} {
			g, err := ToGregorian(h)
			if err != nil {
				if !errors.Is(err, ErrOutOfRange) && !errors.Is(err, ErrInvalidDate) {
					t.Fatalf("unexpected error %v", err)
				}
				if vErr := h.Validate(); vErr == nil {
					t.Fatalf("ToGregorian refused %s (%v) but Validate accepts it", h, err)
				}
				continue
			}
			if back, err := FromGregorian(g); err != nil || back != h {
				t.Fatalf("round trip %s -> %s -> %s (%v)", h, g.Format(time.DateOnly), back, err)
			}
		}
	})
}
