package hijri

import (
	"testing"
	"time"

	uq "github.com/hablullah/go-hijri"
)

// BenchmarkFromGregorian compares go-hijri's own conversion (a linear scan of
// its table per call) with this package's binary search over the month
// starts loaded at start-up.
func BenchmarkFromGregorian(b *testing.B) {
	days := make([]time.Time, 0, 1024)
	for g := First(); len(days) < cap(days); g = g.AddDate(0, 0, 50) {
		days = append(days, g)
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
