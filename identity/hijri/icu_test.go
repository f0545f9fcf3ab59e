package hijri

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// icuDay is one line of testdata/icu_days.js: a Gregorian day (days since
// 1970-01-01) and the Hijri date ICU's islamic-umalqura calendar gives it.
type icuDay struct {
	day int64
	h   Date
}

// margin is how many days beyond each end of the table the oracle is asked
// about, to check that the days next to the range are refused.
const margin = 400

// icuDays runs the oracle over the whole table and margin days either side.
// node is a test dependency like Xvfb: scripts/setup.sh installs it, and a
// machine without it fails this test rather than skipping it, because a
// skipped oracle would let the table drift from ICU unnoticed.
func icuDays(t *testing.T) []icuDay {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node (with full ICU) is the oracle for the Umm al-Qura table and is not installed: run scripts/setup.sh (%v)", err)
	}
	from, to := int64(epochDay-margin), int64(endDay-1+margin)
	cmd := exec.Command(node, "testdata/icu_days.js", strconv.FormatInt(from, 10), strconv.FormatInt(to, 10))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node testdata/icu_days.js: %v\n%s", err, stderr.Bytes())
	}
	days := make([]icuDay, 0, to-from+1)
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var d icuDay
		if _, err := fmt.Sscan(sc.Text(), &d.day, &d.h.Year, &d.h.Month, &d.h.Day); err != nil {
			t.Fatalf("oracle line %q: %v", sc.Text(), err)
		}
		days = append(days, d)
	}
	if len(days) != int(to-from+1) || days[0].day != from || days[len(days)-1].day != to {
		t.Fatalf("oracle printed %d days, want %d from %d to %d", len(days), to-from+1, from, to)
	}
	return days
}

// TestEveryDayAgainstICU converts every day of 1300–1600 AH both ways and
// compares each with ICU: Gregorian → Hijri for every Gregorian day, Hijri →
// Gregorian for every day 1–30 of every month (a day ICU never names, such
// as the 30th of a 29-day month, must be refused), and the days just outside
// the table must be ErrOutOfRange.
func TestEveryDayAgainstICU(t *testing.T) {
	days := icuDays(t)
	gregorian := make(map[Date]time.Time, len(days))
	var inRange, outside, mismatches int
	for _, d := range days {
		g := time.Unix(d.day*86400, 0).UTC()
		got, err := FromGregorian(g)
		if d.h.Year < MinYear || d.h.Year > MaxYear {
			outside++
			if !errors.Is(err, ErrOutOfRange) {
				t.Errorf("FromGregorian(%s) = %s, %v; ICU says %s, outside the table, want ErrOutOfRange", g.Format(time.DateOnly), got, err, d.h)
				mismatches++
			}
			continue
		}
		inRange++
		if err != nil || got != d.h {
			t.Errorf("FromGregorian(%s) = %s, %v; ICU says %s", g.Format(time.DateOnly), got, err, d.h)
			mismatches++
		}
		if _, dup := gregorian[d.h]; dup {
			t.Fatalf("ICU names %s twice", d.h)
		}
		gregorian[d.h] = g
		if mismatches > 20 {
			t.Fatal("too many differences from ICU; stopping")
		}
	}
	if want := endDay - epochDay; inRange != want {
		t.Errorf("ICU has %d days in %d–%d AH, the table %d", inRange, MinYear, MaxYear, want)
	}
	if outside != 2*margin {
		t.Errorf("ICU has %d days outside the table within the margins, want %d", outside, 2*margin)
	}

	var valid, refused int
	for y := MinYear; y <= MaxYear; y++ {
		for m := 1; m <= 12; m++ {
			for d := 0; d <= 31; d++ {
				h := Date{y, m, d}
				want, ok := gregorian[h]
				got, err := ToGregorian(h)
				switch {
				case ok && (err != nil || !got.Equal(want)):
					t.Errorf("ToGregorian(%s) = %s, %v; ICU says %s", h, got.Format(time.DateOnly), err, want.Format(time.DateOnly))
					mismatches++
				case ok:
					valid++
				case !errors.Is(err, ErrInvalidDate):
					t.Errorf("ToGregorian(%s) = %s, %v; ICU has no such day, want ErrInvalidDate", h, got.Format(time.DateOnly), err)
					mismatches++
				case d == 30:
					refused++
				}
				if mismatches > 20 {
					t.Fatal("too many differences from ICU; stopping")
				}
			}
		}
	}
	if valid != len(gregorian) {
		t.Errorf("%d Hijri days convert, ICU has %d", valid, len(gregorian))
	}
	t.Logf("ICU %s: %d Gregorian days → Hijri, %d Hijri days → Gregorian, %d thirtieths of 29-day months refused, %d days outside refused",
		icuVersion(t), inRange, valid, refused, outside)
}

func icuVersion(t *testing.T) string {
	out, err := exec.Command("node", "-p", "process.versions.icu").Output()
	if err != nil {
		t.Fatalf("node -p process.versions.icu: %v", err)
	}
	return strings.TrimSpace(string(out))
}
