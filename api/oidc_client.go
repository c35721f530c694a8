package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"marketplace/domain"
	"marketplace/domain/identity"
)

// OIDCConfig configures single sign-on through the government identity
// platform. An empty Issuer turns it off.
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// RedirectURL is this platform's /auth/oidc/callback as registered
	// with the provider.
	RedirectURL string
	// USCCClaim and NameClaim name the claims that carry a legal person's
	// unified social credit code and name: providers differ.
	USCCClaim string
	NameClaim string
	// PostLogoutRedirectURL is where the provider sends the user after an
	// RP-initiated logout ("": the site root of RedirectURL).
	PostLogoutRedirectURL string
	// HTTPClient talks to the provider (nil: one with a 10 s timeout).
	HTTPClient *http.Client
}

// oidcTimeout bounds each call to the provider so that a slow provider
// holds no handler for long.
const oidcTimeout = 10 * time.Second

// OIDCClient is the relying party: discovery, the authorization code flow
// with PKCE and the verification of ID tokens against the issuer's keys.
// Discovery is lazy, so that the platform starts while the provider is down.
type OIDCClient struct {
	cfg OIDCConfig

	mu       sync.Mutex
	provider *oidc.Provider
	endpoint struct {
		EndSession string `json:"end_session_endpoint"`
	}
}

// NewOIDCClient returns the client for cfg, or nil when cfg.Issuer is empty.
func NewOIDCClient(cfg OIDCConfig) *OIDCClient {
	if cfg.Issuer == "" {
		return nil
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: oidcTimeout}
	}
	if cfg.USCCClaim == "" {
		cfg.USCCClaim = "uscc"
	}
	if cfg.NameClaim == "" {
		cfg.NameClaim = "name"
	}
	return &OIDCClient{cfg: cfg}
}

// Issuer is the configured issuer.
func (o *OIDCClient) Issuer() string { return o.cfg.Issuer }

var errOIDCUnavailable = domain.Errorf(domain.EUNAVAILABLE, "oidc_unavailable",
	"The government identity platform cannot be reached; try again shortly or log in with your password.")

var errOIDCToken = domain.Errorf(domain.EINVALID, "oidc_token",
	"The identity platform's answer could not be verified; start the sign-in again.")

func (o *OIDCClient) discover() (*oidc.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider != nil {
		return o.provider, nil
	}
	// The provider keeps this context for fetching keys later: it must
	// outlive the request that happened to discover it.
	ctx := oidc.ClientContext(context.Background(), o.cfg.HTTPClient)
	p, err := oidc.NewProvider(ctx, o.cfg.Issuer)
	if err != nil {
		return nil, errors.Join(errOIDCUnavailable, err)
	}
	if err := p.Claims(&o.endpoint); err != nil {
		return nil, errors.Join(errOIDCUnavailable, err)
	}
	o.provider = p
	return p, nil
}

func (o *OIDCClient) oauth2Config(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, RedirectURL: o.cfg.RedirectURL,
		Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile"}}
}

// AuthURL is the provider's authorization URL for a started login.
func (o *OIDCClient) AuthURL(st identity.OIDCStart) (string, error) {
	p, err := o.discover()
	if err != nil {
		return "", err
	}
	return o.oauth2Config(p).AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier)), nil
}

// Exchange redeems the code with the login's PKCE verifier, verifies the
// ID token (signature by the issuer's keys, issuer, audience, expiry and
// nonce) and reads the identity from it, completed by the userinfo
// endpoint for claims the token leaves out.
func (o *OIDCClient) Exchange(ctx context.Context, code string, login *identity.OIDCLogin) (identity.Identity, string, error) {
	p, err := o.discover()
	if err != nil {
		return identity.Identity{}, "", err
	}
	ctx = oidc.ClientContext(ctx, o.cfg.HTTPClient)
	ctx, cancel := context.WithTimeout(ctx, oidcTimeout)
	defer cancel()
	tok, err := o.oauth2Config(p).Exchange(ctx, code, oauth2.VerifierOption(login.Verifier))
	if err != nil {
		return identity.Identity{}, "", errors.Join(errOIDCToken, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return identity.Identity{}, "", errors.Join(errOIDCToken, errors.New("no id_token in the token response"))
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: o.cfg.ClientID}).Verify(ctx, raw)
	if err != nil {
		return identity.Identity{}, "", errors.Join(errOIDCToken, err)
	}
	if idt.Nonce != login.Nonce {
		return identity.Identity{}, "", errors.Join(errOIDCToken, errors.New("nonce mismatch"))
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		return identity.Identity{}, "", errors.Join(errOIDCToken, err)
	}
	if p.UserInfoEndpoint() != "" && (claims[o.cfg.USCCClaim] == nil || claims[o.cfg.NameClaim] == nil) {
		ui, err := p.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return identity.Identity{}, "", errors.Join(errOIDCToken, err)
		}
		extra := map[string]any{}
		if ui.Subject == idt.Subject && ui.Claims(&extra) == nil {
			for k, v := range extra {
				if _, set := claims[k]; !set {
					claims[k] = v
				}
			}
		}
	}
	return identity.Identity{Issuer: idt.Issuer, Subject: idt.Subject,
		USCC: claimText(claims[o.cfg.USCCClaim]), Name: claimText(claims[o.cfg.NameClaim])}, raw, nil
}

func claimText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case nil:
		return ""
	default:
		return fmt.Sprint(t)
	}
}

// EndSessionURL is the provider's RP-initiated logout URL, or "" when the
// provider offers none (or is unreachable: the local logout stands alone).
func (o *OIDCClient) EndSessionURL(idTokenHint string) string {
	if _, err := o.discover(); err != nil || o.endpoint.EndSession == "" {
		return ""
	}
	u, err := url.Parse(o.endpoint.EndSession)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("client_id", o.cfg.ClientID)
	if idTokenHint != "" {
		q.Set("id_token_hint", idTokenHint)
	}
	q.Set("post_logout_redirect_uri", o.postLogoutURL())
	u.RawQuery = q.Encode()
	return u.String()
}

func (o *OIDCClient) postLogoutURL() string {
	if o.cfg.PostLogoutRedirectURL != "" {
		return o.cfg.PostLogoutRedirectURL
	}
	u, err := url.Parse(o.cfg.RedirectURL)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix((&url.URL{Scheme: u.Scheme, Host: u.Host}).String(), "/") + "/"
}
