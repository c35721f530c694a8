package domain

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// roleCheckAllowed lists the places in api/ and web/ that may still look at
// an actor's role, by file and function, and why. None of them decides
// whether a request may proceed: that is Authorize, in the use case.
var roleCheckAllowed = map[string]string{
	// The workspace menu and its to-do list are chosen by role; every
	// entry on them is read through a use case that authorises itself.
	"web/workspace.go:renderWS": "the menu a role is shown",
	"web/workspace.go:todos":    "the to-do list a role is shown",
	// A department's project is paid from its budget and offers the
	// methods of government purchase: the form's shape, not a permission.
	"web/ws_project.go:methodsFor":      "the methods the project form offers",
	"web/ws_project.go:projectFormPage": "the project form's shape follows the owner's role",
	"web/ws_project.go:input":           "the funding follows the owner's role",
}

// TestHandlersDoNotCheckRoles fails when a handler in api/ or web/ decides
// authorisation itself: calls a RequireRole, compares or switches on an
// actor's Role, or compares with a domain.Role… constant. Handlers ask the
// domain (Authorize, Can) or let the use case refuse.
func TestHandlersDoNotCheckRoles(t *testing.T) {
	seen := map[string]bool{}
	eachHandlerFile(t, func(rel string, fset *token.FileSet, f *ast.File) {
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			where := rel + ":" + fn.Name.Name
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				bad := ""
				switch x := n.(type) {
				case *ast.CallExpr:
					if name := calleeName(x.Fun); name == "RequireRole" {
						bad = "calls RequireRole"
					}
				case *ast.BinaryExpr:
					if (x.Op == token.EQL || x.Op == token.NEQ) && (isRole(x.X) || isRole(x.Y)) {
						bad = "compares a role"
					}
				case *ast.SwitchStmt:
					if x.Tag != nil && isRole(x.Tag) {
						bad = "switches on a role"
					}
				case *ast.IndexExpr:
					if isRole(x.Index) {
						bad = "looks a role up"
					}
				}
				if bad == "" {
					return true
				}
				if _, ok := roleCheckAllowed[where]; ok {
					seen[where] = true
					return true
				}
				t.Errorf("%s (%s) %s: authorisation is decided in domain (domain.Authorize or the use case)", fset.Position(n.Pos()), where, bad)
				return true
			})
		}
	})
	for where := range roleCheckAllowed {
		if !seen[where] {
			t.Errorf("%s is allowed to look at a role but no longer does: take it off roleCheckAllowed", where)
		}
	}
}

// eachHandlerFile parses every Go file of api/ and web/ but the tests and
// calls fn with its path (api/x.go) and syntax tree.
func eachHandlerFile(t *testing.T, fn func(rel string, fset *token.FileSet, f *ast.File)) {
	t.Helper()
	for _, dir := range []string{"api", "web"} {
		files, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			fn(dir+"/"+filepath.Base(path), fset, f)
		}
	}
}

func calleeName(e ast.Expr) string {
	switch f := e.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

// isRole: x.Role, or a domain.RoleX constant.
func isRole(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if sel.Sel.Name == "Role" {
		return true
	}
	id, ok := sel.X.(*ast.Ident)
	// The roles are kernel's, aliased in domain; a handler may name either.
	return ok && (id.Name == "domain" || id.Name == "kernel") && strings.HasPrefix(sel.Sel.Name, "Role") && len(sel.Sel.Name) > len("Role")
}
