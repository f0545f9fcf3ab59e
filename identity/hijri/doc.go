// Package hijri converts between the Gregorian calendar and the Umm al-Qura
// calendar, the official Hijri calendar of Saudi Arabia, over the whole range
// the official tables cover: 1 Muharram 1356 AH (14 March 1937) to the last day
// of Dhu al-Hijjah 1500 AH (16 November 2077).
//
// The month lengths come from the table in github.com/hablullah/go-hijri
// (v1.0.2), which transcribes R. H. van Gent's Umm al-Qura tables. The table
// is read once at start-up into month starts counted in days since 1970-01-01;
// every conversion after that is arithmetic on that slice and cannot fail
// inside the range.
//
// # Caveats
//
//   - Umm al-Qura is a computed calendar; the dates announced for religious
//     occasions (Ramadan, Eid) follow moon sighting and can differ by a day.
//     Official documents (ID cards, birth certificates) use Umm al-Qura, which
//     is what a date of birth needs.
//   - The table follows the calendar as it was published at the time, and
//     those printed calendars are irregular before about 1420 AH. Sha'ban
//     1364 has only 28 days (1945-07-11 – 1945-08-07), so "29 Sha'ban 1364"
//     is rejected. The present-day KACST converter (and the Oracle JDK
//     Hijrah-umalqura table) recomputes those years with a single rule and
//     differs from this table by a day in many months before 1420 AH; the
//     published dates are the ones on documents issued at the time. The
//     same table is used by hijridate (Python) and moment-hijri.
//   - Dates before 1356 AH are outside the published tables. They return
//     ErrOutOfRange instead of an extrapolated guess.
//   - A Gregorian time is converted by its calendar day in its own location:
//     pass times in the kiosk's zone (Asia/Riyadh) so that "today" flips at
//     local midnight.
package hijri
