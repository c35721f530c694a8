package credit

import "marketplace/domain/kernel"

func init() { kernel.RegisterTexts(englishTexts) }

// englishTexts is the English of the texts credit writes: the API's stable
// message (web/i18n carries the same sentences and their Chinese).
var englishTexts = map[string]string{
	// Sanctions (exit rules) and reinstatements, written on credit events.
	TextBlacklistedFalseMaterials: "Blacklisted for {{.Years}} years: false materials (joint punishment).",
	TextBlacklistedCollusion:      "Blacklisted for {{.Years}} years: bid collusion (joint punishment).",
	TextSuspendedViolations:       "Suspended for {{.Months}} months: three upheld violations within 12 months.",
	TextSuspendedGradeD:           "Suspended for {{.Months}} months: credit grade fell to D.",
	TextSuspendedFalseCommitment:  "Suspended for {{.Months}} months: false credit commitment.",
	TextSuspensionEnded:           "Suspension period ended.",
	TextSanctionAppealVoided:      "Appeal upheld: the event that caused the sanction was voided.",
	TextAppealUpheld:              "Appeal upheld: {{.Reason}}",
	TextViolationRecordedBy:       "Violation recorded by {{.Name}}.",
	TextRepairLiftedSuspension:    "Credit repaired: the event that caused the suspension was put right.",
}

// Text ids (see englishTexts). A blacklist's id is
// "sanction.blacklisted." + the kind that caused it.
const (
	TextBlacklistedFalseMaterials = "sanction.blacklisted." + KindFalseMaterials
	TextBlacklistedCollusion      = "sanction.blacklisted." + KindCollusion
	TextSuspendedViolations       = "sanction.suspended_violations"
	TextSuspendedGradeD           = "sanction.suspended_grade_d"
	TextSuspendedFalseCommitment  = "sanction.suspended_false_commitment"
	TextSuspensionEnded           = "sanction.period_ended"
	TextSanctionAppealVoided      = "sanction.appeal_voided"
	TextAppealUpheld              = "credit.appeal_upheld"
	TextViolationRecordedBy       = "violation.recorded_by"
	TextRepairLiftedSuspension    = "credit.repair_lifted_suspension"
)
