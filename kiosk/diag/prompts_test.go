package diag

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/bawaba/bawaba/i18n"
)

// The staff tools' source files whose prompts TestEveryStaffPromptExists
// checks: this screen, settings, USB transfer and the shell's staff screens.
var promptSources = []string{"*.go", "../settings/*.go", "../usb/*.go", "../shell/staff.go"}

// Prompts made at run time from a prefix: the device tests (one per kind)
// and the settings' refusals (one per code).
var dynamicPrompts = map[string][]string{
	"speech.diag.test.":    {"printer", "docreader", "cardreader", "scanner", "fingerprint"},
	"speech.settings.err.": {"no_port", "port_taken", "baud", "idle", "value", "file", "write"},
}

// promptKeys returns the "speech.…" string literals in the staff tools' code.
func promptKeys(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	var keys []string
	for _, pattern := range promptSources {
		files, err := filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v (%d files)", pattern, err, len(files))
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil && strings.HasPrefix(s, "speech.") && !strings.HasSuffix(s, ".") {
						keys = append(keys, s)
					}
				}
				return true
			})
		}
	}
	for prefix, ends := range dynamicPrompts {
		for _, e := range ends {
			keys = append(keys, prefix+e)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// TestEveryStaffPromptExists: every prompt the staff tools can say is in both
// catalogues, and the Arabic one is written with its diacritics (tashkeel), so
// that the speech engine reads it right.
func TestEveryStaffPromptExists(t *testing.T) {
	keys := promptKeys(t)
	if len(keys) < 40 {
		t.Fatalf("found only %d prompts: %v", len(keys), keys)
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !i18n.Default().Has(l, k) {
				t.Errorf("%s: no prompt %s", l, k)
			}
		}
		if ar := i18n.T(i18n.AR, k); !voweled(ar) {
			t.Errorf("%s: the Arabic prompt lacks diacritics: %q", k, ar)
		}
	}
}

// voweled reports whether nine in ten Arabic words of s or more carry a
// diacritic.
func voweled(s string) bool {
	words, marked := 0, 0
	for _, w := range strings.Fields(s) {
		arabic, mark := false, false
		for _, r := range w {
			switch {
			case r >= 0x064B && r <= 0x0652: // fathatan … sukun
				mark = true
			case unicode.Is(unicode.Arabic, r):
				arabic = true
			}
		}
		if arabic {
			words++
			if mark {
				marked++
			}
		}
	}
	return words > 0 && marked*10 >= words*9
}
