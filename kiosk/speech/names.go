package speech

import "strconv"

// Names the kiosk shows as written have spoken forms of their own, with the
// diacritics espeak-ng needs to read Arabic well: countries and months. Their
// texts, stripped of the diacritics, are the names on the screen
// (TestSpokenNamesMatchTheScreen).

// CountryKey is the prompt of a country's name, by its ISO 3166-1 alpha-3
// code ("speech.country.SAU"; assets/translations/countryspeech.*.json).
func CountryKey(alpha3 string) string { return KeyPrefix + "country." + alpha3 }

// MonthKey is the prompt of a month's name: calendar as identity.Calendar
// spells it ("hijri", "gregorian"), month from 1
// (assets/translations/spoken.*.json).
func MonthKey(calendar string, month int) string {
	return KeyPrefix + "month." + calendar + "." + strconv.Itoa(month)
}

// lazyPrefix names the prompts Warm leaves to be rendered when first said:
// the 250 country names, of which a session says one or two, would double the
// first start's rendering (some 500 clips, about a minute more of one core)
// and the cache (some 25 MB) for audio hardly ever played.
var lazyPrefix = CountryKey("")
