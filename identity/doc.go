// Package identity holds the rules every resident flow validates against:
// ID numbers (national ID, iqama, border number, passport, GCC IDs),
// identity types, dates of birth in the Hijri (Umm al-Qura) and Gregorian
// calendars, mobile numbers, email, username and password, and the Saudi
// national address. It has no UI import: the kiosk screens and the central
// service use the same rules.
//
// Every function takes what a person typed, normalises it (surrounding
// spaces, Arabic-Indic ٠-٩ and Persian ۰-۹ digits, bidi marks pasted from
// Arabic text) and returns either the normalised value or an Error. An Error
// carries a stable Code (for example "id.checksum") that the UI maps to a
// message with Message("ar") or Message("en"), and the Field it concerns.
// Errors never contain the value that was typed, so they may be logged.
//
// Every text this package returns (error messages, identity type, document,
// calendar, month and country names) is read from the translation catalogue
// (package i18n, assets/translations/identity.*.json and countries.*.json):
// the Go code holds keys, a translator edits one place.
//
// The leaf packages beside it hold rules that device drivers share without
// the rest: luhn (the check digit), bankcard (PAN shape, mask, card token) and
// biometric (the synthetic fingerprint template and its matching).
//
// # Caveats
//
//   - The national ID / iqama check digit is the Luhn algorithm: community
//     consensus repeated by many independent validators (e.g.
//     alhazmy13/Saudi-ID-Validator), not an official statement.
//   - Border-number prefixes and the GCC ID rules are not officially
//     published; they are configurable (Rules) or stated per country in
//     gccRules with their source and how sure we are. Border numbers have
//     no check digit here (see DefaultBorderPrefixes for why). The central
//     service checks with the default Rules: a kiosk configured with other
//     border prefixes would accept numbers central declines.
//   - Hijri dates use package hijri, which converts as ICU's
//     islamic-umalqura calendar does over 1300–1600 AH; dates in either
//     calendar are accepted only over that range (1882-11-12 – 2174-11-25),
//     so that each has a twin in the other calendar.
//   - Email addresses are ASCII only: internationalised (IDN, UTF-8 local
//     part) addresses are rejected, punycode (xn--) domains are accepted.
package identity
