package domain_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/opendata"
)

func ocdsProcess(status, method string, events ...string) *domain.OCDSProcess {
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	ceiling := domain.Money(10000000)
	p := &market.Project{ID: 5, Title: "环评报告编制", ItemCode: "NAT-01", ItemName: "环境影响报告书（表）编制", Method: method,
		CeilingPrice: &ceiling, Status: status, PublishedAt: &t0, ClosesAt: t0.Add(72 * time.Hour), ServiceDays: 30}
	pr := &domain.OCDSProcess{Project: p}
	pr.Buyer = opendata.OCDSOrg{AccountID: 1, Name: "某企业", USCC: "91110000MA0000002P"}
	for i, a := range events {
		pr.Events = append(pr.Events, opendata.OCDSEvent{AuditID: int64(10 + i), Action: a, At: t0.Add(time.Duration(i) * time.Hour)})
	}
	return pr
}

func TestOCDSProcess_TenderStatus(t *testing.T) {
	for _, c := range []struct {
		status  string
		events  []string
		closed  bool
		perRel  []string
		compile string
	}{
		{"bidding", []string{"project.published"}, false, []string{"active"}, "active"},
		{"cancelled", []string{"project.published", "project.cancelled"}, false, []string{"active", "cancelled"}, "cancelled"},
		{"failed", []string{"project.published", "project.closed"}, true, []string{"active", "unsuccessful"}, "unsuccessful"},
		{"evaluating", []string{"project.published", "project.closed"}, true, []string{"active", "complete"}, "complete"},
		{"awarded", []string{"project.published", "project.closed", "project.result_published", "project.awarded"}, true,
			[]string{"active", "complete", "complete", "complete"}, "complete"},
	} {
		pr := ocdsProcess(c.status, market.MethodLowestPrice, c.events...)
		if c.closed {
			at := pr.Project.ClosesAt
			pr.Project.ClosedAt = &at
		}
		rels := pr.Releases(market.OCIDPrefix)
		if len(rels) != len(c.perRel) {
			t.Fatalf("%s: %d releases", c.status, len(rels))
		}
		for i, r := range rels {
			if r.Tender.Status != c.perRel[i] {
				t.Errorf("%s release %d (%s): tender.status %s, want %s", c.status, i, r.Tag[0], r.Tender.Status, c.perRel[i])
			}
		}
		if got := pr.Compiled(market.OCIDPrefix, rels).Tender.Status; got != c.compile {
			t.Errorf("%s compiled: %s, want %s", c.status, got, c.compile)
		}
	}
}

func TestOCDSProcess_NothingBeforeClose(t *testing.T) {
	pr := ocdsProcess("bidding", market.MethodReverseAuction, "project.published")
	// Even if a loader handed tenderers over, no release names them before close.
	pr.Tenderers = []opendata.OCDSOrg{{AccountID: 9, Name: "某机构", USCC: "91110000MA00000051"}}
	b, _ := json.Marshal(pr.Releases(market.OCIDPrefix))
	for _, leak := range []string{"某机构", "numberOfTenderers", "awards"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("release before close contains %s: %s", leak, b)
		}
	}
	if !strings.Contains(string(b), `"electronicAuction"`) || !strings.Contains(string(b), `"降价竞价"`) {
		t.Errorf("auction mapping: %s", b)
	}
	draft := ocdsProcess("draft", market.MethodDirect)
	draft.Project.PublishedAt = nil
	if rels := draft.Releases(market.OCIDPrefix); len(rels) != 0 {
		t.Errorf("a draft has %d releases", len(rels))
	}
	if _, err := opendata.ParseOCID(market.OCIDPrefix, "ocds-other-5"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("foreign ocid: %v", err)
	}
}

// opendata repeats the method names (it may not import domain): every
// method the market accepts has its OCDS name, and no other.
func TestOCDS_MethodDetailsCoverTheMethods(t *testing.T) {
	methods := []string{market.MethodDirect, market.MethodLowestPrice, market.MethodComposite, market.MethodRandomDraw, market.MethodReverseAuction}
	for _, m := range methods {
		if opendata.MethodDetails[m] == "" {
			t.Errorf("method %s has no OCDS procurementMethodDetails", m)
		}
	}
	if len(opendata.MethodDetails) != len(methods) {
		t.Errorf("MethodDetails names %d methods, the market has %d", len(opendata.MethodDetails), len(methods))
	}
}
