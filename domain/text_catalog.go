package domain

import "marketplace/domain/kernel"

func init() { kernel.RegisterTexts(EnglishTexts) }

// EnglishTexts is the English of every Text the domain emits: the API's
// stable message. web/i18n/messages.en.json carries the same sentences for
// English pages (a test keeps them equal) and messages.zh-CN.json their
// Chinese; the placeholders are go-i18n's ({{.Name}}).
var EnglishTexts = map[string]string{
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
	TextRiskPersistentLowPrice:    "Agency {{.Agency}} had {{.Rejections}} abnormally low prices rejected or unexplained within a year.",

	// Why the audit chain does not verify.
	TextAuditSequenceGap:         "sequence gap: a row is missing",
	TextAuditPrevHash:            "previous-hash link does not match the preceding row",
	TextAuditContentHash:         "row content does not match its hash",
	TextAuditCheckpointBeyond:    "checkpoint {{.Seq}} of {{.At}} is beyond the chain's head {{.Head}}: rows were removed",
	TextAuditCheckpointRewritten: "checkpoint {{.Seq}} of {{.At}} no longer matches the chain: rows were rewritten",
}

// Text ids (see EnglishTexts).
const (
	TextBlacklistedFalseMaterials = "sanction.blacklisted.false_materials"
	TextBlacklistedCollusion      = "sanction.blacklisted.collusion"
	TextSuspendedViolations       = "sanction.suspended_violations"
	TextSuspendedGradeD           = "sanction.suspended_grade_d"
	TextSuspendedFalseCommitment  = "sanction.suspended_false_commitment"
	TextSuspensionEnded           = "sanction.period_ended"
	TextSanctionAppealVoided      = "sanction.appeal_voided"
	TextAppealUpheld              = "credit.appeal_upheld"
	TextViolationRecordedBy       = "violation.recorded_by"
	TextRepairLiftedSuspension    = "credit.repair_lifted_suspension"
	TextRiskPersistentLowPrice    = "risk.summary.persistent_low_price"

	TextAuditSequenceGap         = "audit.broken.sequence_gap"
	TextAuditPrevHash            = "audit.broken.prev_hash"
	TextAuditContentHash         = "audit.broken.content_hash"
	TextAuditCheckpointBeyond    = "audit.broken.checkpoint_beyond"
	TextAuditCheckpointRewritten = "audit.broken.checkpoint_rewritten"
)
