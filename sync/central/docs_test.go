package central_test

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDocsNameEveryWireConstant keeps docs/openapi.yaml and docs/protocol.md in step
// with sync/wire: every path, kind, error, reject and decline code must appear.
func TestDocsNameEveryWireConstant(t *testing.T) {
	openapi, err1 := os.ReadFile(filepath.Join("..", "..", "docs", "openapi.yaml"))
	protocol, err2 := os.ReadFile(filepath.Join("..", "..", "docs", "protocol.md"))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	// go/build picks the package's files as the go command does (build tags
	// included, tests left out); each is then parsed for its constants.
	dir := filepath.Join("..", "wire")
	bp, err := build.ImportDir(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
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
					n := name.Name
					if !(strings.HasPrefix(n, "Path") || strings.HasPrefix(n, "Kind") || strings.HasPrefix(n, "Err") ||
						strings.HasPrefix(n, "Reject") || strings.HasPrefix(n, "Decline")) || i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						continue
					}
					v, _ := strconv.Unquote(lit.Value)
					v = strings.TrimSuffix(v, "/") // PathStatus is a prefix
					checked++
					if !strings.Contains(string(openapi), v) {
						t.Errorf("docs/openapi.yaml does not mention %s (%q)", n, v)
					}
					if !strings.Contains(string(protocol), v) {
						t.Errorf("docs/protocol.md does not mention %s (%q)", n, v)
					}
				}
			}
		}
	}
	if checked < 40 {
		t.Fatalf("only %d wire constants found; the parser missed them", checked)
	}
}
