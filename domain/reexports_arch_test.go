package domain

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestRoot_ReexportsNoContext keeps the root package from growing back the
// layer it had until 7 December 2026 (docs/architecture.md, "Names"):
// aliases of another context's types, constants and variables, one-line
// functions that call a context's function with the same arguments, and
// Marketplace methods that only call an accessor's method
// (m.Credit().ListAppeals(ctx, actor, status, p)). Callers write the
// context's own name. The shared kernel is named through domain (its
// aliases are the kernel's place, see kernel_alias_shared.go), and the
// Marketplace methods named …Job stay: the scheduler's table names them.
func TestRoot_ReexportsNoContext(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		contexts := map[string]bool{} // import names of bounded packages other than kernel
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if !strings.HasPrefix(path, "marketplace/domain/") || path == "marketplace/domain/kernel" {
				continue
			}
			local := path[strings.LastIndex(path, "/")+1:]
			if imp.Name != nil {
				local = imp.Name.Name
			}
			contexts[local] = true
		}
		report := func(n ast.Node, what string) {
			t.Errorf("%s: %s; callers write the context's own name (TestRoot_ReexportsNoContext)", fset.Position(n.Pos()), what)
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if s.Assign.IsValid() && s.Name.IsExported() && contextSelector(s.Type, contexts) != "" {
							report(s, "type "+s.Name.Name+" aliases "+contextSelector(s.Type, contexts))
						}
					case *ast.ValueSpec:
						for i, v := range s.Values {
							if sel := contextSelector(v, contexts); sel != "" && s.Names[i].IsExported() {
								report(s, s.Names[i].Name+" re-exports "+sel)
							}
						}
					}
				}
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				call := onlyReturnedCall(d)
				if call == nil || !passesItsParams(d, call) {
					continue
				}
				if d.Recv == nil {
					if sel := contextSelector(call.Fun, contexts); sel != "" {
						report(d, "func "+d.Name.Name+" only calls "+sel)
					}
					continue
				}
				// m.Accessor().Method(params…) on Marketplace; an adapter's
				// methods implement another package's port and stay.
				if strings.HasSuffix(d.Name.Name, "Job") || !onMarketplace(d) {
					continue
				}
				if fun, ok := call.Fun.(*ast.SelectorExpr); ok {
					if inner, ok := fun.X.(*ast.CallExpr); ok && len(inner.Args) == 0 {
						if acc, ok := inner.Fun.(*ast.SelectorExpr); ok {
							if recv, ok := acc.X.(*ast.Ident); ok && len(d.Recv.List) == 1 && len(d.Recv.List[0].Names) == 1 && recv.Name == d.Recv.List[0].Names[0].Name {
								report(d, "method "+d.Name.Name+" only calls "+recv.Name+"."+acc.Sel.Name+"()."+fun.Sel.Name)
							}
						}
					}
				}
			}
		}
	}
	if checked < 10 {
		t.Fatalf("read %d files of the root package: the check is looking in the wrong place", checked)
	}
}

// contextSelector is "pkg.Name" when e is a selector on one of contexts.
func contextSelector(e ast.Expr, contexts map[string]bool) string {
	if ix, ok := e.(*ast.IndexExpr); ok { // a generic alias: pkg.List[T]
		e = ix.X
	}
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || !contexts[pkg.Name] {
		return ""
	}
	return pkg.Name + "." + sel.Sel.Name
}

// onlyReturnedCall is the call when fn's body is one statement, a call or
// a return of one call.
func onlyReturnedCall(fn *ast.FuncDecl) *ast.CallExpr {
	if fn.Body == nil || len(fn.Body.List) != 1 {
		return nil
	}
	var e ast.Expr
	switch s := fn.Body.List[0].(type) {
	case *ast.ReturnStmt:
		if len(s.Results) != 1 {
			return nil
		}
		e = s.Results[0]
	case *ast.ExprStmt:
		e = s.X
	default:
		return nil
	}
	call, _ := e.(*ast.CallExpr)
	return call
}

// passesItsParams reports whether call's arguments are fn's parameters, in
// order, unchanged: the function adds nothing to the call.
func passesItsParams(fn *ast.FuncDecl, call *ast.CallExpr) bool {
	var params []string
	for _, field := range fn.Type.Params.List {
		for _, n := range field.Names {
			params = append(params, n.Name)
		}
	}
	if len(params) != len(call.Args) {
		return false
	}
	for i, a := range call.Args {
		id, ok := a.(*ast.Ident)
		if !ok || id.Name != params[i] {
			return false
		}
	}
	return true
}

// onMarketplace reports whether fn is a method of *Marketplace.
func onMarketplace(fn *ast.FuncDecl) bool {
	star, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	id, ok := star.X.(*ast.Ident)
	return ok && id.Name == "Marketplace"
}
