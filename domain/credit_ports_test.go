package domain

import (
	"encoding/json"
	"testing"
	"time"

	"marketplace/domain/commitment"
	"marketplace/domain/credit"
	"marketplace/domain/supervision"
)

// A supervision case converted into a violation hands its note over as the
// violation's evidence (cut to the note's limit): the two limits were one
// constant before credit moved out, and must stay equal.
func TestLimits_CaseNoteIsViolationEvidence(t *testing.T) {
	if supervision.MaxRiskCaseNoteRunes != credit.MaxViolationEvidenceRunes {
		t.Errorf("MaxRiskCaseNoteRunes = %d, credit.MaxViolationEvidenceRunes = %d: a converted case's note must fit a violation's evidence exactly",
			supervision.MaxRiskCaseNoteRunes, credit.MaxViolationEvidenceRunes)
	}
}

// The public credit record shows the signed commitment as it was before
// credit moved out: the copy credit keeps marshals like the acceptance.
func TestSignedCommitment_SameJSONAsAcceptance(t *testing.T) {
	a := &commitment.Acceptance{AccountID: 7, TextID: 3, Version: 2, SHA256: "ab12", AcceptedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	want, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(signedCommitment(a))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("signed commitment = %s, want %s", got, want)
	}
}
