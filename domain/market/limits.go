package market

// The limits of a project's free-text fields (in characters, runes). They
// are the one source of these numbers; domain re-exports them beside its
// other limits, and the OpenAPI document quotes them
// (TestOpenAPI_LimitsMatchTheDomain).
const (
	MinProjectTitleRunes  = 2
	MaxProjectTitleRunes  = 200
	MaxProjectDescription = 10000
	MaxProjectRegionRunes = 100
	MaxBudgetCodeRunes    = 64
	// MaxProjectContactNameRunes bounds the purchaser's contact name on a
	// notice (采购人联系人).
	MaxProjectContactNameRunes = 50
	// A cancellation's reason, published with the project.
	MinCancelReasonRunes = 2
	MaxCancelReasonRunes = 1000
	// An amendment's rationale, published with it (更正事由).
	MinAmendmentRationaleRunes = 2
	MaxAmendmentRationaleRunes = 2000
)
