package market

import (
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// MaxEvaluationTextRunes bounds the owner's comment and the agency's reply
// (in characters). It is the one source of this number; domain re-exports
// it beside its other limits.
const MaxEvaluationTextRunes = 2000

// Evaluation is the owner's rating of an agency after acceptance (网上评价).
type Evaluation struct {
	ID         int64      `json:"id"`
	ProjectID  int64      `json:"project_id"`
	AgencyID   int64      `json:"agency_id"`
	Quality    int        `json:"quality"`
	Timeliness int        `json:"timeliness"`
	Attitude   int        `json:"attitude"`
	Fee        int        `json:"fee"`
	Comment    string     `json:"comment"`
	IsDefault  bool       `json:"is_default"`
	Reply      *string    `json:"reply"`
	RepliedAt  *time.Time `json:"replied_at"`
	CreatedAt  time.Time  `json:"created_at"`
}

// EvaluationInput is the owner's rating.
type EvaluationInput struct {
	Quality    int    `json:"quality"`
	Timeliness int    `json:"timeliness"`
	Attitude   int    `json:"attitude"`
	Fee        int    `json:"fee"`
	Comment    string `json:"comment"`
}

// DefaultRating is recorded on every dimension when the owner lets the
// evaluation window pass (SPEC §3 defaults).
const DefaultRating = 5

// Validate checks the four ratings (1–5) and the comment.
func (e *Evaluation) Validate() error {
	for _, r := range []struct {
		field string
		v     int
	}{{"quality", e.Quality}, {"timeliness", e.Timeliness}, {"attitude", e.Attitude}, {"fee", e.Fee}} {
		if r.v < 1 || r.v > 5 {
			return kernel.FieldError(r.field, "rating_range", "%s must be a whole number from 1 to 5.", r.field)
		}
	}
	if utf8.RuneCountInString(e.Comment) > MaxEvaluationTextRunes {
		return kernel.FieldError("comment", "comment_too_long", "The comment must be at most %d characters.", MaxEvaluationTextRunes)
	}
	return nil
}

// DefaultEvaluation is the rating recorded when the window ends unrated.
func DefaultEvaluation(projectID, agencyID int64, now time.Time) *Evaluation {
	return &Evaluation{ProjectID: projectID, AgencyID: agencyID, Quality: DefaultRating, Timeliness: DefaultRating,
		Attitude: DefaultRating, Fee: DefaultRating, IsDefault: true, CreatedAt: now}
}
