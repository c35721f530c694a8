package domain

import (
	"time"

	"marketplace/domain/supervision"
)

// Aliases of package supervision, so that api/, web/, jobs/, storage/ and
// the bid use cases compile unchanged; new code uses the package's names.

// Risk indicators.
const (
	IndicatorSharedClient         = supervision.IndicatorSharedClient
	IndicatorIdenticalDocuments   = supervision.IndicatorIdenticalDocuments
	IndicatorSimilarProposals     = supervision.IndicatorSimilarProposals
	IndicatorPriceProgression     = supervision.IndicatorPriceProgression
	IndicatorSharedIdentity       = supervision.IndicatorSharedIdentity
	IndicatorBidRotation          = supervision.IndicatorBidRotation
	IndicatorLowestYields         = supervision.IndicatorLowestYields
	IndicatorOwnerConcentration   = supervision.IndicatorOwnerConcentration
	IndicatorSingleBidNearCeiling = supervision.IndicatorSingleBidNearCeiling
	IndicatorUnansweredQuestions  = supervision.IndicatorUnansweredQuestions
	IndicatorStagePairAffiliated  = supervision.IndicatorStagePairAffiliated
	IndicatorMarketConcentration  = supervision.IndicatorMarketConcentration
	IndicatorPersistentLowPrice   = supervision.IndicatorPersistentLowPrice
)

// RiskIndicators lists every indicator (supervision).
var RiskIndicators = supervision.RiskIndicators

// IsRiskIndicator reports whether name is a known indicator (supervision).
func IsRiskIndicator(name string) bool { return supervision.IsRiskIndicator(name) }

// Thresholds, flags and the bid evidence behind them.
type (
	RiskConfig   = supervision.RiskConfig
	RiskFlag     = supervision.RiskFlag
	BidClient    = supervision.BidClient
	BidEvidence  = supervision.BidEvidence
	RiskFilter   = supervision.RiskFilter
	RiskDetail   = supervision.RiskDetail
	RiskCase     = supervision.RiskCase
	RiskCaseNote = supervision.RiskCaseNote
)

// DefaultRiskConfig is the one table of risk thresholds (supervision).
var DefaultRiskConfig = supervision.DefaultRiskConfig

// Bid evidence actions.
const (
	EvidenceSubmit         = supervision.EvidenceSubmit
	EvidenceRevise         = supervision.EvidenceRevise
	EvidenceWithdraw       = supervision.EvidenceWithdraw
	EvidenceDocumentAdd    = supervision.EvidenceDocumentAdd
	EvidenceDocumentRemove = supervision.EvidenceDocumentRemove
)

// NewBidEvidence builds the evidence of one action on a bid (supervision).
func NewBidEvidence(actor Actor, projectID int64, action string, client BidClient, proposal string, at time.Time) *BidEvidence {
	return supervision.NewBidEvidence(actor, projectID, action, client, proposal, at)
}

// MinHashSize is the number of hash functions of a proposal sketch.
const MinHashSize = supervision.MinHashSize

// NormalizeProposal keeps letters and digits only, lower-cased (supervision).
func NormalizeProposal(s string) string { return supervision.NormalizeProposal(s) }

// MinHash is the MinHash sketch of normalised text (supervision).
func MinHash(norm string) []uint32 { return supervision.MinHash(norm) }

// Similarity estimates the Jaccard similarity of two sketches (supervision).
func Similarity(a, b []uint32) float64 { return supervision.Similarity(a, b) }

// MinHashHex encodes a sketch as hex (supervision).
func MinHashHex(m []uint32) string { return supervision.MinHashHex(m) }

// ParseMinHashHex decodes MinHashHex (supervision).
func ParseMinHashHex(s string) []uint32 { return supervision.ParseMinHashHex(s) }

// What the indicators read.
type (
	RiskAgency       = supervision.RiskAgency
	RiskBid          = supervision.RiskBid
	RiskProject      = supervision.RiskProject
	HistoryBid       = supervision.HistoryBid
	HistoryProject   = supervision.HistoryProject
	StagePairHolding = supervision.StagePairHolding
)

// The indicators (supervision).
func AnalyseProject(p *RiskProject, cfg RiskConfig) []RiskFlag {
	return supervision.AnalyseProject(p, cfg)
}
func DetectSharedClient(p *RiskProject) []RiskFlag { return supervision.DetectSharedClient(p) }
func DetectSimilarProposals(p *RiskProject, cfg RiskConfig) []RiskFlag {
	return supervision.DetectSimilarProposals(p, cfg)
}
func DetectIdenticalBidDocuments(p *RiskProject) []RiskFlag {
	return supervision.DetectIdenticalBidDocuments(p)
}
func DetectPriceProgression(p *RiskProject, cfg RiskConfig) []RiskFlag {
	return supervision.DetectPriceProgression(p, cfg)
}
func DetectSharedIdentity(p *RiskProject) []RiskFlag { return supervision.DetectSharedIdentity(p) }
func SharedIdentityFields(a, b RiskAgency) []string  { return supervision.SharedIdentityFields(a, b) }
func DetectUnansweredQuestions(p *RiskProject) []RiskFlag {
	return supervision.DetectUnansweredQuestions(p)
}
func AnalyseHistory(hs []HistoryProject, cfg RiskConfig) []RiskFlag {
	return supervision.AnalyseHistory(hs, cfg)
}
func DetectBidRotation(hs []HistoryProject, cfg RiskConfig) []RiskFlag {
	return supervision.DetectBidRotation(hs, cfg)
}
func DetectLowestYields(hs []HistoryProject, cfg RiskConfig) []RiskFlag {
	return supervision.DetectLowestYields(hs, cfg)
}
func DetectOwnerConcentration(hs []HistoryProject, cfg RiskConfig) []RiskFlag {
	return supervision.DetectOwnerConcentration(hs, cfg)
}
func DetectSingleBidNearCeiling(hs []HistoryProject, cfg RiskConfig) []RiskFlag {
	return supervision.DetectSingleBidNearCeiling(hs, cfg)
}
func DetectStagePairAffiliated(pairs []StagePairHolding) []RiskFlag {
	return supervision.DetectStagePairAffiliated(pairs)
}

// CanSeeRiskFlag is the visibility rule of docs/risk.md (supervision).
func CanSeeRiskFlag(actor Actor, region string, f *RiskFlag) bool {
	return supervision.CanSeeRiskFlag(actor, region, f)
}

// Case statuses.
const (
	CaseOpen      = supervision.CaseOpen
	CaseUnfounded = supervision.CaseUnfounded
	CaseConverted = supervision.CaseConverted
)

// Limits of a case's texts (the OpenAPI document quotes them).
const (
	MaxRiskCaseNoteRunes    = supervision.MaxRiskCaseNoteRunes
	MaxCaseCloseReasonRunes = supervision.MaxCaseCloseReasonRunes
)

// Risk flag summaries and their terms.
const (
	TextRiskSharedClient          = supervision.TextRiskSharedClient
	TextRiskIdenticalDocuments    = supervision.TextRiskIdenticalDocuments
	TextRiskIdenticalFiles        = supervision.TextRiskIdenticalFiles
	TextRiskSimilarProposals      = supervision.TextRiskSimilarProposals
	TextRiskProgressionDifference = supervision.TextRiskProgressionDifference
	TextRiskProgressionRatio      = supervision.TextRiskProgressionRatio
	TextRiskSharedIdentity        = supervision.TextRiskSharedIdentity
	TextRiskUnansweredQuestions   = supervision.TextRiskUnansweredQuestions
	TextRiskBidRotation           = supervision.TextRiskBidRotation
	TextRiskLowestYields          = supervision.TextRiskLowestYields
	TextRiskOwnerConcentration    = supervision.TextRiskOwnerConcentration
	TextRiskSingleBidNearCeiling  = supervision.TextRiskSingleBidNearCeiling
	TextRiskStagePairAffiliated   = supervision.TextRiskStagePairAffiliated
	TextRiskMarketConcentration   = supervision.TextRiskMarketConcentration
)

// RiskFieldText is the term id of a shared identity field (supervision).
func RiskFieldText(field string) string { return supervision.RiskFieldText(field) }

// The store interfaces storage implements (Store embeds them).
type (
	RiskStore          = supervision.RiskStore
	ConcentrationStore = supervision.ConcentrationStore
)
