package supervision

import (
	"fmt"

	"marketplace/domain/kernel"
)

// StagePairHolding is two projects of one investment project whose items
// check each other (catalogue_item_conflicts), awarded to two different
// agencies: the conflict rule keeps one agency from holding both, and this
// indicator looks for the same control behind two names.
type StagePairHolding struct {
	Code             string
	ProjectA         int64
	ProjectB         int64
	ItemA, ItemB     string
	OwnerID          int64
	Region           string
	AgencyA, AgencyB RiskAgency
}

// Severity of stage_pair_affiliated: the shared_identity scale (a name
// alone is weak, a phone or mailbox strong) raised by this step, since the
// pair defeats a check the approval relies on.
const stagePairSeverityStep = 10

// DetectStagePairAffiliated flags each checking pair held by agencies that
// share an identity, as shared_identity judges it (SharedIdentityFields).
func DetectStagePairAffiliated(pairs []StagePairHolding) []RiskFlag {
	var out []RiskFlag
	for _, h := range pairs {
		fields := SharedIdentityFields(h.AgencyA, h.AgencyB)
		if len(fields) == 0 {
			continue
		}
		ags := []int64{h.AgencyA.ID, h.AgencyB.ID}
		sortIDs(ags)
		owner, project := h.OwnerID, h.ProjectB
		terms := make([]string, len(fields))
		for i, f := range fields {
			terms[i] = RiskFieldText(f)
		}
		summary := kernel.T(TextRiskStagePairAffiliated, "ProjectA", h.ProjectA, "ItemA", h.ItemA, "ProjectB", h.ProjectB,
			"ItemB", h.ItemB, "Code", h.Code).WithTerms("Fields", terms...)
		out = append(out, RiskFlag{Indicator: IndicatorStagePairAffiliated, Severity: clampSeverity(identitySeverity(fields) + stagePairSeverityStep),
			ProjectID: &project, OwnerID: &owner, AgencyIDs: ags, Region: h.Region,
			Key:     fmt.Sprintf("%s:%d-%d", IndicatorStagePairAffiliated, h.ProjectA, h.ProjectB),
			Summary: summary.English(), SummaryText: &summary,
			Evidence: map[string]any{"investment_project_code": h.Code, "projects": []int64{h.ProjectA, h.ProjectB}, "shared": fields},
			Source:   "history"})
	}
	return out
}
