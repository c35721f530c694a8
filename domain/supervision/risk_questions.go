package supervision

import (
	"fmt"

	"marketplace/domain/kernel"
)

// Severity of unanswered_questions: a question left unanswered at the
// close means agencies bid without information one of them asked for; the
// owner may favour the bidder who knows the answer already. One question
// scores the base, each further one adds a step.
const (
	unansweredQuestionsBase = 40
	unansweredQuestionsStep = 10
)

// DetectUnansweredQuestions flags a project that closed with questions the
// owner never answered. The flag names no agency: the asker stays hidden
// even from supervisors reading flags (admins read it from the questions).
func DetectUnansweredQuestions(p *RiskProject) []RiskFlag {
	n := p.UnansweredQuestions
	if n == 0 {
		return nil
	}
	return []RiskFlag{p.flag(IndicatorUnansweredQuestions, unansweredQuestionsBase+unansweredQuestionsStep*(n-1), []int64{},
		fmt.Sprintf("%s:%d", IndicatorUnansweredQuestions, p.ID),
		kernel.T(TextRiskUnansweredQuestions, "Project", p.ID, "Questions", n),
		map[string]any{"unanswered": n})}
}
