package market

import (
	"os"
	"strings"
	"testing"
)

// lifecycleDoc holds the generated reference of the state machine between
// the two markers; UPDATE_LIFECYCLE_DOC=1 rewrites it from the table.
const (
	lifecycleDoc      = "../../docs/lifecycle.md"
	diagramBeginMark  = "<!-- project-states:begin (generated from domain/market/transitions.go by TestLifecycleDiagramUpToDate) -->"
	diagramEndMark    = "<!-- project-states:end -->"
	updateLifecycleEv = "UPDATE_LIFECYCLE_DOC"
)

// renderProjectStates draws Transitions as a Mermaid state diagram
// and lists the guards and roles in a table.
func renderProjectStates() string {
	var b strings.Builder
	b.WriteString("```mermaid\nstateDiagram-v2\n    [*] --> " + ProjectDraft + "\n")
	final := map[string]bool{}
	for _, st := range allStatuses {
		final[st] = true
	}
	for _, tr := range Transitions {
		final[tr.From] = false
		b.WriteString("    " + tr.From + " --> " + tr.To + ": " + string(tr.Event) + "\n")
	}
	for _, st := range allStatuses {
		if final[st] {
			b.WriteString("    " + st + " --> [*]\n")
		}
	}
	b.WriteString("```\n\n| from | event | to | guard | roles |\n|---|---|---|---|---|\n")
	for _, tr := range Transitions {
		b.WriteString("| `" + tr.From + "` | `" + string(tr.Event) + "` | `" + tr.To + "` | " + tr.Guard + " | " +
			strings.Join(tr.Roles, ", ") + " |\n")
	}
	return b.String()
}

// TestLifecycleDiagramUpToDate keeps docs/lifecycle.md drawn from the table,
// so the published diagram cannot drift from the code.
func TestLifecycleDiagramUpToDate(t *testing.T) {
	raw, err := os.ReadFile(lifecycleDoc)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	begin, end := strings.Index(doc, diagramBeginMark), strings.Index(doc, diagramEndMark)
	if begin < 0 || end < begin {
		t.Fatalf("%s has no block between %q and %q", lifecycleDoc, diagramBeginMark, diagramEndMark)
	}
	want := diagramBeginMark + "\n" + renderProjectStates() + diagramEndMark
	got := doc[begin : end+len(diagramEndMark)]
	if got == want {
		return
	}
	if os.Getenv(updateLifecycleEv) == "1" {
		if err := os.WriteFile(lifecycleDoc, []byte(doc[:begin]+want+doc[end+len(diagramEndMark):]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is out of date with Transitions; run %s=1 go test -run TestLifecycleDiagramUpToDate ./domain/market", lifecycleDoc, updateLifecycleEv)
}
