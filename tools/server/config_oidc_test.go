package server

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// Single sign-on is off with no issuer, and half a configuration is refused
// with every missing piece named.
func TestOIDCConfig(t *testing.T) {
	if c := DefaultConfig(); c.OIDC().Issuer != "" {
		t.Errorf("single sign-on on by default: %+v", c.OIDC())
	}
	t.Run("half configured", func(t *testing.T) {
		t.Setenv("OIDC_ISSUER", "https://sso.example.gov.cn")
		t.Setenv("OIDC_REDIRECT_URL", "callback")
		_, err := ConfigFromEnv()
		for _, name := range []string{"OIDC_CLIENT_ID", "OIDC_REDIRECT_URL"} {
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("error does not name %s: %v", name, err)
			}
		}
	})
	t.Run("complete, secret masked", func(t *testing.T) {
		t.Setenv("OIDC_ISSUER", "https://sso.example.gov.cn")
		t.Setenv("OIDC_CLIENT_ID", "zjcs")
		t.Setenv("OIDC_CLIENT_SECRET", "oidc-hunter2")
		t.Setenv("OIDC_REDIRECT_URL", "https://zjcs.example.gov.cn/auth/oidc/callback")
		t.Setenv("OIDC_CLAIM_USCC", "tyshxydm")
		c, err := ConfigFromEnv()
		if err != nil {
			t.Fatal(err)
		}
		if o := c.OIDC(); o.ClientSecret != "oidc-hunter2" || o.USCCClaim != "tyshxydm" || o.NameClaim != "name" {
			t.Errorf("OIDC config = %+v", o)
		}
		var out bytes.Buffer
		if err := Run(context.Background(), []string{"config"}, &out); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out.String(), "oidc-hunter2") || !strings.Contains(out.String(), "OIDC_CLIENT_SECRET=******") {
			t.Errorf("the client secret is not masked:\n%s", out.String())
		}
	})
}
