package domain

import "marketplace/domain/kernel"

func init() { kernel.RegisterTexts(EnglishTexts) }

// EnglishTexts is the English of every Text the domain emits: the API's
// stable message. web/i18n/messages.en.json carries the same sentences for
// English pages (a test keeps them equal) and messages.zh-CN.json their
// Chinese; the placeholders are go-i18n's ({{.Name}}).
var EnglishTexts = map[string]string{
	TextRiskStagePairAffiliated: "Projects {{.ProjectA}} ({{.ItemA}}) and {{.ProjectB}} ({{.ItemB}}) of investment project {{.Code}}, whose items check each other, went to agencies sharing their {{.Fields}}.",
	TextRiskUnansweredQuestions: "Project {{.Project}} closed with {{.Questions}} unanswered question(s).",
	TextRiskIdenticalFiles:      "{{.Agencies}} agencies attached {{.Files}} identical document file(s) to their bids on project {{.Project}}.",
	TextRiskPersistentLowPrice:  "Agency {{.Agency}} had {{.Rejections}} abnormally low prices rejected or unexplained within a year.",
	TextRiskMarketConcentration: "{{.Item}} {{.Region}} {{.Year}}: HHI {{.HHI}}, CR4 {{.CR4}}%, largest share {{.MaxShare}}% over {{.Projects}} awarded projects.",

	// Risk flag summaries, one per indicator (and step kind).
	TextRiskSharedClient:          "{{.Agencies}} agencies bid on project {{.Project}} from the same client (IP address and browser).",
	TextRiskIdenticalDocuments:    "{{.Agencies}} agencies submitted the identical proposal document on project {{.Project}}.",
	TextRiskSimilarProposals:      "Two agencies' proposals on project {{.Project}} are {{.Percent}}% alike (MinHash of 3-character shingles).",
	TextRiskProgressionDifference: "{{.Prices}} prices on project {{.Project}} step by the same difference.",
	TextRiskProgressionRatio:      "{{.Prices}} prices on project {{.Project}} step by the same ratio.",
	TextRiskSharedIdentity:        "Two agencies bidding on project {{.Project}} share their {{.Fields}}.",
	TextRiskBidRotation:           "{{.Agencies}} agencies bid together on {{.Projects}} projects and took turns winning ({{.Winners}} winners, {{.GroupWins}} of {{.Projects}} awards).",
	TextRiskLowestYields:          "Agency {{.Lowest}}, the lowest bidder, dropped out {{.Times}} times and agency {{.Winner}} won each time.",
	TextRiskOwnerConcentration:    "Agency {{.Agency}} won {{.Won}} of owner {{.Owner}}'s {{.BidOn}} competitive projects it bid on; fair competition explains {{.Expected}}.",
	TextRiskSingleBidNearCeiling:  "Agency {{.Agency}} won {{.Won}} of department {{.Owner}}'s projects as the only valid bidder at {{.Percent}}% of the ceiling or more.",

	// Why the audit chain does not verify.
	TextAuditSequenceGap:         "sequence gap: a row is missing",
	TextAuditPrevHash:            "previous-hash link does not match the preceding row",
	TextAuditContentHash:         "row content does not match its hash",
	TextAuditCheckpointBeyond:    "checkpoint {{.Seq}} of {{.At}} is beyond the chain's head {{.Head}}: rows were removed",
	TextAuditCheckpointRewritten: "checkpoint {{.Seq}} of {{.At}} no longer matches the chain: rows were rewritten",

	// Terms used inside the texts above.
	"risk.field.contact_phone":        "contact phone",
	"risk.field.email":                "e-mail mailbox",
	"risk.field.legal_representative": "legal representative",
}

// Text ids (see EnglishTexts).
const (
	TextRiskStagePairAffiliated = "risk.summary.stage_pair_affiliated"
	TextRiskUnansweredQuestions = "risk.summary.unanswered_questions"
	TextRiskIdenticalFiles      = "risk.summary.identical_documents.files"
	TextRiskPersistentLowPrice  = "risk.summary.persistent_low_price"
	TextRiskMarketConcentration = "risk.summary.market_concentration"

	TextAuditSequenceGap         = "audit.broken.sequence_gap"
	TextAuditPrevHash            = "audit.broken.prev_hash"
	TextAuditContentHash         = "audit.broken.content_hash"
	TextAuditCheckpointBeyond    = "audit.broken.checkpoint_beyond"
	TextAuditCheckpointRewritten = "audit.broken.checkpoint_rewritten"

	TextRiskSharedClient          = "risk.summary.shared_client"
	TextRiskIdenticalDocuments    = "risk.summary.identical_documents"
	TextRiskSimilarProposals      = "risk.summary.similar_proposals"
	TextRiskProgressionDifference = "risk.summary.price_progression.difference"
	TextRiskProgressionRatio      = "risk.summary.price_progression.ratio"
	TextRiskSharedIdentity        = "risk.summary.shared_identity"
	TextRiskBidRotation           = "risk.summary.bid_rotation"
	TextRiskLowestYields          = "risk.summary.lowest_yields"
	TextRiskOwnerConcentration    = "risk.summary.owner_concentration"
	TextRiskSingleBidNearCeiling  = "risk.summary.single_bid_near_ceiling"
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
