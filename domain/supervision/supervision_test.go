package supervision_test

import (
	"strings"
	"testing"

	"marketplace/domain/kernel"
	"marketplace/domain/supervision"
)

func TestCanSeeRiskFlag(t *testing.T) {
	owner := int64(7)
	flag := &supervision.RiskFlag{OwnerID: &owner, Region: "湖北省武汉市"}
	history := &supervision.RiskFlag{Region: "湖北省宜昌市"}
	cases := []struct {
		name   string
		actor  kernel.Actor
		region string
		f      *supervision.RiskFlag
		want   bool
	}{
		{"admin", kernel.Actor{ID: 1, Role: kernel.RoleAdmin}, "", flag, true},
		{"owning department", kernel.Actor{ID: 7, Role: kernel.RoleDepartment}, "广东省", flag, true},
		{"department of the province", kernel.Actor{ID: 8, Role: kernel.RoleDepartment}, "湖北省", flag, true},
		{"department of the city", kernel.Actor{ID: 8, Role: kernel.RoleDepartment}, "湖北省武汉市", flag, true},
		{"department of another city", kernel.Actor{ID: 8, Role: kernel.RoleDepartment}, "湖北省宜昌市", flag, false},
		{"department without a region", kernel.Actor{ID: 8, Role: kernel.RoleDepartment}, "", flag, false},
		{"history flag in region", kernel.Actor{ID: 8, Role: kernel.RoleDepartment}, "湖北省", history, true},
		{"owner enterprise", kernel.Actor{ID: 7, Role: kernel.RoleEnterprise}, "湖北省", flag, false},
		{"agency", kernel.Actor{ID: 9, Role: kernel.RoleAgency}, "湖北省", flag, false},
		{"public", kernel.Actor{}, "", flag, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := supervision.CanSeeRiskFlag(c.actor, c.region, c.f); got != c.want {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestNewBidEvidence(t *testing.T) {
	agency := kernel.Actor{ID: 3, Role: kernel.RoleAgency}
	e := supervision.NewBidEvidence(agency, 5, supervision.EvidenceSubmit, supervision.BidClient{}, "", riskNow)
	if e.Fingerprint != "" || e.DocSHA256 != "" || e.MinHashHex != "" {
		t.Errorf("no client and no text must leave no fingerprint or hash: %+v", e)
	}
	long := supervision.BidClient{IP: "10.0.0.1", UserAgent: strings.Repeat("浏", 400)}
	e = supervision.NewBidEvidence(agency, 5, supervision.EvidenceSubmit, long, proposalA, riskNow)
	if len(e.UserAgent) > 512 || len(e.Fingerprint) != 32 || len(e.DocSHA256) != 64 || len(e.MinHashHex) != 512 || e.AccountID != 3 {
		t.Errorf("evidence: ua %d bytes, fingerprint %q, sha %d, minhash %d", len(e.UserAgent), e.Fingerprint, len(e.DocSHA256), len(e.MinHashHex))
	}
	respaced := supervision.NewBidEvidence(agency, 5, supervision.EvidenceRevise, long, strings.ReplaceAll(proposalA, "，", " , "), riskNow)
	if respaced.DocSHA256 != e.DocSHA256 {
		t.Error("re-punctuating the proposal changed its SHA-256")
	}
	other := supervision.NewBidEvidence(agency, 5, supervision.EvidenceSubmit, supervision.BidClient{IP: "10.0.0.1", UserAgent: "x"}, "", riskNow)
	if other.Fingerprint == e.Fingerprint {
		t.Error("a different user agent gave the same fingerprint")
	}
}
