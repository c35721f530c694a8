package api_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"testing"
)

// logCapture is a slog handler that keeps every record, for tests that
// assert what was logged.
type logCapture struct {
	mu      sync.Mutex
	records []slog.Record
}

func (h *logCapture) Enabled(context.Context, slog.Level) bool { return true }
func (h *logCapture) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *logCapture) WithGroup(string) slog.Handler            { return h }
func (h *logCapture) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = append(h.records, r.Clone())
	return nil
}

// find returns the attributes of the first record at level with message msg.
func (h *logCapture) find(level slog.Level, msg string) (map[string]string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, r := range h.records {
		if r.Level == level && r.Message == msg {
			attrs := map[string]string{}
			r.Attrs(func(a slog.Attr) bool { attrs[a.Key] = a.Value.String(); return true })
			return attrs, true
		}
	}
	return nil, false
}

// When the audit of a refused designation cannot be written, the department
// still gets its refusal (403, never a 500), and the failure is logged at
// error level with the request id, so that an operator can find and record
// the attempt by hand.
func TestSelection_RefusalAuditFailureIsLogged(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	logs := &logCapture{}
	app.Server.Log, app.Market.Log = slog.New(logs), slog.New(logs)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, dept := app.staff("department", "某市生态环境局")
	aID, a := app.agency("甲环境咨询有限公司", "NAT-01")
	direct := app.closedProject(ent, map[string]any{"method": "direct", "min_bids": nil}, bidder{aID, a, "60000.00"})

	// The audit store refuses exactly the refusal's row.
	storagetestExec(t, app.testApp, `CREATE FUNCTION test_audit_down() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$`)
	storagetestExec(t, app.testApp, `CREATE TRIGGER test_audit_down BEFORE INSERT ON audit_log FOR EACH ROW
		WHEN (NEW.action = 'selection.refused') EXECUTE FUNCTION test_audit_down()`)

	r := app.post(pp(direct.ID, "/selection"), dept, map[string]any{"agency_id": aID})
	app.expect(r, http.StatusForbidden, "designation_forbidden")
	rid := r.Header.Get("X-Request-Id")
	if rid == "" {
		t.Fatal("no X-Request-Id on the response")
	}
	if l := app.lifecycle(direct.ID); l.Status != "evaluating" || len(l.Candidates) != 0 {
		t.Errorf("the refused designation changed the project: %+v", l)
	}
	if n := app.count(fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action = 'selection.refused' AND subject_id = '%d'", direct.ID)); n != 0 {
		t.Fatalf("the trigger let %d refusal rows through; the test proves nothing", n)
	}
	attrs, ok := logs.find(slog.LevelError, "refused selection not audited")
	if !ok {
		t.Fatalf("the failed audit was not logged at error level; records: %d", len(logs.records))
	}
	if attrs["request_id"] != rid {
		t.Errorf("logged request_id %q, want the response's %q (%v)", attrs["request_id"], rid, attrs)
	}
	if attrs["project_id"] != fmt.Sprint(direct.ID) || attrs["reason"] != "designation_forbidden" || attrs["err"] == "" {
		t.Errorf("log record lacks the facts of the refusal: %v", attrs)
	}

	// With the audit store back, the next refusal is audited as before.
	storagetestExec(t, app.testApp, "DROP TRIGGER test_audit_down ON audit_log")
	app.expect(app.post(pp(direct.ID, "/selection"), dept, map[string]any{"agency_id": aID}), http.StatusForbidden, "designation_forbidden")
	if n := app.count(fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action = 'selection.refused' AND subject_id = '%d'", direct.ID)); n != 1 {
		t.Errorf("%d refusal rows once the audit store is back, want 1", n)
	}
}
