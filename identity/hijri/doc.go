// Package hijri converts between the Gregorian calendar and the Umm al-Qura
// calendar, the official Hijri calendar of Saudi Arabia, exactly as ICU's
// islamic-umalqura calendar does. Java's HijrahChronology (Hijrah-umalqura)
// carries the same table, and .NET's UmAlQuraCalendar over its shorter
// 1318–1500 AH range: these are the converters people check a date against.
// It covers 1 Muharram 1300 AH (1882-11-12) to 30 Dhu al-Hijjah 1600 AH
// (2174-11-25), the range of ICU's table, in both directions; every other
// date is ErrOutOfRange.
//
// The month lengths are generated from ICU itself: internal/gen/umalqura.js
// walks every day of the range through node's Intl.DateTimeFormat with the
// islamic-umalqura calendar and writes umalqura_table.go (one bit per month,
// set for a 30-day month, and the day 1 Muharram 1300 falls on). To
// regenerate it, run `go generate ./identity/hijri` with node (built with
// full ICU, as Debian's nodejs is) on the PATH. The table is turned into
// month starts counted in days since 1970-01-01 once at start-up; every
// conversion after that is arithmetic on them.
//
// TestEveryDayAgainstICU checks every day of the range against ICU again,
// both ways, with a separate script (testdata/icu_days.js); it needs node and
// fails without it.
//
// # Caveats
//
//   - Umm al-Qura is a computed calendar; the dates announced for religious
//     occasions (Ramadan, Eid) follow moon sighting and can differ by a day.
//     Official documents (ID cards, birth certificates) use Umm al-Qura, which
//     is what a date of birth needs.
//   - Other Umm al-Qura tables disagree with ICU. The table of
//     github.com/hablullah/go-hijri (a transcription of R. H. van Gent's
//     tables, which this package used before) gives a different Hijri date
//     for 20,711 of the 51,383 days of 1356–1500 AH, before 1420 AH and
//     from 1451 AH on (1420–1449 AH agree day for day), and it has a 28-day
//     Sha'ban 1364. This package follows ICU, because that is
//     what phones, browsers and systems built on ICU, Java or .NET show. A
//     date a person typed is kept as typed; conversion only shows it in the
//     other calendar.
//   - Outside 1300–1600 AH ICU falls back to the arithmetic Islamic
//     calendar, which is not Umm al-Qura, so this package refuses those
//     dates instead of guessing.
//   - A Gregorian time is converted by its calendar day in its own location:
//     pass times in the kiosk's zone (Asia/Riyadh) so that "today" flips at
//     local midnight.
//   - Errors never carry the date converted: it is often a date of birth.
package hijri
