// Package places holds the cities and districts a national address is picked
// from: a data file of Saudi cities with their districts, in Arabic and
// English, embedded in the binary (places.tsv), its parser, and the search a
// touch picker filters by as the person types. The kiosk and the central
// service use the same directory: the kiosk offers only these places, and
// central accepts only their codes.
//
// # Caveats
//
//   - The list is a plausible selection for a reference system: the main
//     cities and a set of their well-known districts, with common spellings.
//     It is not the national gazetteer; a deployment replaces places.tsv with
//     the official list (the format is in the file's header).
//   - Codes are the stable key. A code, once shipped, must keep meaning the
//     same place: queued requests and stored addresses carry it.
//   - The search folds the spellings a person types without noticing
//     (hamza forms of alef, taa marbuta, alef maqsura, diacritics, letter
//     case) but not transliteration variants (Olaya / Ulaya).
package places
