package identity

import (
	"strings"

	"github.com/bawaba/bawaba/i18n"
)

// catalogLang maps the language codes the UI passes ("ar", "en", "en-GB") to a
// catalogue language; anything that is not English gets Arabic, the kiosk's first
// language.
func catalogLang(lang string) i18n.Lang {
	if lang == "en" || strings.HasPrefix(lang, "en-") {
		return i18n.EN
	}
	return i18n.AR
}

// tr is the text of key in lang from the translation catalogue
// (assets/translations/identity.*.json and countries.*.json), where every text
// this package shows a person lives.
func tr(key, lang string) string { return i18n.T(catalogLang(lang), key) }
