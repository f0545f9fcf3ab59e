package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// notTexts are the non-test Go files allowed to hold Arabic string literals,
// each with the reason its literals are not texts a translator edits.
var notTexts = map[string]string{
	"kiosk/keyboard/keyboard.go":          "the key caps of the Arabic keyboard layout: letters a key types, not a text",
	"sync/central/backoffice/registry.go": "synthetic registry people's names: registry data (a real registry supplies names), not a text of ours",
}

// arabicLiterals returns, for one Go source, the string literals that hold an
// Arabic letter, with their positions.
func arabicLiterals(fset *token.FileSet, name string, src any) ([]string, error) {
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var found []string
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			s = lit.Value
		}
		if strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) }) {
			found = append(found, fset.Position(lit.Pos()).String()+": "+lit.Value)
		}
		return true
	})
	return found, nil
}

// TestNoArabicTextOutsideCatalogues parses every non-test Go file of the module
// and fails on any string literal holding an Arabic letter outside notTexts: a
// text a person reads in Arabic belongs in assets/translations, keyed, where the
// completeness test checks it has its English twin.
//
// What it catches: Arabic texts written as Go strings, in any package, including
// the central service's SMS texts. What it does not: an English-only text written
// as a Go string (English cannot be told from identifiers, log messages and
// protocol strings by its letters); Arabic built from runes or bytes rather than a
// string literal; Arabic in comments, which nobody sees. The message functions of
// identity and kiosk/register are checked to return catalogue texts by their own
// tests (TestMessagesAreCatalogueTexts, TestTextsComeFromTheCatalogue).
func TestNoArabicTextOutsideCatalogues(t *testing.T) {
	root := filepath.Join("..")
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && rel != "." || d.Name() == "testdata" || d.Name() == "bin" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		files++
		found, err := arabicLiterals(fset, path, nil)
		if err != nil {
			return err
		}
		if _, ok := notTexts[rel]; ok {
			if len(found) == 0 {
				t.Errorf("%s is allowed Arabic literals but has none: remove it from notTexts", rel)
			}
			return nil
		}
		for _, f := range found {
			t.Errorf("Arabic text in Go source, move it to assets/translations: %s", f)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("only %d Go files found under %s: the walk did not see the module", files, root)
	}
}

// TestArabicLiteralsFinder shows what the finder flags and what it lets pass.
func TestArabicLiteralsFinder(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want int
	}{
		{"when a string holds an Arabic word, it is flagged", `package p; var s = "رقم الهوية"`, 1},
		{"when a raw string holds one, it is flagged", "package p; var s = `مرحبا`", 1},
		{"when a string escapes Arabic letters, it is flagged", `package p; var s = "\u0645\u0631"`, 1},
		{"when Arabic is only in a comment, it passes", "package p\n// مرحبا\nvar s = \"hello\"", 0},
		{"when a string holds only Arabic-Indic digits, it passes", `package p; var s = "٠١٢"`, 0},
		{"when a rune literal is Arabic, it passes", `package p; var r = 'ب'`, 0},
		{"when two strings hold Arabic, both are flagged", `package p; var a, b = "أ", f("ب")`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found, err := arabicLiterals(token.NewFileSet(), "x.go", tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if len(found) != tt.want {
				t.Fatalf("found %v, want %d", found, tt.want)
			}
		})
	}
}
