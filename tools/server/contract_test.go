package server

import (
	"log/slog"
	"strings"
	"testing"

	"marketplace/domain"
)

// The contract key is the audit key when set, else CONTRACT_SIGNING_KEY,
// else the development key; a missing font stops the start.
func TestContractDocsKeyAndFont(t *testing.T) {
	audit, contract, dev := domain.GenerateSigningSeed(), domain.GenerateSigningSeed(), domain.GenerateSigningSeed()
	key := func(seed string) string {
		s, err := domain.NewSigner(seed)
		if err != nil {
			t.Fatal(err)
		}
		return s.PublicKey()
	}
	for _, c := range []struct {
		name            string
		audit, contract string
		want            string
	}{
		{"audit key set", audit, contract, key(audit)},
		{"only the contract key", "", contract, key(contract)},
		{"neither: development key", "", "", key(dev)},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.AuditSigningKey, cfg.ContractSigningKey = c.audit, c.contract
			m := &Main{Config: cfg, Market: &domain.Marketplace{}}
			seed := dev
			if c.audit != "" {
				seed = c.audit
			}
			m.Market.Signer, _ = domain.NewSigner(seed)
			docs, err := m.contractDocs()
			if err != nil {
				t.Fatal(err)
			}
			if docs.Signer.PublicKey() != c.want || docs.Renderer == nil {
				t.Errorf("contract key %s, want %s", docs.Signer.KeyID(), domain.SigningKeyID(c.want))
			}
		})
	}
	cfg := DefaultConfig()
	cfg.ContractFont = t.TempDir() + "/missing.ttf"
	m := &Main{Config: cfg, Market: &domain.Marketplace{}}
	if _, err := m.contractDocs(); err == nil || !strings.Contains(err.Error(), "CONTRACT_FONT") {
		t.Errorf("a missing font: %v, want a CONTRACT_FONT error", err)
	}
}

// `make run` (DEV_DATABASE=1) on a machine without the font still starts:
// contracts are then signed without their PDF, and the log says why.
func TestContractDocs_DevStartsWithoutFont(t *testing.T) {
	cfg := DefaultConfig()
	cfg.ContractFont = t.TempDir() + "/missing.ttf"
	cfg.DevDatabase = true
	var logged strings.Builder
	m := &Main{Config: cfg, Market: &domain.Marketplace{}, Log: slog.New(slog.NewTextHandler(&logged, nil))}
	docs, err := m.contractDocs()
	if err != nil {
		t.Fatalf("development start without the font: %v, want a start without contract PDFs", err)
	}
	if docs.Renderer != nil {
		t.Error("a renderer without its font")
	}
	if !strings.Contains(logged.String(), "contract PDFs are off") || !strings.Contains(logged.String(), "fonts-droid-fallback") {
		t.Errorf("the log does not say why contract PDFs are off: %q", logged.String())
	}
}
