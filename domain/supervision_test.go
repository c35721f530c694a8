package domain_test

import (
	"strings"
	"testing"

	"marketplace/domain"
)

func TestCanSeeRiskFlag(t *testing.T) {
	owner := int64(7)
	flag := &domain.RiskFlag{OwnerID: &owner, Region: "湖北省武汉市"}
	history := &domain.RiskFlag{Region: "湖北省宜昌市"}
	cases := []struct {
		name   string
		actor  domain.Actor
		region string
		f      *domain.RiskFlag
		want   bool
	}{
		{"admin", domain.Actor{ID: 1, Role: domain.RoleAdmin}, "", flag, true},
		{"owning department", domain.Actor{ID: 7, Role: domain.RoleDepartment}, "广东省", flag, true},
		{"department of the province", domain.Actor{ID: 8, Role: domain.RoleDepartment}, "湖北省", flag, true},
		{"department of the city", domain.Actor{ID: 8, Role: domain.RoleDepartment}, "湖北省武汉市", flag, true},
		{"department of another city", domain.Actor{ID: 8, Role: domain.RoleDepartment}, "湖北省宜昌市", flag, false},
		{"department without a region", domain.Actor{ID: 8, Role: domain.RoleDepartment}, "", flag, false},
		{"history flag in region", domain.Actor{ID: 8, Role: domain.RoleDepartment}, "湖北省", history, true},
		{"owner enterprise", domain.Actor{ID: 7, Role: domain.RoleEnterprise}, "湖北省", flag, false},
		{"agency", domain.Actor{ID: 9, Role: domain.RoleAgency}, "湖北省", flag, false},
		{"public", domain.Actor{}, "", flag, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := domain.CanSeeRiskFlag(c.actor, c.region, c.f); got != c.want {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestNewBidEvidence(t *testing.T) {
	agency := domain.Actor{ID: 3, Role: domain.RoleAgency}
	e := domain.NewBidEvidence(agency, 5, domain.EvidenceSubmit, domain.BidClient{}, "", riskNow)
	if e.Fingerprint != "" || e.DocSHA256 != "" || e.MinHashHex != "" {
		t.Errorf("no client and no text must leave no fingerprint or hash: %+v", e)
	}
	long := domain.BidClient{IP: "10.0.0.1", UserAgent: strings.Repeat("浏", 400)}
	e = domain.NewBidEvidence(agency, 5, domain.EvidenceSubmit, long, proposalA, riskNow)
	if len(e.UserAgent) > 512 || len(e.Fingerprint) != 32 || len(e.DocSHA256) != 64 || len(e.MinHashHex) != 512 || e.AccountID != 3 {
		t.Errorf("evidence: ua %d bytes, fingerprint %q, sha %d, minhash %d", len(e.UserAgent), e.Fingerprint, len(e.DocSHA256), len(e.MinHashHex))
	}
	respaced := domain.NewBidEvidence(agency, 5, domain.EvidenceRevise, long, strings.ReplaceAll(proposalA, "，", " , "), riskNow)
	if respaced.DocSHA256 != e.DocSHA256 {
		t.Error("re-punctuating the proposal changed its SHA-256")
	}
	other := domain.NewBidEvidence(agency, 5, domain.EvidenceSubmit, domain.BidClient{IP: "10.0.0.1", UserAgent: "x"}, "", riskNow)
	if other.Fingerprint == e.Fingerprint {
		t.Error("a different user agent gave the same fingerprint")
	}
}
