package supervision_test

import (
	"testing"

	"marketplace/domain/supervision"
)

func TestDetectUnansweredQuestions(t *testing.T) {
	for _, tc := range []struct {
		n, severity, flags int
	}{{0, 0, 0}, {1, 40, 1}, {3, 60, 1}, {20, 100, 1}} {
		fs := supervision.DetectUnansweredQuestions(&supervision.RiskProject{ID: 7, OwnerID: 3, UnansweredQuestions: tc.n})
		if len(fs) != tc.flags {
			t.Fatalf("%d unanswered: %d flags", tc.n, len(fs))
		}
		if tc.flags == 1 && (fs[0].Severity != tc.severity || len(fs[0].AgencyIDs) != 0 || fs[0].Indicator != supervision.IndicatorUnansweredQuestions) {
			t.Errorf("%d unanswered: %+v", tc.n, fs[0])
		}
	}
}

func TestDetectStagePairAffiliated(t *testing.T) {
	a := supervision.RiskAgency{ID: 1, LegalRepresentative: "张三", ContactPhone: "139 1234 5678"}
	samePhone := supervision.RiskAgency{ID: 2, LegalRepresentative: "李四", ContactPhone: "+86 13912345678"}
	sameName := supervision.RiskAgency{ID: 3, LegalRepresentative: "张 三"}
	stranger := supervision.RiskAgency{ID: 4, LegalRepresentative: "王五", ContactPhone: "13700000000"}
	pair := func(b supervision.RiskAgency) supervision.StagePairHolding {
		return supervision.StagePairHolding{Code: "2026-420100-47-01-000001", ProjectA: 10, ProjectB: 11, AgencyA: a, AgencyB: b}
	}
	fs := supervision.DetectStagePairAffiliated([]supervision.StagePairHolding{pair(samePhone), pair(sameName), pair(stranger)})
	if len(fs) != 2 {
		t.Fatalf("%d flags, want 2: %+v", len(fs), fs)
	}
	if fs[0].Severity != 90 || fs[1].Severity != 60 || fs[0].Source != "history" || *fs[0].ProjectID != 11 {
		t.Errorf("flags %+v", fs)
	}
}
