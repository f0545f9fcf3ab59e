package assets

import "embed"

// Translations holds the UI strings as JSON objects (key → text), one file per
// language and area: "ar.json"/"en.json" for the shell, "<area>.ar.json" for a flow.
// i18n loads and merges them.
//
//go:embed translations/*.json
var Translations embed.FS
