package domain_test

import (
	"testing"

	"marketplace/domain"
)

func TestDetectUnansweredQuestions(t *testing.T) {
	for _, tc := range []struct {
		n, severity, flags int
	}{{0, 0, 0}, {1, 40, 1}, {3, 60, 1}, {20, 100, 1}} {
		fs := domain.DetectUnansweredQuestions(&domain.RiskProject{ID: 7, OwnerID: 3, UnansweredQuestions: tc.n})
		if len(fs) != tc.flags {
			t.Fatalf("%d unanswered: %d flags", tc.n, len(fs))
		}
		if tc.flags == 1 && (fs[0].Severity != tc.severity || len(fs[0].AgencyIDs) != 0 || fs[0].Indicator != domain.IndicatorUnansweredQuestions) {
			t.Errorf("%d unanswered: %+v", tc.n, fs[0])
		}
	}
}

func TestDetectStagePairAffiliated(t *testing.T) {
	a := domain.RiskAgency{ID: 1, LegalRepresentative: "张三", ContactPhone: "139 1234 5678"}
	samePhone := domain.RiskAgency{ID: 2, LegalRepresentative: "李四", ContactPhone: "+86 13912345678"}
	sameName := domain.RiskAgency{ID: 3, LegalRepresentative: "张 三"}
	stranger := domain.RiskAgency{ID: 4, LegalRepresentative: "王五", ContactPhone: "13700000000"}
	pair := func(b domain.RiskAgency) domain.StagePairHolding {
		return domain.StagePairHolding{Code: "2026-420100-47-01-000001", ProjectA: 10, ProjectB: 11, AgencyA: a, AgencyB: b}
	}
	fs := domain.DetectStagePairAffiliated([]domain.StagePairHolding{pair(samePhone), pair(sameName), pair(stranger)})
	if len(fs) != 2 {
		t.Fatalf("%d flags, want 2: %+v", len(fs), fs)
	}
	if fs[0].Severity != 90 || fs[1].Severity != 60 || fs[0].Source != "history" || *fs[0].ProjectID != 11 {
		t.Errorf("flags %+v", fs)
	}
}
