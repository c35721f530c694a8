package market

// What a project declares about how it is bought: who pays, and how the
// agency is chosen. The selection and low-price rules read them, so they
// live with those rules.

// Funding sources: an enterprise pays itself; a department pays from its budget.
const (
	FundingSelf   = "self"
	FundingBudget = "budget"
)

// Selection methods (SPEC §3).
const (
	MethodDirect         = "direct"
	MethodLowestPrice    = "lowest_price"
	MethodComposite      = "composite"
	MethodRandomDraw     = "random_draw"
	MethodReverseAuction = "reverse_auction"
)
