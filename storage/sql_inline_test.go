package storage

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// tableSQL matches SQL that reads or writes a table: what the builder
// expresses, or what belongs in a queries/*.sql file.
var tableSQL = regexp.MustCompile(`(?i)\b(INSERT\s+INTO|UPDATE\s+\w+(\s+\w+)?\s+SET|DELETE\s+FROM|FROM\s+[a-z_]+(\s|$))`)

// TestStorage_NoTableSQLInRawOrExec keeps storage reading as code: a Raw
// or Exec call passes a query loaded from queries/*.sql (or a command that
// touches no table, such as pg_advisory_xact_lock or LISTEN), never a
// string literal, or literals joined, that reads or writes a table. Such a
// statement is written with GORM's builder, or as a file of its own.
func TestStorage_NoTableSQLInRawOrExec(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	calls := 0
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
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "Raw" && sel.Sel.Name != "Exec") {
				return true
			}
			calls++
			ast.Inspect(call.Args[0], func(a ast.Node) bool {
				lit, ok := a.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				if s, err := strconv.Unquote(lit.Value); err == nil && tableSQL.MatchString(s) {
					t.Errorf("%s: %s passes table SQL inline (%.60q): write it with the builder or as queries/*.sql",
						fset.Position(lit.Pos()), sel.Sel.Name, s)
				}
				return true
			})
			return true
		})
	}
	if calls < 20 {
		t.Fatalf("found %d Raw and Exec calls: the scan looks at the wrong files", calls)
	}
}
