package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// repoFile reads a file at the repository's root (internal/cli is two
// levels below it).
func repoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fencedBlockAfter returns the first ```sh block after the line holding
// marker in markdown.
func fencedBlockAfter(t *testing.T, markdown, marker string) string {
	t.Helper()
	_, rest, ok := strings.Cut(markdown, marker)
	if !ok {
		t.Fatalf("README has no %q", marker)
	}
	_, rest, ok = strings.Cut(rest, "```sh\n")
	if !ok {
		t.Fatalf("no ```sh block after %q", marker)
	}
	block, _, _ := strings.Cut(rest, "```")
	return block
}

// shellLines joins backslash continuations, drops comments and splits each
// command into words, honouring double and single quotes: enough for the
// README's commands, which use no other shell syntax.
func shellLines(t *testing.T, script string) [][]string {
	t.Helper()
	var out [][]string
	for _, line := range strings.Split(strings.ReplaceAll(script, "\\\n", " "), "\n") {
		var words []string
		var word strings.Builder
		inWord, quote := false, rune(0)
	scan:
		for _, r := range line {
			switch {
			case quote != 0 && r == quote:
				quote = 0
			case quote != 0:
				word.WriteRune(r)
			case r == '"' || r == '\'':
				quote, inWord = r, true
			case r == '#' && !inWord:
				break scan
			case r == ' ' || r == '\t':
				if inWord {
					words, inWord = append(words, word.String()), false
					word.Reset()
				}
			default:
				word.WriteRune(r)
				inWord = true
			}
		}
		if quote != 0 {
			t.Fatalf("unterminated quote in %q", line)
		}
		if inWord {
			words = append(words, word.String())
		}
		if len(words) > 0 {
			out = append(out, words)
		}
	}
	return out
}

// makeRunCommands are the greenhouse command lines of `make run`, without
// the final serve.
func makeRunCommands(t *testing.T) [][]string {
	t.Helper()
	recipe := regexp.MustCompile(`(?m)^run:.*\n((?:\t.*\n)+)`).FindStringSubmatch(repoFile(t, "Makefile"))
	if recipe == nil {
		t.Fatal("Makefile has no run target")
	}
	var cmds [][]string
	for _, words := range shellLines(t, recipe[1]) {
		if words[0] != "$(BIN)" {
			continue
		}
		if words[1] == "serve" {
			break
		}
		cmds = append(cmds, words[1:])
	}
	if len(cmds) == 0 {
		t.Fatal("make run runs no greenhouse command before serve")
	}
	return cmds
}

// TestREADMEOwnerSession runs the README's "first session as the owner"
// verbatim, in order, through the command tree, in a folder where `make
// run` has loaded the demo: both use the default data_dir, so what the
// owner plants is in the garden the server reads.
func TestREADMEOwnerSession(t *testing.T) {
	readme := repoFile(t, "README.md")
	session := shellLines(t, fencedBlockAfter(t, readme, "A first session as the owner"))
	dashboard := shellLines(t, fencedBlockAfter(t, readme, "watch it live"))
	makeRun := makeRunCommands(t)

	newEnv(t, "sqlite")
	t.Chdir(t.TempDir())
	run := func(args []string) result {
		io, buf := Test()
		f := NewFactory(io)
		root := NewRootCmd(f, "1.2.3-test")
		root.SetArgs(args)
		code := Execute(context.Background(), root, f)
		return result{out: buf.Out.String(), errOut: buf.ErrOut.String(), code: code}
	}
	for _, args := range makeRun {
		if r := run(args); r.code != 0 {
			t.Fatalf("make run: greenhouse %v: exit %d, stderr %q", args, r.code, r.errOut)
		}
	}
	ran := 0
	for _, words := range session {
		if words[0] == "make" {
			if strings.Join(words, " ") != "make build" {
				t.Fatalf("README session runs %v: only make build is expected", words)
			}
			continue
		}
		if words[0] != "bin/greenhouse" {
			t.Fatalf("README session line %v does not run bin/greenhouse", words)
		}
		if r := run(words[1:]); r.code != 0 {
			t.Fatalf("README: %s: exit %d, stderr %q", strings.Join(words, " "), r.code, r.errOut)
		}
		ran++
	}
	if ran < 5 {
		t.Fatalf("ran %d README commands; the session block was not found whole", ran)
	}
	r := run([]string{"project", "list", "-o", "json"})
	if !strings.Contains(r.out, `"Driftwood"`) || !strings.Contains(r.out, `"Tidepool"`) {
		t.Errorf("the garden lacks the README's project beside the demo's:\n%s", r.out)
	}
	if _, err := os.Stat(filepath.Join("data", "greenhouse.db")); err != nil {
		t.Errorf("the garden is not in ./data: %v", err)
	}
	// The dashboard line takes no --data-dir: it finds the same garden.
	if len(dashboard) != 1 || strings.Join(dashboard[0], " ") != "bin/greenhouse dashboard" {
		t.Errorf("README's dashboard line = %v, want bin/greenhouse dashboard", dashboard)
	}
}

// TestREADMECommandTable: the README's command table names every
// top-level command of the tree, and nothing that is not one.
func TestREADMECommandTable(t *testing.T) {
	readme := repoFile(t, "README.md")
	_, table, ok := strings.Cut(readme, "| command | what it does |")
	if !ok {
		t.Fatal("README has no command table")
	}
	table, _, _ = strings.Cut(table, "\n\n")
	listed := map[string]bool{}
	for _, line := range strings.Split(table, "\n") {
		first, _, _ := strings.Cut(strings.TrimPrefix(line, "| "), " |")
		for _, m := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(first, -1) {
			words := strings.Fields(strings.TrimPrefix(m[1], "greenhouse "))
			listed[words[0]] = true
		}
	}
	io, _ := Test()
	root := NewRootCmd(NewFactory(io), "test")
	for _, c := range root.Commands() {
		if c.Hidden || c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		if !listed[c.Name()] {
			t.Errorf("README's command table lacks %q (%s)", c.Name(), c.Short)
		}
		delete(listed, c.Name())
	}
	for name := range listed {
		t.Errorf("README's command table lists %q, which is no command", name)
	}
}
