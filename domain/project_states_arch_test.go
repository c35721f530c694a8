package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// stateMachineFile is the only file allowed to assign a project's Status:
// market.Fire and market.CloseRows, which write it through the table.
const stateMachineFile = "domain/market/fire.go"

// marketPath is the package that defines Project (domain.Project is an
// alias of market.Project).
const marketPath = "marketplace/domain/market"

// goPackage is what the architecture check needs of `go list -json`.
type goPackage struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Export     string
	Standard   bool
}

// listModule returns the packages of the module and the export data of
// every package they depend on, as the compiler wrote it.
func listModule(t *testing.T) (own []goPackage, exports map[string]string) {
	t.Helper()
	cmd := exec.Command("go", "list", "-export", "-deps", "-json=ImportPath,Dir,GoFiles,Export,Standard", "marketplace/...")
	cmd.Dir = ".."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	exports = map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p goPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		exports[p.ImportPath] = p.Export
		if !p.Standard && (p.ImportPath == "marketplace" || strings.HasPrefix(p.ImportPath, "marketplace/")) {
			own = append(own, p)
		}
	}
	return own, exports
}

// TestProjectStatusAssignedOnlyByStateMachine is the architecture check of
// the project state machine: no code of the module but stateMachineFile
// assigns the Status field of a market.Project, so every status change goes through the table
// (market.Transitions). Packages are
// type-checked, so a Status of another type (a bid, a filter, a view) is
// not mistaken for it.
func TestProjectStatusAssignedOnlyByStateMachine(t *testing.T) {
	own, exports := listModule(t)
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if exports[path] == "" {
			return nil, errors.New("no export data for " + path)
		}
		return os.Open(exports[path])
	})
	var found []string
	for _, pkg := range own {
		var files []*ast.File
		for _, name := range pkg.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(pkg.Dir, name), nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		info := &types.Info{Selections: map[*ast.SelectorExpr]*types.Selection{}}
		checked, err := (&types.Config{Importer: imp}).Check(pkg.ImportPath, fset, files, info)
		if err != nil {
			t.Fatalf("type-check %s: %v", pkg.ImportPath, err)
		}
		status := projectStatusField(t, checked, imp)
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				as, ok := n.(*ast.AssignStmt)
				if !ok {
					return true
				}
				for _, lhs := range as.Lhs {
					sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
					if !ok {
						continue
					}
					if s := info.Selections[sel]; s != nil && s.Obj() == status {
						pos := fset.Position(sel.Pos())
						rel, _ := filepath.Rel(root, pos.Filename)
						found = append(found, filepath.ToSlash(rel)+":"+strconv.Itoa(pos.Line))
					}
				}
				return true
			})
		}
	}
	inMachine := 0
	for _, at := range found {
		if strings.HasPrefix(at, stateMachineFile+":") {
			inMachine++
			continue
		}
		t.Errorf("%s assigns a project's Status: fire a transition of market.Transitions instead (market.Fire, %s)", at, stateMachineFile)
	}
	if inMachine == 0 {
		t.Errorf("found no assignment of Project.Status in %s: the check itself is broken", stateMachineFile)
	}
}

// projectStatusField returns the Status field of market.Project as pkg
// sees it. Any package may reach a *market.Project (a use case returns
// one) without importing domain/market, so every package is checked: the
// field is taken from the market package the importer shares with all of
// them, so it is the same object everywhere, except in domain/market
// itself, which is checked from its source. The type found must be defined
// in domain/market: were Project defined anywhere else again, the check
// would fail rather than watch the wrong type.
func projectStatusField(t *testing.T, pkg *types.Package, imp types.Importer) *types.Var {
	t.Helper()
	from := pkg
	if pkg.Path() != marketPath {
		var err error
		if from, err = imp.Import(marketPath); err != nil {
			t.Fatalf("import %s: %v", marketPath, err)
		}
	}
	obj := from.Scope().Lookup("Project")
	if obj == nil {
		t.Fatalf("%s declares no Project", from.Path())
	}
	named, ok := types.Unalias(obj.Type()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != marketPath {
		t.Fatalf("%s.Project is %s, not market.Project: update the architecture check", from.Path(), obj.Type())
	}
	st := named.Underlying().(*types.Struct)
	for i := range st.NumFields() {
		if st.Field(i).Name() == "Status" {
			return st.Field(i)
		}
	}
	t.Fatalf("market.Project has no Status field")
	return nil
}
