package domain

import (
	"marketplace/domain/catalogue"
	"marketplace/domain/identity"
	"marketplace/domain/kernel"
	"marketplace/domain/market"
)

// The limits of free-text fields (in characters, runes) and of lists (in
// entries). They are the one source of these numbers (those of a catalogue
// item, of an account, of the market context (a project, a bid,
// questions, objections, the contract, evaluations) and of an e-mail
// address are defined in domain/catalogue, domain/identity, domain/market and
// domain/kernel, and named here too): the use cases check them (with
// those kept beside their rule, such as AvoidMaxEntries and domain/search's
// MaxQueryLen), the API's validator tags check only shape (required, type,
// enum), and the OpenAPI document quotes them
// (TestOpenAPI_LimitsMatchTheDomain).
const (
	// Accounts.
	MaxAccountNameRunes         = identity.MaxAccountNameRunes
	MinAccountNameRunes         = identity.MinAccountNameRunes
	MaxLegalRepresentativeRunes = identity.MaxLegalRepresentativeRunes
	MinLegalRepresentativeRunes = identity.MinLegalRepresentativeRunes
	MaxEmailBytes               = kernel.MaxEmailBytes

	// Catalogue items.
	MinItemNameRunes     = catalogue.MinNameRunes
	MaxItemNameRunes     = catalogue.MaxNameRunes
	MaxItemDepartment    = catalogue.MaxDepartment
	MaxItemLegalBasis    = catalogue.MaxLegalBasis
	MaxItemQualification = catalogue.MaxQualification
	MaxItemWorkflowSteps = catalogue.MaxWorkflowSteps
	MaxItemWorkflowStep  = catalogue.MaxWorkflowStep
	MaxItemConditions    = catalogue.MaxConditions
	MaxItemFeeStandard   = catalogue.MaxFeeStandard

	// Projects and bids.
	MinProjectTitleRunes  = market.MinProjectTitleRunes
	MaxProjectTitleRunes  = market.MaxProjectTitleRunes
	MaxProjectDescription = market.MaxProjectDescription
	MaxProjectRegionRunes = market.MaxProjectRegionRunes
	MaxBudgetCodeRunes    = market.MaxBudgetCodeRunes
	// MaxProjectContactNameRunes bounds the purchaser's contact name on a
	// notice (采购人联系人).
	MaxProjectContactNameRunes = market.MaxProjectContactNameRunes
	MinCancelReasonRunes       = market.MinCancelReasonRunes
	MaxCancelReasonRunes       = market.MaxCancelReasonRunes
	MaxProposalRunes           = market.MaxProposalRunes
	MaxTechnicalScoreInputs    = market.MaxTechnicalScoreInputs

	// Questions on a project and the owner's answers.
	MaxQuestionRunes = market.MaxQuestionRunes
	MaxAnswerRunes   = market.MaxAnswerRunes

	// Reasons, answers and notes of the lifecycle, credit and supervision.
	MaxObjectionTextRunes  = market.MaxObjectionTextRunes
	MaxContractReasonRunes = market.MaxContractReasonRunes
	MaxDeliveryNoteRunes   = market.MaxDeliveryNoteRunes
	MaxEvaluationTextRunes = market.MaxEvaluationTextRunes

	// Single sign-on: the longest subject OpenID Connect allows.
	MaxOIDCSubjectBytes = identity.MaxOIDCSubjectBytes
)
