package domain

import (
	"marketplace/domain/market"
	"marketplace/domain/restriction"
)

// RestrictionFinding is one offending phrase with its class; the rules that
// find them are in domain/restriction. The alias keeps the name the portal
// reads from an error's Params["restrictions"].
type RestrictionFinding = restriction.Finding

// ErrRestrictedPhrase is the reason of the error CheckRestrictions returns (market).
const ErrRestrictedPhrase = market.ErrRestrictedPhrase

// CheckRestrictions refuses text holding a threshold the owner may not set
// (market.CheckRestrictions); project texts and answers to questions
// share the rule.
func CheckRestrictions(field, text string) error { return market.CheckRestrictions(field, text) }
