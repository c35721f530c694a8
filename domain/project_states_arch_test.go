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
// the table is in domain/market, but Project is a type of domain, so the
// functions that write its status through the table live here.
const stateMachineFile = "domain/project_states.go"

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
// the project state machine: no code of the module but project_states.go
// assigns the Status field of a domain.Project, so every status change goes
// through the table (market.Transitions, in domain/market). Packages are
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
		status := projectStatusField(checked)
		if status == nil {
			continue // the package does not see domain.Project
		}
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
		t.Errorf("%s assigns a project's Status: fire a transition of market.Transitions instead (fireProject, domain/project_states.go)", at)
	}
	if inMachine == 0 {
		t.Errorf("found no assignment of Project.Status in %s: the check itself is broken", stateMachineFile)
	}
}

// projectStatusField returns the Status field of domain.Project as pkg sees
// it, or nil when pkg neither is nor imports the domain package.
func projectStatusField(pkg *types.Package) *types.Var {
	domain := pkg
	if pkg.Path() != "marketplace/domain" {
		domain = nil
		for _, p := range pkg.Imports() {
			if p.Path() == "marketplace/domain" {
				domain = p
			}
		}
		if domain == nil {
			return nil
		}
	}
	st := domain.Scope().Lookup("Project").Type().Underlying().(*types.Struct)
	for i := range st.NumFields() {
		if st.Field(i).Name() == "Status" {
			return st.Field(i)
		}
	}
	return nil
}
