package central_test

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// wireStrings returns sync/wire's string constants whose names start with one of
// prefixes, name → value. go/build picks the package's files as the go command
// does (build tags included, tests left out); each is then parsed for its
// constants.
func wireStrings(t testing.TB, prefixes ...string) map[string]string {
	t.Helper()
	dir := filepath.Join("..", "wire")
	bp, err := build.ImportDir(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	out := map[string]string{}
	for _, file := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, file), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i >= len(vs.Values) || !hasAnyPrefix(name.Name, prefixes) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						out[name.Name], _ = strconv.Unquote(lit.Value)
					}
				}
			}
		}
	}
	return out
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// TestDocsNameEveryWireConstant keeps docs/openapi.yaml and docs/protocol.md in step
// with sync/wire: every path, kind, error, reject and decline code must appear.
func TestDocsNameEveryWireConstant(t *testing.T) {
	openapi, err1 := os.ReadFile(filepath.Join("..", "..", "docs", "openapi.yaml"))
	protocol, err2 := os.ReadFile(filepath.Join("..", "..", "docs", "protocol.md"))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	consts := wireStrings(t, "Path", "Kind", "Err", "Reject", "Decline")
	if len(consts) < 40 {
		t.Fatalf("only %d wire constants found; the parser missed them", len(consts))
	}
	names := make([]string, 0, len(consts))
	for n := range consts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		v := strings.TrimSuffix(consts[n], "/") // PathStatus is a prefix
		if !strings.Contains(string(openapi), v) {
			t.Errorf("docs/openapi.yaml does not mention %s (%q)", n, v)
		}
		if !strings.Contains(string(protocol), v) {
			t.Errorf("docs/protocol.md does not mention %s (%q)", n, v)
		}
	}
}
