// Package archtest checks the shape of the house (docs/architecture.md):
// the direction of imports, the size of files, and that the domain's and
// analytics' types carry no wire format.
package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

const (
	module   = "github.com/greenhouse-garden/greenhouse"
	maxLines = 600
)

// adapters are the packages that drive or serve the application; each
// depends on the domain (and its helpers), never on another adapter. Only
// internal/app, the composition root, wires them together.
var adapters = []string{"api", "cli", "worker", "realtime", "tui"}

// goFile is one non-test Go file of the repository.
type goFile struct {
	path string // relative to the repository root, slash-separated
	pkg  string // import path of its package
	ast  *ast.File
	src  []byte
}

func sources(t *testing.T) []goFile {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	var out []goFile
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if name := d.Name(); rel != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
		if err != nil {
			return err
		}
		out = append(out, goFile{path: rel, pkg: module + "/" + filepath.ToSlash(filepath.Dir(rel)), ast: f, src: src})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 50 {
		t.Fatalf("found only %d Go files under %s", len(out), root)
	}
	return out
}

func imports(f goFile) []string {
	var out []string
	for _, imp := range f.ast.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		out = append(out, p)
	}
	return out
}

// within reports whether pkg is dir (module-relative) or below it.
func within(pkg, dir string) bool {
	full := module + "/" + dir
	return pkg == full || strings.HasPrefix(pkg, full+"/")
}

func TestDomainImportsNothingInternal(t *testing.T) {
	for _, f := range sources(t) {
		if !within(f.pkg, "internal/domain") {
			continue
		}
		for _, imp := range imports(f) {
			if within(imp, "internal") {
				t.Errorf("%s imports %s: the domain imports nothing internal", f.path, imp)
			}
		}
	}
}

func TestAdaptersDoNotImportEachOther(t *testing.T) {
	for _, f := range sources(t) {
		for _, from := range adapters {
			if !within(f.pkg, "internal/"+from) {
				continue
			}
			for _, imp := range imports(f) {
				for _, to := range adapters {
					if to != from && within(imp, "internal/"+to) {
						t.Errorf("%s imports %s: adapters meet only in internal/app", f.path, imp)
					}
				}
			}
		}
	}
}

func TestNoFileOverMaxLines(t *testing.T) {
	for _, f := range sources(t) {
		if n := strings.Count(string(f.src), "\n"); n > maxLines {
			t.Errorf("%s has %d lines; split it by concern (at most %d outside tests and migrations)", f.path, n, maxLines)
		}
	}
}

// TestDomainTypesCarryNoJSON: the wire format lives in pkg/api, converted
// by internal/wire; the domain's and analytics' exported types carry none.
func TestDomainTypesCarryNoJSON(t *testing.T) {
	for _, f := range sources(t) {
		if !within(f.pkg, "internal/domain") && !within(f.pkg, "internal/analytics") {
			continue
		}
		for _, decl := range f.ast.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.TYPE {
				continue
			}
			for _, spec := range gen.Specs {
				ts := spec.(*ast.TypeSpec)
				st, ok := ts.Type.(*ast.StructType)
				if !ok || !ts.Name.IsExported() {
					continue
				}
				for _, field := range st.Fields.List {
					if field.Tag == nil {
						continue
					}
					tag, _ := strconv.Unquote(field.Tag.Value)
					if _, ok := reflect.StructTag(tag).Lookup("json"); ok {
						t.Errorf("%s: %s has a json tag; convert it in internal/wire", f.path, ts.Name.Name)
					}
				}
			}
		}
	}
}
