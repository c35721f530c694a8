package domain

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestRequestTags_CheckShapeOnly fails when a request type in api/ or web/
// states a rule in its validator tag: a bound (max=, min=, len=, …) or a
// list of allowed values (oneof=). Tags check shape only (required,
// omitempty); the rule, with its one number, is the domain's, which
// answers with a message in the user's language.
func TestRequestTags_CheckShapeOnly(t *testing.T) {
	tags := 0
	eachHandlerFile(t, func(_ string, fset *token.FileSet, f *ast.File) {
		ast.Inspect(f, func(n ast.Node) bool {
			field, ok := n.(*ast.Field)
			if !ok || field.Tag == nil {
				return true
			}
			raw, err := strconv.Unquote(field.Tag.Value)
			if err != nil {
				return true
			}
			v, ok := reflect.StructTag(raw).Lookup("validate")
			if !ok {
				return true
			}
			tags++
			for _, part := range strings.Split(v, ",") {
				if strings.Contains(part, "=") {
					t.Errorf("%s: validate:%q states a rule (%s): leave it to the domain", fset.Position(field.Pos()), v, part)
				}
			}
			return true
		})
	})
	if tags < 20 {
		t.Fatalf("found %d validate tags: the scan looks at the wrong files", tags)
	}
}
