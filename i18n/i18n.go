// Package i18n is Bawaba's small explicit translator. Fyne's lang package has no
// public way to switch language at run time, and a kiosk switches on every visitor,
// so strings are looked up here by key and a language switch rebuilds the screen.
//
// Catalogs are JSON objects (key → text) in assets/translations. A file is named
// "<lang>.json" or "<area>.<lang>.json" (e.g. "register.ar.json"); all files of a
// language are merged, and a key defined twice is an error, so areas cannot
// silently override each other. Every key must exist in every language: Check
// reports the gaps and the package test fails on them.
//
// # Caveats
//
// Texts are plain strings in logical order. Arabic text must be drawn with the
// kiosk/rtl widgets, which order bidi runs; Fyne alone would draw it left to right.
package i18n

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/bawaba/bawaba/assets"
)

// Lang is a UI language, named by its BCP 47 code.
type Lang string

// The languages the kiosk speaks. Arabic is the first language.
const (
	AR Lang = "ar"
	EN Lang = "en"
)

// Langs lists the supported languages in the order they are offered.
var Langs = []Lang{AR, EN}

// Errors returned by Parse and Load.
var (
	// ErrUnknownLang is returned by Parse for a code that is not in Langs.
	ErrUnknownLang = errors.New("i18n: unknown language")
	// ErrDuplicateKey is returned by Load when two files of one language define a key.
	ErrDuplicateKey = errors.New("i18n: key defined twice")
)

// RTL reports whether the language is written right to left.
func (l Lang) RTL() bool { return l == AR }

// Parse returns the Lang for a code such as "ar" or "en".
func Parse(code string) (Lang, error) {
	for _, l := range Langs {
		if string(l) == strings.ToLower(strings.TrimSpace(code)) {
			return l, nil
		}
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownLang, code)
}

// Catalog holds the texts of every language.
type Catalog struct {
	texts map[Lang]map[string]string
}

// Load reads every *.json file at the root of fsys into a Catalog.
func Load(fsys fs.FS) (*Catalog, error) {
	files, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("i18n: list catalogs: %w", err)
	}
	c := &Catalog{texts: map[Lang]map[string]string{}}
	for _, name := range files {
		parts := strings.Split(strings.TrimSuffix(path.Base(name), ".json"), ".")
		lang, err := Parse(parts[len(parts)-1])
		if err != nil {
			return nil, fmt.Errorf("i18n: catalog %s: %w", name, err)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: read %s: %w", name, err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: parse %s: %w", name, err)
		}
		if c.texts[lang] == nil {
			c.texts[lang] = map[string]string{}
		}
		for k, v := range m {
			if _, dup := c.texts[lang][k]; dup {
				return nil, fmt.Errorf("%w: %s in %s", ErrDuplicateKey, k, name)
			}
			c.texts[lang][k] = v
		}
	}
	return c, nil
}

// T returns the text of key in lang. A missing key is returned as "⟦key⟧" so that it
// is visible on screen and in golden files instead of silently blank.
func (c *Catalog) T(lang Lang, key string) string {
	if s, ok := c.texts[lang][key]; ok {
		return s
	}
	return "⟦" + key + "⟧"
}

// Tf is T followed by fmt.Sprintf with args (texts use %d, %s, %[1]d verbs).
func (c *Catalog) Tf(lang Lang, key string, args ...any) string {
	return fmt.Sprintf(c.T(lang, key), args...)
}

// Has reports whether key is translated in lang.
func (c *Catalog) Has(lang Lang, key string) bool {
	_, ok := c.texts[lang][key]
	return ok
}

// Keys returns, sorted, every key defined in lang.
func (c *Catalog) Keys(lang Lang) []string {
	keys := make([]string, 0, len(c.texts[lang]))
	for k := range c.texts[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Check returns, sorted, "lang:key" for every key that one language defines and
// another lacks.
func (c *Catalog) Check() []string {
	all := map[string]bool{}
	for _, m := range c.texts {
		for k := range m {
			all[k] = true
		}
	}
	var missing []string
	for _, l := range Langs {
		for k := range all {
			if _, ok := c.texts[l][k]; !ok {
				missing = append(missing, string(l)+":"+k)
			}
		}
	}
	sort.Strings(missing)
	return missing
}

var (
	defaultOnce sync.Once
	defaultCat  *Catalog
)

// Default returns the catalog embedded in the assets package. It panics if the
// embedded files are malformed: that is a build defect, caught by this package's tests.
func Default() *Catalog {
	defaultOnce.Do(func() {
		sub, err := fs.Sub(assets.Translations, "translations")
		if err == nil {
			defaultCat, err = Load(sub)
		}
		if err != nil {
			panic(err)
		}
	})
	return defaultCat
}

// T returns the text of key in lang from the Default catalog.
func T(lang Lang, key string) string { return Default().T(lang, key) }

// Tf formats the text of key in lang from the Default catalog with args.
func Tf(lang Lang, key string, args ...any) string { return Default().Tf(lang, key, args...) }
