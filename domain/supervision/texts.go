package supervision

import (
	"fmt"

	"marketplace/domain/kernel"
)

func init() { kernel.RegisterTexts(englishTexts) }

// englishTexts is the English of the risk flag summaries and of the terms
// inside them; web/i18n carries the same sentences (a test keeps them equal).
var englishTexts = map[string]string{
	// Risk flag summaries, one per indicator (and step kind).
	TextRiskSharedClient:          "{{.Agencies}} agencies bid on project {{.Project}} from the same client (IP address and browser).",
	TextRiskIdenticalDocuments:    "{{.Agencies}} agencies submitted the identical proposal document on project {{.Project}}.",
	TextRiskIdenticalFiles:        "{{.Agencies}} agencies attached {{.Files}} identical document file(s) to their bids on project {{.Project}}.",
	TextRiskSimilarProposals:      "Two agencies' proposals on project {{.Project}} are {{.Percent}}% alike (MinHash of 3-character shingles).",
	TextRiskProgressionDifference: "{{.Prices}} prices on project {{.Project}} step by the same difference.",
	TextRiskProgressionRatio:      "{{.Prices}} prices on project {{.Project}} step by the same ratio.",
	TextRiskSharedIdentity:        "Two agencies bidding on project {{.Project}} share their {{.Fields}}.",
	TextRiskUnansweredQuestions:   "Project {{.Project}} closed with {{.Questions}} unanswered question(s).",
	TextRiskBidRotation:           "{{.Agencies}} agencies bid together on {{.Projects}} projects and took turns winning ({{.Winners}} winners, {{.GroupWins}} of {{.Projects}} awards).",
	TextRiskLowestYields:          "Agency {{.Lowest}}, the lowest bidder, dropped out {{.Times}} times and agency {{.Winner}} won each time.",
	TextRiskOwnerConcentration:    "Agency {{.Agency}} won {{.Won}} of owner {{.Owner}}'s {{.BidOn}} competitive projects it bid on; fair competition explains {{.Expected}}.",
	TextRiskSingleBidNearCeiling:  "Agency {{.Agency}} won {{.Won}} of department {{.Owner}}'s projects as the only valid bidder at {{.Percent}}% of the ceiling or more.",
	TextRiskStagePairAffiliated:   "Projects {{.ProjectA}} ({{.ItemA}}) and {{.ProjectB}} ({{.ItemB}}) of investment project {{.Code}}, whose items check each other, went to agencies sharing their {{.Fields}}.",
	TextRiskMarketConcentration:   "{{.Item}} {{.Region}} {{.Year}}: HHI {{.HHI}}, CR4 {{.CR4}}%, largest share {{.MaxShare}}% over {{.Projects}} awarded projects.",

	// Terms used inside the texts above.
	"risk.field.contact_phone":        "contact phone",
	"risk.field.email":                "e-mail mailbox",
	"risk.field.legal_representative": "legal representative",
}

// Text ids of the risk flag summaries (see englishTexts).
const (
	TextRiskSharedClient          = "risk.summary.shared_client"
	TextRiskIdenticalDocuments    = "risk.summary.identical_documents"
	TextRiskIdenticalFiles        = "risk.summary.identical_documents.files"
	TextRiskSimilarProposals      = "risk.summary.similar_proposals"
	TextRiskProgressionDifference = "risk.summary.price_progression.difference"
	TextRiskProgressionRatio      = "risk.summary.price_progression.ratio"
	TextRiskSharedIdentity        = "risk.summary.shared_identity"
	TextRiskUnansweredQuestions   = "risk.summary.unanswered_questions"
	TextRiskBidRotation           = "risk.summary.bid_rotation"
	TextRiskLowestYields          = "risk.summary.lowest_yields"
	TextRiskOwnerConcentration    = "risk.summary.owner_concentration"
	TextRiskSingleBidNearCeiling  = "risk.summary.single_bid_near_ceiling"
	TextRiskStagePairAffiliated   = "risk.summary.stage_pair_affiliated"
	TextRiskMarketConcentration   = "risk.summary.market_concentration"
)

// RiskFieldText is the term id of a shared identity field (contact_phone…).
func RiskFieldText(field string) string { return "risk.field." + field }

// progressionText is the summary id of a price progression by its step kind.
func progressionText(kind string) string {
	if kind == "ratio" {
		return TextRiskProgressionRatio
	}
	return TextRiskProgressionDifference
}

func riskFieldTexts(fields []string) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = RiskFieldText(f)
	}
	return out
}

// textPercent formats a share as a whole percentage for a message param.
func textPercent(f float64) string { return fmt.Sprintf("%.0f", f*100) }
