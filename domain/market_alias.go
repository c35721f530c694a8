package domain

import "marketplace/domain/market"

// The project state machine, funding and methods, the selection rules and
// the low-price rules live in domain/market. These aliases keep the names
// api/, web/, jobs/, storage/ and the use cases here already write.

// Project statuses (market).
const (
	ProjectDraft      = market.ProjectDraft
	ProjectBidding    = market.ProjectBidding
	ProjectEvaluating = market.ProjectEvaluating
	ProjectFailed     = market.ProjectFailed
	ProjectPublicity  = market.ProjectPublicity
	ProjectAwarded    = market.ProjectAwarded
	ProjectContracted = market.ProjectContracted
	ProjectDelivered  = market.ProjectDelivered
	ProjectAccepted   = market.ProjectAccepted
	ProjectCompleted  = market.ProjectCompleted
	ProjectCancelled  = market.ProjectCancelled
)

// Lists of project statuses (market).
var (
	PublicProjectStatuses     = market.PublicProjectStatuses
	TerminatedProjectStatuses = market.TerminatedProjectStatuses
)

// The state machine's types and table (market).
type (
	ProjectEvent      = market.Event
	ProjectTransition = market.Transition
)

// ProjectTransitions is the table of the state machine (market.Transitions).
var ProjectTransitions = market.Transitions

// NextProjectStatus reads the table (market.Next).
func NextProjectStatus(from string, ev ProjectEvent, role string) (string, error) {
	return market.Next(from, ev, role)
}

// Project events (market).
const (
	EventPublish       = market.EventPublish
	EventCancel        = market.EventCancel
	EventClose         = market.EventClose
	EventCloseFailed   = market.EventCloseFailed
	EventSelect        = market.EventSelect
	EventSelectNone    = market.EventSelectNone
	EventPromoteNext   = market.EventPromoteNext
	EventDropLast      = market.EventDropLast
	EventAward         = market.EventAward
	EventSign          = market.EventSign
	EventOwnerUnsigned = market.EventOwnerUnsigned
	EventDeliver       = market.EventDeliver
	EventAcceptWork    = market.EventAcceptWork
	EventReturnWork    = market.EventReturnWork
	EventEvaluate      = market.EventEvaluate
)

// Errors of the state machine (market).
var (
	ErrTransitionNotAllowed = market.ErrTransitionNotAllowed
	ErrTransitionForbidden  = market.ErrTransitionForbidden
	ErrStatusChanged        = market.ErrStatusChanged
)

// Funding sources (market).
const (
	FundingSelf   = market.FundingSelf
	FundingBudget = market.FundingBudget
)

// Selection methods (market).
const (
	MethodDirect         = market.MethodDirect
	MethodLowestPrice    = market.MethodLowestPrice
	MethodComposite      = market.MethodComposite
	MethodRandomDraw     = market.MethodRandomDraw
	MethodReverseAuction = market.MethodReverseAuction
)

// Selection (market).
type (
	Weights         = market.Weights
	Candidate       = market.Candidate
	RankedCandidate = market.RankedCandidate
)

// The price floor of budget-funded composite weights (market).
const (
	MinBudgetPriceWeight     = market.MinBudgetPriceWeight
	MaxBudgetTechnicalWeight = market.MaxBudgetTechnicalWeight
)

// RankLowestPrice ranks for the lowest_price method (market).
func RankLowestPrice(cands []Candidate) []RankedCandidate { return market.RankLowestPrice(cands) }

// RankComposite ranks by composite score (market).
func RankComposite(w Weights, cands []Candidate) ([]RankedCandidate, error) {
	return market.RankComposite(w, cands)
}

// CompositeScore is SPEC §3's composite score (market).
func CompositeScore(w Weights, lowest, price Money, credit, technical int) float64 {
	return market.CompositeScore(w, lowest, price, credit, technical)
}

// PriceScore is the published price part of the composite score (market).
func PriceScore(lowest, price Money) float64 { return market.PriceScore(lowest, price) }

// Abnormally low prices (market).
type (
	LowPriceRule = market.LowPriceRule
	LowPriceBid  = market.LowPriceBid
)

// Abnormally low prices: the flag, the invalid reason, the text limit and
// the statuses (market).
const (
	LowPriceRejectionsForFlag = market.LowPriceRejectionsForFlag
	LowPriceFlagWindow        = market.LowPriceFlagWindow
	BidInvalidLowPrice        = market.BidInvalidLowPrice
	LowPriceTextMax           = market.LowPriceTextMax

	LowPricePending   = market.LowPricePending
	LowPriceExplained = market.LowPriceExplained
	LowPriceAccepted  = market.LowPriceAccepted
	LowPriceRejected  = market.LowPriceRejected
	LowPriceMissing   = market.LowPriceMissing
)

// DefaultLowPriceRule is the platform's threshold rule (market).
var DefaultLowPriceRule = market.DefaultLowPriceRule

// LowPriceThreshold is the smallest price that is not abnormally low (market).
func LowPriceThreshold(valid []Money, ceiling *Money, r LowPriceRule) Money {
	return market.LowPriceThreshold(valid, ceiling, r)
}

// HasLowPriceCheck reports whether a method's bids are checked (market).
func HasLowPriceCheck(method string) bool { return market.HasLowPriceCheck(method) }
