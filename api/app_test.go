package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/identity"
	"marketplace/jobs"
	"marketplace/jobs/outbound"
	"marketplace/storage"
	"marketplace/storage/storagetest"
	"marketplace/web"
)

// testApp is the whole application on a fresh database, driven over HTTP as
// a client would; every /api/v1 response is checked against openapi.yaml.
type testApp struct {
	t      testing.TB
	DB     *storage.DB
	Market *domain.Marketplace
	Jobs   *jobs.Scheduler
	URL    string
	Server *api.Server
}

var (
	specOnce   sync.Once
	specRouter routers.Router
	specErr    error
)

func openAPIRouter(t testing.TB) routers.Router {
	specOnce.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(api.OpenAPIDocument)
		if err != nil {
			specErr = fmt.Errorf("load openapi.yaml: %w", err)
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			specErr = fmt.Errorf("openapi.yaml is not valid: %w", err)
			return
		}
		doc.Servers = openapi3.Servers{{URL: "http://test/api/v1"}}
		specRouter, specErr = gorillamux.NewRouter(doc)
	})
	if specErr != nil {
		t.Fatal(specErr)
	}
	return specRouter
}

// portal is the server-rendered site (package web) that the server mounts
// beside the API: the page tests drive both through HTTP.
func portal(t testing.TB, m *domain.Marketplace) *web.Portal {
	t.Helper()
	p, err := web.New(m)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// newTestApp starts the application; opts adjust the server before its
// handler is built (e.g. trusted proxies).
func newTestApp(t testing.TB, opts ...func(*api.Server)) *testApp {
	t.Helper()
	db := storagetest.MustOpen(t)
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods())
	m.OpenData.Sender = outbound.NewHTTPSender()
	m.Typer = storage.MediaTyper{} // documents are typed as the server types them
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := &api.Server{Market: m, Log: log, Version: "test", Site: portal(t, m)}
	for _, o := range opts {
		o(s)
	}
	srv := httptest.NewServer(s.Handler())
	storagetest.Cleanup(t, srv.Close)
	openAPIRouter(t)
	return &testApp{t: t, DB: db, Market: m, Jobs: jobs.New(m, log, 1e9), URL: srv.URL, Server: s}
}

type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r *response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// errorCode returns error.code of an error response.
func (r *response) errorCode(t testing.TB) string {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string }
	}
	r.decode(t, &e)
	return e.Error.Code
}

// do sends a request; body is marshalled unless it is a string or []byte.
func (a *testApp) do(method, path, token string, body any) *response {
	a.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			a.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, a.URL+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return a.send(req)
}

func (a *testApp) send(req *http.Request) *response {
	a.t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := &response{Status: res.StatusCode, Header: res.Header, Body: b}
	if strings.HasPrefix(req.URL.Path, "/api/v1/") && req.URL.Path != "/api/v1/openapi.yaml" {
		a.checkAgainstSpec(req, r)
	}
	if r.Status >= 500 {
		a.t.Errorf("%s %s answered %d: %s", req.Method, req.URL.Path, r.Status, b)
	}
	return r
}

// checkAgainstSpec fails the test when the response does not match the
// OpenAPI document (undocumented route, status or shape).
func (a *testApp) checkAgainstSpec(req *http.Request, r *response) {
	a.t.Helper()
	u := *req.URL
	u.Scheme, u.Host = "http", "test"
	sreq := req.Clone(context.Background())
	sreq.URL = &u
	sreq.Body = http.NoBody
	route, params, err := openAPIRouter(a.t).FindRoute(sreq)
	if err != nil {
		if r.Status == http.StatusNotFound || r.Status == http.StatusMethodNotAllowed {
			return // unknown routes are refused, which is what the spec implies
		}
		a.t.Errorf("%s %s is not in openapi.yaml: %v", req.Method, req.URL.Path, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: sreq, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: r.Status, Header: r.Header, Body: io.NopCloser(bytes.NewReader(r.Body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		a.t.Errorf("%s %s → %d does not match openapi.yaml: %v\nbody: %.500s", req.Method, req.URL.Path, r.Status, err, r.Body)
	}
}

var seq atomic.Int64

// uscc returns a fresh valid unified social credit code.
func uscc() string {
	first := fmt.Sprintf("91110000MA%07d", seq.Add(1))
	return first + string(identity.USCCCheckChar(first))
}

const testPassword = "correct-horse-battery"

// register self-registers an account and logs in; it returns id and token.
func (a *testApp) register(role, name string) (int64, string) {
	a.t.Helper()
	email := fmt.Sprintf("u%d@example.cn", seq.Add(1))
	r := a.do("POST", "/api/v1/auth/register", "", map[string]any{"accept_commitment_version": 1,
		"role": role, "name": name, "uscc": uscc(), "legal_representative": "张三",
		"contact_phone": "13912345678", "email": email, "password": testPassword,
	})
	if r.Status != http.StatusCreated {
		a.t.Fatalf("register %s: %d %s", role, r.Status, r.Body)
	}
	var acc struct{ ID int64 }
	r.decode(a.t, &acc)
	return acc.ID, a.login(email)
}

func (a *testApp) login(email string) string {
	a.t.Helper()
	r := a.do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": testPassword})
	if r.Status != http.StatusOK {
		a.t.Fatalf("login %s: %d %s", email, r.Status, r.Body)
	}
	var s struct{ Token string }
	r.decode(a.t, &s)
	return s.Token
}

// staff creates a department or admin account (as the CLI does) and logs in.
func (a *testApp) staff(role, name string) (int64, string) {
	a.t.Helper()
	email := fmt.Sprintf("s%d@example.gov.cn", seq.Add(1))
	acc, err := a.Market.Accounts().CreateStaffAccount(context.Background(), identity.StaffAccountInput{Role: role, Name: name, Email: email, Password: testPassword, Region: "湖北省"})
	if err != nil {
		a.t.Fatal(err)
	}
	return acc.ID, a.login(email)
}
