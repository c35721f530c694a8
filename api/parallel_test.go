package api_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// Go runs the top-level tests that do not call t.Parallel() one at a time
// before any parallel test starts: 48 such tests of this package once took
// 15 minutes of the suite on a busy machine. Every top-level test of api
// and storage runs in parallel, except one that sets the environment
// (t.Setenv refuses) and those listed in serialTests (docs/performance.md).
func TestSuite_TopLevelTestsRunInParallel(t *testing.T) {
	t.Parallel()
	listed := map[string]bool{}
	for _, dir := range []string{".", "../storage"} {
		files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no test files in %s", dir)
		}
		for _, name := range files {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || fn.Recv != nil || fn.Body == nil || fn.Name.Name == "TestMain" || !strings.HasPrefix(fn.Name.Name, "Test") {
					continue
				}
				if why, ok := serialTests[fn.Name.Name]; ok {
					listed[fn.Name.Name] = true
					if calls(fn.Body, "Parallel") {
						t.Errorf("%s runs in parallel now: delete it from serialTests (%s)", fn.Name.Name, why)
					}
					continue
				}
				if calls(fn.Body, "Parallel") || calls(fn.Body, "Setenv") {
					continue
				}
				t.Errorf("%s: %s does not call t.Parallel(): it would run alone before every parallel test", fset.Position(fn.Pos()), fn.Name.Name)
			}
		}
	}
	for name := range serialTests {
		if !listed[name] {
			t.Errorf("serialTests lists %s, which is not a test of api or storage any more", name)
		}
	}
}

// serialTests run alone, on purpose: what they check is timed against the
// wall clock or measured on the whole process, and the other tests' load
// would fail them.
var serialTests = map[string]string{
	"TestMarketplace_WebhookThroughput":    "one endpoint's deliveries go one at a time, in order, so the rate is one request's latency: beside eight other tests under the race detector it fell from 1,550/s to 29/s and 2,000 deliveries missed the 60 s bound",
	"TestServer_BodyLimitEveryContentType": "it reads the process's allocation and resident size around one refused body; beside eight other tests the chunked form's resident size grew by 44 MB in CI",
}

// calls reports whether body calls a method or function named name.
func calls(body *ast.BlockStmt, name string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if s, ok := c.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == name {
				found = true
			}
		}
		return !found
	})
	return found
}
