package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// fuzzSeed fixes the sample of malformed bodies, so that a failure repeats;
// FUZZ_SEED overrides it to explore other samples.
const fuzzSeed = 20261205

// fuzzCasesPerOperation bounds the run (about a minute under -race on two
// cores for every POST, PUT and PATCH of openapi.yaml).
const fuzzCasesPerOperation = 24

// Every POST, PUT and PATCH of openapi.yaml is sent malformed bodies
// generated from its request schema (wrong types, nulls, huge, empty and
// control-character strings, emoji, negative, huge and non-finite numbers,
// impossible dates, unknown fields, invalid JSON), with the token of a role
// the endpoint accepts and path ids that exist in the demo world. No answer
// may be a 5xx, nothing may panic, and every answer must match openapi.yaml.
//
//	go test -count=1 -run TestFuzz_OpenAPIBodies ./api            (the fixed sample)
//	FUZZ_SEED=7 go test -count=1 -run TestFuzz_OpenAPIBodies ./api (another one)
func TestFuzz_OpenAPIBodies(t *testing.T) {
	t.Parallel()
	seed := uint64(fuzzSeed)
	if v := os.Getenv("FUZZ_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("FUZZ_SEED=%q: %v", v, err)
		}
		seed = n
	}
	w := newFuzzWorld(t)
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPIDocument)
	if err != nil {
		t.Fatal(err)
	}
	ops := writeOperations(doc)
	sent := 0
	for i, op := range ops {
		g := &bodyGen{r: rand.New(rand.NewPCG(seed, uint64(i)))}
		path := w.resolve(t, op.path)
		token := w.tokenFor(t, op, path)
		statuses := map[int]int{}
		for _, b := range g.bodies(op, fuzzCasesPerOperation) {
			req, err := http.NewRequest(op.method, w.URL+"/api/v1"+path, bytes.NewReader(b.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", b.contentType)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			r := w.send(req)
			sent++
			statuses[r.Status]++
			if r.Status >= 500 {
				t.Errorf("%s %s with %.200q answered %d", op.method, path, b.body, r.Status)
			}
		}
		t.Logf("%s %s: %v", op.method, path, statuses)
	}
	for _, l := range w.logs.lines() {
		if strings.Contains(l, "panic") || strings.Contains(l, "internal error") {
			t.Errorf("server log: %.400s", l)
		}
	}
	t.Logf("%d operations, %d malformed requests, seed %d", len(ops), sent, seed)
}

// fuzzWorld is the application on the demo world with one session per role.
type fuzzWorld struct {
	*testApp
	logs   *lockedBuffer
	tokens map[string]string
}

func newFuzzWorld(t *testing.T) *fuzzWorld {
	t.Helper()
	db := storagetest.MustOpen(t)
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods())
	files, err := storage.NewFiles(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	m.Files = files
	if _, err := storage.SeedDemo(context.Background(), m, db); err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	s := &api.Server{Market: m, Site: portal(t, m), Log: slog.New(slog.NewJSONHandler(logs, nil)), Version: "test"}
	srv := httptest.NewServer(s.Handler())
	storagetest.Cleanup(t, srv.Close)
	openAPIRouter(t)
	w := &fuzzWorld{testApp: &testApp{t: t, DB: db, Market: m, URL: srv.URL, Server: s}, logs: logs, tokens: map[string]string{}}
	for _, role := range []string{domain.RoleEnterprise, domain.RoleAgency, domain.RoleDepartment, domain.RoleAdmin} {
		var email string
		if err := db.SQL().QueryRow("SELECT email FROM accounts WHERE role = $1 AND status = 'active' ORDER BY id LIMIT 1", role).Scan(&email); err != nil {
			t.Fatalf("demo %s: %v", role, err)
		}
		r := w.do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": storage.DemoPassword})
		var sess struct{ Token string }
		r.decode(t, &sess)
		w.tokens[role] = sess.Token
	}
	return w
}

// pathIDs names, for a path prefix, the row its {id} or {code} should be:
// one that exists and, for project actions, is in the state the action needs.
var pathIDs = []struct{ prefix, suffix, query string }{
	{"/projects/{id}", "/bids/mine", "SELECT id FROM projects WHERE status = 'bidding' AND method <> 'reverse_auction'"},
	{"/projects/{id}", "/auction/bids", "SELECT id FROM projects WHERE status = 'bidding' AND method = 'reverse_auction'"},
	{"/projects/{id}", "/publish", "SELECT id FROM projects WHERE status = 'draft'"},
	{"/projects/{id}", "/repost", "SELECT id FROM projects WHERE status = 'failed'"},
	{"/projects/{id}", "/selection", "SELECT id FROM projects WHERE status = 'evaluating'"},
	{"/projects/{id}", "/objections", "SELECT id FROM projects WHERE status = 'publicity'"},
	{"/projects/{id}", "/contract/", "SELECT id FROM projects WHERE status = 'awarded'"},
	{"/projects/{id}", "/delivery", "SELECT id FROM projects WHERE status = 'contracted'"},
	{"/projects/{id}", "/acceptance", "SELECT id FROM projects WHERE status = 'delivered'"},
	{"/projects/{id}", "", "SELECT id FROM projects WHERE status IN ('accepted', 'completed', 'bidding')"},
	{"/catalogue/items/{code}", "", "SELECT code FROM catalogue_items"},
	{"/credit-events/{id}", "", "SELECT id FROM credit_events"},
	{"/appeals/{id}", "", "SELECT id FROM credit_appeals"},
	{"/violations/{id}", "", "SELECT id FROM violations"},
	{"/inspections/{id}", "", "SELECT id FROM inspections"},
	{"/qualifications/{id}", "", "SELECT id FROM qualifications"},
	{"/objections/{id}", "", "SELECT id FROM objections"},
	{"/supervision/risks/{id}", "", "SELECT id FROM risk_flags"},
	{"/supervision/cases/{id}", "", "SELECT id FROM risk_cases"},
	{"/notifications/{id}", "", "SELECT id FROM notifications"},
}

// resolve fills the path's parameter with a real id (1 when the demo world
// has no such row: the handler then answers 404, which is still checked).
func (w *fuzzWorld) resolve(t *testing.T, path string) string {
	t.Helper()
	for _, p := range pathIDs {
		if !strings.HasPrefix(path, p.prefix) || !strings.HasPrefix(path[len(p.prefix):], p.suffix) {
			continue
		}
		var v string
		if err := w.DB.SQL().QueryRow(p.query + " ORDER BY 1 LIMIT 1").Scan(&v); err != nil {
			v = "1"
		}
		return strings.Replace(path, p.prefix[strings.LastIndex(p.prefix, "{"):], v, 1)
	}
	return path
}

// tokenFor returns the session of the first role the endpoint does not
// refuse outright (401/403) for an empty body; "" for public endpoints.
func (w *fuzzWorld) tokenFor(t *testing.T, op writeOperation, path string) string {
	t.Helper()
	if op.public {
		return ""
	}
	roles := []string{domain.RoleEnterprise, domain.RoleAgency, domain.RoleDepartment, domain.RoleAdmin}
	for _, role := range roles {
		req, _ := http.NewRequest(op.method, w.URL+"/api/v1"+path, strings.NewReader("{}"))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+w.tokens[role])
		if r := w.send(req); r.Status != http.StatusUnauthorized && r.Status != http.StatusForbidden {
			return w.tokens[role]
		}
	}
	return w.tokens[roles[0]]
}

// writeOperation is one POST, PUT or PATCH of the document.
type writeOperation struct {
	method, path string
	public       bool
	json         *openapi3.Schema // nil when the body is not JSON
	form         *openapi3.Schema // multipart/form-data, when accepted
}

// writeOperations lists the document's writes in a fixed order; the ones
// that end the session or the account (logout, exit) come last.
func writeOperations(doc *openapi3.T) []writeOperation {
	var ops []writeOperation
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if method != http.MethodPost && method != http.MethodPut && method != http.MethodPatch {
				continue
			}
			w := writeOperation{method: method, path: path}
			if op.Security != nil && len(*op.Security) == 1 && len((*op.Security)[0]) == 0 {
				w.public = true
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
					w.json = mt.Schema.Value
				}
				if mt := op.RequestBody.Value.Content.Get("multipart/form-data"); mt != nil && mt.Schema != nil {
					w.form = mt.Schema.Value
				}
			}
			ops = append(ops, w)
		}
	}
	last := func(o writeOperation) bool { return o.path == "/auth/logout" || o.path == "/agencies/me/exit" }
	sort.Slice(ops, func(i, j int) bool {
		if last(ops[i]) != last(ops[j]) {
			return last(ops[j])
		}
		return ops[i].path+ops[i].method < ops[j].path+ops[j].method
	})
	return ops
}

// fuzzBody is one request body.
type fuzzBody struct {
	contentType string
	body        []byte
}

// bodyGen makes malformed bodies from a schema with a seeded generator.
type bodyGen struct{ r *rand.Rand }

// rawJSON are bodies that are not (or not the expected) JSON.
var rawJSON = []string{
	"", "{", `{"a":`, "[1,2", "NaN", `{"price": NaN}`, `{"x": Infinity}`, "\x00", "\xff\xfe{}", `{"a":1}{"b":2}`,
	"null", "[]", `"text"`, "123", "true", `{"a":"\u0000"}`, `{"":1}`, `{"a\u0000":1}`, `{"a":1e999}`,
	`{"a":-0}`, strings.Repeat("[", 10000), `{"a":"\ud800"}`,
}

// badValues replace one field: every kind of wrong a client can send.
var badValues = []any{
	nil, "", " ", strings.Repeat("长", 100_000), strings.Repeat("a", 5000), "\u0000", "a\u0000b", "\u001b[31m红\u001b[0m", "\u0007",
	"🙂🙂🙂", "👨‍👩‍👧‍👦", "\u202e反向", "<script>alert(1)</script>", "'; DROP TABLE projects;--",
	-1, 0, 1.5, -1e308, 1e308, json.RawMessage("9223372036854775808"), json.RawMessage("-9223372036854775809"),
	json.RawMessage("1e400"), json.RawMessage("123456789012345678901234567890"), "NaN", "Infinity", "-1.00", "1e5",
	"125000.001", "99999999999999999999.99", "１２３", true, false, []any{}, []any{1, "a", nil}, map[string]any{},
	map[string]any{"x": map[string]any{"y": []any{}}}, "2025-02-30", "0000-01-01", "9999-12-31", "0000-01-01T00:00:00Z",
	"9999-12-31T23:59:59Z", "2025-13-45T99:99:99Z", "1899-12-31T23:59:59+08:00", "2201-01-01T00:00:00Z", "yesterday",
}

func (g *bodyGen) pick(list []any) any { return list[g.r.IntN(len(list))] }

// bodies returns n bodies for op: raw non-JSON, wrong top-level types,
// a plausible body with one or all fields spoiled, missing required
// fields, unknown fields, and multipart forms where the endpoint takes them.
func (g *bodyGen) bodies(op writeOperation, n int) []fuzzBody {
	var out []fuzzBody
	js := func(v any) fuzzBody {
		b, err := json.Marshal(v)
		if err != nil {
			b = []byte(fmt.Sprint(v))
		}
		return fuzzBody{"application/json", b}
	}
	for len(out) < n {
		switch k := g.r.IntN(10); {
		case k == 0:
			out = append(out, fuzzBody{"application/json", []byte(rawJSON[g.r.IntN(len(rawJSON))])})
		case k == 1 && op.form != nil:
			out = append(out, g.multipart(op.form))
		case k == 1:
			out = append(out, fuzzBody{"text/plain", []byte(fmt.Sprint(g.pick(badValues)))})
		default:
			s := op.json
			if s == nil && op.form != nil {
				out = append(out, g.multipart(op.form))
				continue
			}
			body, _ := g.plausible(s, 0).(map[string]any)
			if body == nil {
				out = append(out, js(g.pick(badValues)))
				continue
			}
			keys := sortedKeys(body)
			switch {
			case k <= 5 && len(keys) > 0:
				body[keys[g.r.IntN(len(keys))]] = g.pick(badValues)
			case k == 6:
				for _, key := range keys {
					body[key] = g.pick(badValues)
				}
			case k == 7 && len(keys) > 0:
				delete(body, keys[g.r.IntN(len(keys))])
			case k == 8:
				body["unknown_"+strconv.Itoa(g.r.IntN(100))] = g.pick(badValues)
			default:
				out = append(out, js(g.pick(badValues)))
				continue
			}
			out = append(out, js(body))
		}
	}
	return out
}

// plausible builds a value the schema would accept (the first enum value,
// a date-time for date-times, nested objects and arrays of one item).
func (g *bodyGen) plausible(ref *openapi3.Schema, depth int) any {
	if ref == nil || depth > 4 {
		return nil
	}
	s := ref
	for _, alts := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		if len(alts) > 0 && alts[0].Value != nil {
			return g.plausible(alts[0].Value, depth+1)
		}
	}
	if len(s.Enum) > 0 {
		return s.Enum[g.r.IntN(len(s.Enum))]
	}
	switch {
	case s.Type.Is("object") || len(s.Properties) > 0:
		m := map[string]any{}
		for _, name := range sortedKeys(s.Properties) {
			m[name] = g.plausible(s.Properties[name].Value, depth+1)
		}
		return m
	case s.Type.Is("array"):
		if s.Items == nil {
			return []any{}
		}
		return []any{g.plausible(s.Items.Value, depth+1)}
	case s.Type.Is("integer"):
		return 1 + g.r.IntN(5)
	case s.Type.Is("number"):
		return 0.5
	case s.Type.Is("boolean"):
		return g.r.IntN(2) == 0
	case s.Format == "date-time":
		return time.Date(2031, 1, 2, 3, 4, 5, 0, time.UTC).Format(time.RFC3339)
	case s.Format == "date":
		return "2026-01-31"
	}
	return "测试文本"
}

// multipart builds an upload form with spoiled fields and a file part that
// is a PDF, garbage, or missing.
func (g *bodyGen) multipart(s *openapi3.Schema) fuzzBody {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, name := range sortedKeys(s.Properties) {
		p := s.Properties[name].Value
		if p != nil && p.Format == "binary" {
			switch g.r.IntN(3) {
			case 0:
				fw, _ := mw.CreateFormFile(name, fmt.Sprint(g.pick(badValues)))
				fw.Write(pdfDoc)
			case 1:
				fw, _ := mw.CreateFormFile(name, "x.pdf")
				junk := make([]byte, g.r.IntN(4096))
				for i := range junk {
					junk[i] = byte(g.r.IntN(256))
				}
				fw.Write(junk)
			}
			continue
		}
		v := g.plausible(p, 0)
		if g.r.IntN(2) == 0 {
			v = g.pick(badValues)
		}
		if v == nil {
			continue
		}
		mw.WriteField(name, fmt.Sprint(v))
	}
	if g.r.IntN(4) == 0 {
		mw.WriteField("unknown", "x")
	}
	mw.Close()
	return fuzzBody{mw.FormDataContentType(), buf.Bytes()}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
