package archtest

import (
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/greenhouse-garden/greenhouse/internal/config"
	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/packages"
)

// TestEveryConfigKeyIsRead fails when a key of config.example.yaml is read
// by no code outside internal/config: a setting an operator can write that
// changes nothing is a bug (validating it does not count as reading it).
// It type-checks the module, so a field is matched as the field it is, not
// by its name.
func TestEveryConfigKeyIsRead(t *testing.T) {
	keys := exampleKeys(t)
	if want := config.Keys(); !slices.Equal(slices.Sorted(slices.Values(keys)), slices.Sorted(slices.Values(want))) {
		t.Fatalf("config.example.yaml lists %v\nthe code knows %v", keys, want)
	}
	fields := configFields() // key → Section.Field, e.g. CacheConfig.DashboardTTL
	read := map[string]bool{}
	pkgs, err := packages.Load(&packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo,
		Dir:  filepath.Join("..", ".."),
	}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Fatalf("%s: %v", p.PkgPath, e)
		}
		if p.PkgPath == configPkg {
			continue
		}
		for sel, s := range p.TypesInfo.Selections {
			if s.Kind() != types.FieldVal || strings.HasSuffix(p.Fset.Position(sel.Pos()).Filename, "_test.go") {
				continue
			}
			if named := configType(s.Recv()); named != "" {
				read[named+"."+s.Obj().Name()] = true
			}
		}
	}
	for _, key := range keys {
		f, ok := fields[key]
		switch {
		case !ok:
			t.Errorf("%s: no field of config.Config carries it", key)
		case !read[f]:
			t.Errorf("%s (config.%s) is read by no code outside internal/config: implement what it promises or remove it from the code, config.example.yaml and the docs", key, f)
		}
	}
}

const configPkg = module + "/internal/config"

// configType names the internal/config struct a selection reads a field of
// ("" for any other type).
func configType(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != configPkg {
		return ""
	}
	return named.Obj().Name()
}

// exampleKeys lists the leaf keys of config.example.yaml, dotted.
func exampleKeys(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "config.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	var keys []string
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			if sub, ok := v.(map[string]any); ok {
				walk(prefix+k+".", sub)
				continue
			}
			keys = append(keys, prefix+k)
		}
	}
	walk("", doc)
	return keys
}

// configFields maps each dotted key to its section's struct and field
// (CacheConfig.DashboardTTL), through the mapstructure tags config.Keys
// follows.
func configFields() map[string]string {
	out := map[string]string{}
	var walk func(prefix string, t reflect.Type)
	walk = func(prefix string, t reflect.Type) {
		for f := range t.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("mapstructure"), ",")
			if name == "" || name == "-" {
				continue
			}
			if f.Type.Kind() == reflect.Struct {
				walk(prefix+name+".", f.Type)
				continue
			}
			out[prefix+name] = t.Name() + "." + f.Name
		}
	}
	walk("", reflect.TypeFor[config.Config]())
	return out
}
