// Package fynelocale gives Fyne a system locale it can parse, before Fyne reads it.
//
// Fyne reads the system locale through github.com/jeandeaual/go-locale: the first
// non-empty of LC_ALL, LC_MESSAGES and LANG, or LANGUAGE when that is set and the
// first is not exactly "C" or "POSIX". Exactly "C" or "POSIX" reads as no locale
// (English, quietly), but "C.UTF-8" — what Debian's containers and systemd units
// commonly set, and what scripts/run.sh sets when LANG is empty — has its encoding
// cut off and gives the language tag "C", which does not parse: "Fyne error: Error
// parsing user locale C" at every start. The kiosk's own language comes from its
// configuration, not from the locale; Fyne only uses it for its few built-in texts
// and date formats. So a C or POSIX locale maps to en-US, by setting LANGUAGE,
// which go-locale prefers in that case and which changes nothing else (LC_CTYPE,
// which GLFW reads for text input, stays as it was).
//
// # Caveats
//
// Fyne's lang package reads the locale in its init function, before main runs, so
// the fix is made in this package's init: cmd/kiosk imports it for that effect
// alone. Go initialises packages in import-path order among those whose imports
// are ready; this package imports only os and strings, and lang needs
// text/template, which sorts after this package's path, so this init runs first.
// The test in cmd/kiosk runs the built binary to prove it.
package fynelocale

import (
	"os"
	"strings"
)

func init() { Apply() }

// Apply sets the environment variable Fix names, if any.
func Apply() {
	if k, v, ok := Fix(os.Getenv); ok {
		os.Setenv(k, v)
	}
}

// Fix returns the environment variable to set, and its value, so that Fyne finds
// a locale it can parse; ok is false when nothing needs changing.
func Fix(getenv func(string) string) (key, value string, ok bool) {
	var locale string
	for _, k := range [...]string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if locale = getenv(k); locale != "" {
			break
		}
	}
	if locale == "C" || locale == "POSIX" {
		return "", "", false
	}
	if l := getenv("LANGUAGE"); l != "" {
		locale = l
	}
	lang, _, _ := strings.Cut(locale, ":") // LANGUAGE may list several
	lang, _, _ = strings.Cut(lang, ".")
	lang, _, _ = strings.Cut(strings.ReplaceAll(lang, "-", "_"), "_")
	if lang != "C" && lang != "POSIX" {
		return "", "", false
	}
	return "LANGUAGE", "en_US", true
}
