package market

import "marketplace/domain/kernel"

// MaxTechnicalScoreInputs bounds the technical scores of one selection. It
// is the one source of this number; domain re-exports it beside its other
// limits.
const MaxTechnicalScoreInputs = 10000

// SelectionInput is the owner's part of a selection: technical scores per
// bid (composite) or the picked agency (direct).
type SelectionInput struct {
	Scores   []TechnicalScore `json:"scores"`
	AgencyID int64            `json:"agency_id"`
}

// TechnicalScore is the owner's technical score of one bid (0–100).
type TechnicalScore struct {
	BidID int64 `json:"bid_id"`
	Score int   `json:"score"`
}

// ErrSelectionRefused is the answer to a selection by anyone but the owner;
// a department acting on an enterprise's project gets its own reason (不得指定).
var (
	ErrSelectionRefused  = &kernel.Error{Code: kernel.EFORBIDDEN, Reason: "not_project_owner", Message: "Only the project's owner can enter its selection."}
	ErrDesignationBanned = &kernel.Error{Code: kernel.EFORBIDDEN, Reason: "designation_forbidden", Message: "A government department cannot select, recommend or designate an agency on an enterprise's project (不得指定); the attempt has been recorded."}
)

// SelectionRefusal returns why actor may not select on p, or nil.
func SelectionRefusal(actor kernel.Actor, p *Project) error {
	if actor.Role == kernel.RoleDepartment && p.OwnerRole == kernel.RoleEnterprise {
		return ErrDesignationBanned
	}
	if !p.IsOwner(actor) {
		return ErrSelectionRefused
	}
	return nil
}

// ScoreMap checks that every valid bid (cands) has exactly one technical
// score 0–100, and returns them by bid.
func ScoreMap(in SelectionInput, cands []Candidate) (map[int64]int, error) {
	if in.AgencyID != 0 {
		return nil, kernel.FieldError("agency_id", "agency_id_not_allowed", "A composite project takes technical scores, not a picked agency.")
	}
	valid := map[int64]bool{}
	for _, c := range cands {
		valid[c.BidID] = true
	}
	out := map[int64]int{}
	for _, sc := range in.Scores {
		if !valid[sc.BidID] {
			return nil, kernel.FieldError("scores", "bid_not_valid", "Bid %d is not a valid bid of this project.", sc.BidID)
		}
		if _, dup := out[sc.BidID]; dup {
			return nil, kernel.FieldError("scores", "score_duplicate", "Bid %d is scored twice.", sc.BidID)
		}
		if sc.Score < 0 || sc.Score > 100 {
			return nil, kernel.FieldError("scores", "technical_score_range", "Technical scores are 0 to 100 (bid %d has %d).", sc.BidID, sc.Score)
		}
		out[sc.BidID] = sc.Score
	}
	for _, c := range cands {
		if _, ok := out[c.BidID]; !ok {
			return nil, kernel.FieldError("scores", "technical_score_missing", "Bid %d has no technical score: every valid bid needs one.", c.BidID)
		}
	}
	return out, nil
}
