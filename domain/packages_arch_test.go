package domain

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// maxStoreMethods bounds the methods a store interface declares of its own;
// an aggregate (Store, CreditStore) embeds narrower ones and declares few.
const maxStoreMethods = 25

// domainImports lists, for every package under domain/, the packages of
// ours it may import. Anything else of ours, and anything outside the
// standard library, fails TestDomainPackages_ImportOnlyStdlibAndAllowed; a
// package missing from the table fails too, so a new bounded package
// states its place. The table is a direction: a package never appears in
// the list of one it may import.
var domainImports = map[string][]string{
	"marketplace/domain":                {"agency", "audit", "calendar", "catalogue", "commitment", "concentration", "contractdoc", "credit", "files", "identity", "jobrun", "kernel", "market", "opendata", "platformnotice", "restriction", "search", "searchtext", "supervision"},
	"marketplace/domain/agency":         {"calendar", "files", "kernel"},
	"marketplace/domain/audit":          {"calendar", "kernel"},
	"marketplace/domain/calendar":       {"kernel"},
	"marketplace/domain/catalogue":      {"kernel", "searchtext"},
	"marketplace/domain/commitment":     {"kernel"},
	"marketplace/domain/concentration":  {},
	"marketplace/domain/contractdoc":    {"calendar", "kernel"},
	"marketplace/domain/credit":         {"kernel"},
	"marketplace/domain/files":          {"kernel"},
	"marketplace/domain/identity":       {"commitment", "kernel"},
	"marketplace/domain/jobrun":         {"kernel"},
	"marketplace/domain/kernel":         {},
	"marketplace/domain/market":         {"calendar", "files", "kernel", "restriction"},
	"marketplace/domain/opendata":       {"calendar", "kernel"},
	"marketplace/domain/platformnotice": {"kernel"},
	"marketplace/domain/restriction":    {},
	"marketplace/domain/search":         {"calendar", "kernel", "opendata", "searchtext"},
	"marketplace/domain/searchtext":     {},
	"marketplace/domain/supervision":    {"concentration", "kernel"},
}

// TestStoreInterfaces_AtMost25Methods fails when an interface whose name
// ends in Store, declared anywhere under domain/, declares more than
// maxStoreMethods methods of its own (embedded interfaces are not counted:
// they are checked where they are declared).
func TestStoreInterfaces_AtMost25Methods(t *testing.T) {
	fset := token.NewFileSet()
	seen := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			it, ok := ts.Type.(*ast.InterfaceType)
			if !ok || !strings.HasSuffix(ts.Name.Name, "Store") {
				return true
			}
			seen++
			own := 0
			for _, m := range it.Methods.List {
				if _, isFunc := m.Type.(*ast.FuncType); isFunc {
					own += len(m.Names)
				}
			}
			if own > maxStoreMethods {
				t.Errorf("%s: %s declares %d methods of its own (at most %d): split it into narrower interfaces defined where they are used",
					fset.Position(ts.Pos()), ts.Name.Name, own, maxStoreMethods)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 10 {
		t.Fatalf("found only %d store interfaces: the walk is broken", seen)
	}
}

// TestDomainPackages_ImportOnlyStdlibAndAllowed checks every package under
// domain/ against domainImports: the standard library, and of ours only the
// bounded packages the table allows. The table itself must be acyclic.
func TestDomainPackages_ImportOnlyStdlibAndAllowed(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \" \"}}|{{join .TestImports \" \"}} {{join .XTestImports \" \"}}", "./...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	std := map[string]bool{}
	stdOut, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		t.Fatalf("go list std: %v", err)
	}
	for _, p := range strings.Fields(string(stdOut)) {
		std[p] = true
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, rest, _ := strings.Cut(line, "|")
		listed[pkg] = true
		allowed, known := domainImports[pkg]
		if !known {
			t.Errorf("%s is not in domainImports: add it with the packages it may import", pkg)
			continue
		}
		imports, testImports, _ := strings.Cut(rest, "|")
		check := func(imp string, test bool) {
			switch {
			case std[imp]:
			case strings.HasPrefix(imp, "marketplace/domain/") && slices.Contains(allowed, strings.TrimPrefix(imp, "marketplace/domain/")):
			case test && imp == pkg:
			default:
				t.Errorf("%s imports %s: domain packages import the standard library and the bounded packages domainImports allows", pkg, imp)
			}
		}
		for _, imp := range strings.Fields(imports) {
			check(imp, false)
		}
		for _, imp := range strings.Fields(testImports) {
			check(imp, true)
		}
	}
	for pkg := range domainImports {
		if !listed[pkg] {
			t.Errorf("domainImports names %s, which does not exist", pkg)
		}
	}
	// The allowed direction has no circle: a depth-first walk never comes
	// back to a package on its own path.
	names := make([]string, 0, len(domainImports))
	for pkg := range domainImports {
		names = append(names, pkg)
	}
	sort.Strings(names)
	state := map[string]int{} // 0 unvisited, 1 on the path, 2 done
	var walk func(pkg string, path []string)
	walk = func(pkg string, path []string) {
		switch state[pkg] {
		case 1:
			t.Errorf("domainImports has a circle: %s", strings.Join(append(path, pkg), " → "))
			return
		case 2:
			return
		}
		state[pkg] = 1
		for _, dep := range domainImports[pkg] {
			walk("marketplace/domain/"+dep, append(path, pkg))
		}
		state[pkg] = 2
	}
	for _, pkg := range names {
		walk(pkg, nil)
	}
}
