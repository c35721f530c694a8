package credit

// Text limits of credit's inputs, in characters (runes). The OpenAPI
// document quotes them (TestOpenAPI_LimitsMatchTheDomain reads them through
// domain's aliases).
const (
	// MaxAppealReasonRunes bounds an appeal's reason and the reason of an
	// appeal's or a repair's decision.
	MaxAppealReasonRunes = 2000
	// MaxRepairEvidenceRunes bounds the evidence of a correction (信用修复),
	// like a violation's evidence.
	MaxRepairEvidenceRunes = 10000
	// MaxViolationEvidenceRunes bounds a violation's evidence. A supervision
	// case note becomes the evidence of the violation the case is converted
	// into, so it is as long as a note (supervision.MaxRiskCaseNoteRunes; a test
	// in domain keeps the two equal).
	MaxViolationEvidenceRunes = 10000
	MaxViolationReasonRunes   = 500
	MaxInspectionRegion       = 100
	MaxInspectionFindings     = 10000
)
