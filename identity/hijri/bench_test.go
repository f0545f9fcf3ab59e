package hijri

import (
	"testing"
	"time"

	uq "github.com/hablullah/go-hijri"
)

// BenchmarkFromGregorian compares go-hijri's own conversion (a linear scan of
// its table per call) with this package's month guess over the month starts
// built at start-up. The days are spread over 1356–1500 AH (1937-03-14 –
// 2077-11-16), the range go-hijri covers, so both convert the same days.
// go-hijri is only the speed baseline: its table is not ICU's (see the
// package doc).
func BenchmarkFromGregorian(b *testing.B) {
	days := make([]time.Time, 0, 1024)
	for g := day(1937, 3, 14); len(days) < cap(days); g = g.AddDate(0, 0, 50) {
		days = append(days, g)
	}
	if last := days[len(days)-1]; last.After(day(2077, 11, 16)) {
		b.Fatalf("benchmark days run to %s, past go-hijri's table", last.Format(time.DateOnly))
	}
	b.Run("baseline", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := uq.CreateUmmAlQuraDate(days[i%len(days)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("table", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := FromGregorian(days[i%len(days)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkToGregorian measures the other direction over the same span.
func BenchmarkToGregorian(b *testing.B) {
	dates := make([]Date, 0, 1024)
	for g := day(1937, 3, 14); len(dates) < cap(dates); g = g.AddDate(0, 0, 50) {
		h, err := FromGregorian(g)
		if err != nil {
			b.Fatal(err)
		}
		dates = append(dates, h)
	}
	b.Run("baseline", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			h := dates[i%len(dates)]
			_ = uq.UmmAlQuraDate{Year: int64(h.Year), Month: int64(h.Month), Day: int64(h.Day)}.ToGregorian()
		}
	})
	b.Run("table", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := ToGregorian(dates[i%len(dates)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
