package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"marketplace/api"
)

// The test identity provider is zitadel's OpenID Provider (pkg/op) with its
// in-memory example storage and login page, on a loopback port: discovery,
// keys, authorization, token, userinfo and end-session are the real thing.
// The claim names differ from the defaults, as the government platform's
// might, so that the claim mapping is exercised.
const (
	testOIDCClientID   = "marketplace"
	testOIDCSecret     = "marketplace-secret"
	testOIDCUSCCClaim  = "tyshxydm"
	testOIDCNameClaim  = "legal_person_name"
	testOIDCOPPassword = "op-password-1"
)

// testOP is a running provider and the users it knows.
type testOP struct {
	URL     string
	storage *opStorage
}

// opUser is a provider user: Subject is its stable id, USCC empty for a
// natural person.
type opUser struct {
	Subject, Username, USCC, Name string
}

// startTestOP starts the provider for app (whose callback it registers)
// and switches the app's single sign-on on, pointed at it.
func startTestOP(t *testing.T, app *testApp) *testOP {
	t.Helper()
	var handler atomic.Value // the OP needs its own URL, known once listening
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handler.Load().(http.Handler).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	// "localhost" rather than 127.0.0.1 keeps the provider's cookies apart
	// from the platform's in the browser.
	issuer := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	users := &opUsers{byID: map[string]*opUser{}}
	client := storage.WebClient(testOIDCClientID, testOIDCSecret, app.URL+"/auth/oidc/callback")
	st := &opStorage{Storage: storage.NewStorageWithClients(users, map[string]*storage.Client{testOIDCClientID: client}),
		users: users, postLogout: app.URL + "/"}
	opHandler := exampleop.SetupServer(issuer, st, nil, false)
	handler.Store(http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" && st.otherAudience.Load() {
			st.substituteIDToken(w, r, opHandler, issuer)
			return
		}
		opHandler.ServeHTTP(w, r)
	})))
	app.Server.OIDC = api.NewOIDCClient(api.OIDCConfig{Issuer: issuer, ClientID: testOIDCClientID, ClientSecret: testOIDCSecret,
		RedirectURL: app.URL + "/auth/oidc/callback", USCCClaim: testOIDCUSCCClaim, NameClaim: testOIDCNameClaim})
	return &testOP{URL: issuer, storage: st}
}

// addUser makes a user able to log in at the provider.
func (o *testOP) addUser(u opUser) {
	o.storage.users.mu.Lock()
	defer o.storage.users.mu.Unlock()
	o.storage.users.byID[u.Subject] = &u
}

// issueForOtherAudience makes every ID token from now on name another
// client as its audience, as a token meant for another relying party would.
func (o *testOP) issueForOtherAudience() { o.storage.otherAudience.Store(true) }

type opUsers struct {
	mu   sync.Mutex
	byID map[string]*opUser
}

func (u *opUsers) storageUser(x *opUser) *storage.User {
	return &storage.User{ID: x.Subject, Username: x.Username, Password: testOIDCOPPassword, FirstName: x.Name, EmailVerified: true}
}

func (u *opUsers) GetUserByID(id string) *storage.User {
	u.mu.Lock()
	defer u.mu.Unlock()
	if x := u.byID[id]; x != nil {
		return u.storageUser(x)
	}
	return nil
}

func (u *opUsers) GetUserByUsername(name string) *storage.User {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, x := range u.byID {
		if x.Username == name {
			return u.storageUser(x)
		}
	}
	return nil
}

func (u *opUsers) ExampleClientID() string { return "service" }

func (u *opUsers) claims(id string) (string, string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if x := u.byID[id]; x != nil {
		return x.USCC, x.Name
	}
	return "", ""
}

// opStorage is the example storage with what the government platform adds:
// the legal person's USCC and name in userinfo, a registered post-logout
// redirect, and (on demand) ID tokens for another audience.
type opStorage struct {
	*storage.Storage
	users         *opUsers
	postLogout    string
	otherAudience atomic.Bool
	lastRequest   atomic.Pointer[op.AuthRequest]
	endSessions   atomic.Int32
}

// TerminateSession counts the RP-initiated logouts that reached the provider.
func (s *opStorage) TerminateSession(ctx context.Context, userID, clientID string) error {
	s.endSessions.Add(1)
	return s.Storage.TerminateSession(ctx, userID, clientID)
}

func (s *opStorage) SetUserinfoFromToken(ctx context.Context, userinfo *oidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, userinfo, tokenID, subject, origin); err != nil {
		return err
	}
	uscc, name := s.users.claims(userinfo.Subject)
	if uscc != "" {
		userinfo.AppendClaims(testOIDCUSCCClaim, uscc)
	}
	userinfo.AppendClaims(testOIDCNameClaim, name)
	return nil
}

func (s *opStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, err
	}
	return logoutClient{Client: c, postLogout: s.postLogout}, nil
}

func (s *opStorage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	r, err := s.Storage.AuthRequestByCode(ctx, code)
	if err == nil {
		s.lastRequest.Store(&r)
	}
	return r, err
}

// substituteIDToken answers the token request as the provider does, but
// with the ID token replaced by one the provider signs, with its own key,
// for another relying party: what a token substitution would bring.
func (s *opStorage) substituteIDToken(w http.ResponseWriter, r *http.Request, next http.Handler, issuer string) {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	var body map[string]any
	last := s.lastRequest.Load()
	if rec.Code != http.StatusOK || last == nil || json.Unmarshal(rec.Body.Bytes(), &body) != nil {
		http.Error(w, "test provider: no token to substitute", http.StatusInternalServerError)
		return
	}
	client, err := s.GetClientByClientID(r.Context(), testOIDCClientID)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	other, err := op.CreateIDToken(r.Context(), issuer, otherAudienceRequest{AuthRequest: *last}, time.Hour, "", "", s, client)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	body["id_token"] = other
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(body)
}

type logoutClient struct {
	op.Client
	postLogout string
}

func (c logoutClient) PostLogoutRedirectURIs() []string { return []string{c.postLogout} }

// otherAudienceRequest is an authorization by another relying party.
type otherAudienceRequest struct{ op.AuthRequest }

func (otherAudienceRequest) GetAudience() []string { return []string{"another-relying-party"} }
func (otherAudienceRequest) GetClientID() string   { return "another-relying-party" }
