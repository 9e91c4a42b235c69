package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/store"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestCLIMistakesSayWhatWasMeant: a typo or a misplaced value gets one line
// that names what to type instead.
func TestCLIMistakesSayWhatWasMeant(t *testing.T) {
	e := newEnv(t, store.SQLite)
	e.mustRun(t, "demo")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"projct"}, ExitUsage, `unknown command "projct" for "greenhouse"; did you mean project?`},
		{[]string{"project", "lst"}, ExitUsage, `unknown command "lst" for "greenhouse project"; did you mean list?`},
		{[]string{"skill", "disconect", "Go", "Rust"}, ExitUsage, "did you mean disconnect?"},
		{[]string{"zzz"}, ExitUsage, `unknown command "zzz" for "greenhouse" (see greenhouse --help)`},
		{[]string{"project", "move", "Petal", "3,0,4"}, ExitUsage, "the position is a flag: greenhouse project move Petal --position 3,0,4"},
		{[]string{"project", "move", "Petal", "north"}, ExitUsage, "takes 1 argument(s): id-or-name"},
		{[]string{"skill", "disconnect", "Go", "Figma"}, ExitNotFound, `connection "Go and Figma" not found`},
	}
	for _, tc := range tests {
		r := e.run(t, tc.args...)
		if r.code != tc.code || !strings.Contains(r.errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, r.code, r.errOut, tc.code, tc.want)
		}
		assertOneErrorLine(t, r)
	}
}

// TestTableHeadersShareOneStyle: every printTable header in this package
// is written the same way: a capital, then lower case (acronyms such as ID
// excepted), never SHOUTED.
func TestTableHeadersShareOneStyle(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	style := regexp.MustCompile(`^(ID|[A-Z][a-z]+)( ([a-z]+|ID))*$`)
	fset := token.NewFileSet()
	seen := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 2 {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "printTable" {
				return true
			}
			lit, ok := call.Args[1].(*ast.CompositeLit)
			if !ok {
				return true
			}
			for _, el := range lit.Elts {
				b, ok := el.(*ast.BasicLit)
				if !ok {
					continue
				}
				h, _ := strconv.Unquote(b.Value)
				seen++
				if !style.MatchString(h) {
					t.Errorf("%s: table header %q: write it like \"Applied at\" (a capital, then lower case)", fset.Position(b.Pos()), h)
				}
			}
			return true
		})
	}
	if seen < 20 {
		t.Fatalf("found only %d table headers", seen)
	}
}

// TestHelpShowsNoDefaultThatDoesNotApply: an edit command applies only the
// flags given, and a value derived when not given has no default, so the
// help shows "(default …)" for neither.
func TestHelpShowsNoDefaultThatDoesNotApply(t *testing.T) {
	io, _ := Test()
	root := NewRootCmd(NewFactory(io), "test")
	zero := map[string]bool{"": true, "0": true, "false": true, "[]": true, "0s": true}
	derived := map[string][]string{"skill add": {"brightness", "first-used", "last-used"}}
	var walk func(cmd *cobra.Command)
	walk = func(cmd *cobra.Command) {
		path := strings.TrimPrefix(cmd.CommandPath(), "test ")
		path = strings.TrimPrefix(path, root.Name()+" ")
		cmd.LocalNonPersistentFlags().VisitAll(func(fl *pflag.Flag) {
			onlyWhenGiven := cmd.Name() == "edit" || slices.Contains(derived[path], fl.Name)
			if onlyWhenGiven && !zero[fl.DefValue] {
				t.Errorf("%s --%s shows (default %s) but applies only when given", path, fl.Name, fl.DefValue)
			}
		})
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
