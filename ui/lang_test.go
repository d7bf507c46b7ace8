package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// notWords are the string literals in ui/ that are not words for people: formats, file and
// theme names, OS names, example values that stay the same in every language.
var notWords = map[string]bool{
	"": true, " ": true, "\n\n": true, "15:04:05": true, "2 Jan 2006": true, "headingText": true,
	"x360sync-backup-key.txt": true, "icon.png": true, "logo.png": true, "darwin": true, "windows": true, "macos": true, "linux": true,
	"%-6s %s": true, "XXXX-XXXX-XXXX-XXXX": true, "x360Sync": true,
	"202 555 0143": true, "translation": true,
	"com.x360sync.desktop": true, "\n": true, "email": true, "123456": true,
	"https://sync.example.com": true, "x360Sync translations did not load": true, // a log line
}

// uiStrings reads ui/'s non-test Go files and returns the keys passed to lang.L and every
// other string literal that is neither an import nor in notWords, with its position.
func uiStrings(t *testing.T) (keys map[string]bool, loose []string) {
	t.Helper()
	keys = map[string]bool{}
	fset := token.NewFileSet()
	files, _ := filepath.Glob("*.go")
	consts := map[string]string{}
	var parsed []*ast.File
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, spec := range g.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
								consts[n.Name], _ = strconv.Unquote(lit.Value)
							}
						}
					}
				}
			}
		}
	}
	inLang := map[*ast.BasicLit]bool{}
	for _, f := range parsed {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "L" {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "lang" {
				return true
			}
			switch a := call.Args[0].(type) {
			case *ast.BasicLit:
				s, _ := strconv.Unquote(a.Value)
				keys[s], inLang[a] = true, true
			case *ast.Ident:
				if s, ok := consts[a.Name]; ok {
					keys[s] = true
				} else {
					loose = append(loose, fset.Position(a.Pos()).String()+": lang.L of a non-constant")
				}
			}
			return true
		})
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && (g.Tok == token.IMPORT || g.Tok == token.CONST) {
				continue // constants are checked where they are used, through lang.L
			}
			ast.Inspect(d, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING || inLang[lit] {
					return true
				}
				s, _ := strconv.Unquote(lit.Value)
				if !notWords[s] {
					loose = append(loose, fset.Position(lit.Pos()).String()+": "+lit.Value)
				}
				return true
			})
		}
	}
	for name, s := range consts {
		used := false
		for k := range keys {
			used = used || k == s
		}
		if !used && strings.ContainsAny(s, " ") {
			loose = append(loose, "const "+name+" is shown without lang.L")
		}
	}
	return keys, loose
}

// TestLang_everyStringOnScreenIsTranslatedByTheEnglishFile: no string reaches the screen
// without lang.L, and translation/en.json has exactly the keys the code uses. With
// X360SYNC_UPDATE_LANG=1 the file is rewritten from the code.
func TestLang_everyStringOnScreenIsTranslatedByTheEnglishFile(t *testing.T) {
	keys, loose := uiStrings(t)
	for _, l := range loose {
		t.Errorf("not through lang.L: %s", l)
	}
	path := filepath.Join("translation", "en.json")
	if os.Getenv("X360SYNC_UPDATE_LANG") == "1" {
		m := map[string]string{}
		for k := range keys {
			m[k] = k
		}
		raw, _ := json.MarshalIndent(m, "", "  ")
		if err := os.WriteFile(path, append(raw, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]string
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var missing, unused []string
	for k := range keys {
		if file[k] == "" {
			missing = append(missing, k)
		}
	}
	for k := range file {
		if !keys[k] {
			unused = append(unused, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(unused)
	for _, k := range missing {
		t.Errorf("%s lacks %q", path, k)
	}
	for _, k := range unused {
		t.Errorf("%s has %q, which the code no longer uses", path, k)
	}
	if len(keys) < 100 {
		t.Errorf("only %d strings found: the scan is broken", len(keys))
	}
}
