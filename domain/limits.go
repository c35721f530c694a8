package domain

import (
	"marketplace/domain/kernel"
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
	MaxEmailBytes = kernel.MaxEmailBytes

	// Catalogue items.

	// Projects and bids.
	// MaxProjectContactNameRunes bounds the purchaser's contact name on a
	// notice (采购人联系人).

	// Questions on a project and the owner's answers.

	// Reasons, answers and notes of the lifecycle, credit and supervision.

	// Single sign-on: the longest subject OpenID Connect allows.
)
