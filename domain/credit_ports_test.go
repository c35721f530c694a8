package domain

import (
	"testing"

	"marketplace/domain/credit"
)

// A supervision case converted into a violation hands its note over as the
// violation's evidence (cut to the note's limit): the two limits were one
// constant before credit moved out, and must stay equal.
func TestLimits_CaseNoteIsViolationEvidence(t *testing.T) {
	if MaxRiskCaseNoteRunes != credit.MaxViolationEvidenceRunes {
		t.Errorf("MaxRiskCaseNoteRunes = %d, credit.MaxViolationEvidenceRunes = %d: a converted case's note must fit a violation's evidence exactly",
			MaxRiskCaseNoteRunes, credit.MaxViolationEvidenceRunes)
	}
}
