package domain

import (
	"time"

	"marketplace/domain/kernel"
)

// The shared kernel of actors, permissions, texts, audit entries and input
// checks lives in domain/kernel, so that the bounded packages under domain/
// can use it without importing domain. Outside domain/ the kernel is named
// through domain (domain.Actor is kernel.Actor); every other context's names
// are written with their package (market.Project, credit.Violation).

type Actor = kernel.Actor

type Action = kernel.Action

type AuditEntry = kernel.AuditEntry

type Text = kernel.Text

const (
	RoleSystem           = kernel.RoleSystem
	RoleEnterprise       = kernel.RoleEnterprise
	RoleAgency           = kernel.RoleAgency
	RoleDepartment       = kernel.RoleDepartment
	RoleAdmin            = kernel.RoleAdmin
	StatusActive         = kernel.StatusActive
	StatusSuspended      = kernel.StatusSuspended
	StatusBlacklisted    = kernel.StatusBlacklisted
	StatusExited         = kernel.StatusExited
	ActAgencyOwnProfile  = kernel.ActAgencyOwnProfile
	ActAffiliate         = kernel.ActAffiliate
	ActQualify           = kernel.ActQualify
	ActFlagQualification = kernel.ActFlagQualification
	ActBid               = kernel.ActBid
	ActBidDocument       = kernel.ActBidDocument
	ActProjectOwn        = kernel.ActProjectOwn
	ActSignContract      = kernel.ActSignContract
	ActDeclineContract   = kernel.ActDeclineContract
	ActDeliver           = kernel.ActDeliver
	ActAccept            = kernel.ActAccept
	ActPay               = kernel.ActPay
	ActEvaluate          = kernel.ActEvaluate
	ActReplyEvaluation   = kernel.ActReplyEvaluation
	ActExplainLowPrice   = kernel.ActExplainLowPrice
	ActDecideLowPrice    = kernel.ActDecideLowPrice
	ActObject            = kernel.ActObject
	ActAnswerObjection   = kernel.ActAnswerObjection
	ActDecideObjection   = kernel.ActDecideObjection
	ActAppealCredit      = kernel.ActAppealCredit
	ActDecideAppeal      = kernel.ActDecideAppeal
	ActApplyRepair       = kernel.ActApplyRepair
	ActDecideRepair      = kernel.ActDecideRepair
	ActCreditMonitor     = kernel.ActCreditMonitor
	ActAcceptCommitment  = kernel.ActAcceptCommitment
	ActSupervise         = kernel.ActSupervise
	ActConfirmViolation  = kernel.ActConfirmViolation
	ActRecordViolation   = kernel.ActRecordViolation
	ActInspect           = kernel.ActInspect
	ActAdminister        = kernel.ActAdminister
	ActWorkspace         = kernel.ActWorkspace
	ActSaveSearch        = kernel.ActSaveSearch
	GenesisHash          = kernel.GenesisHash
	MinDateYear          = kernel.MinDateYear
	MaxDateYear          = kernel.MaxDateYear
	DateLayout           = kernel.DateLayout
)

// Sentinels (kernel).
var (
	ErrUnauthenticated = kernel.ErrUnauthenticated
	ErrForbidden       = kernel.ErrForbidden
	ErrBodyTooLarge    = kernel.ErrBodyTooLarge
	ErrJSONRequired    = kernel.ErrJSONRequired
	ErrUnavailable     = kernel.ErrUnavailable
)

// SystemActor is the scheduler and command-line tools (kernel).
var SystemActor = kernel.SystemActor

// Permissions is the one table of who may do what (kernel).
var Permissions = kernel.Permissions

// Can reports whether the actor's role may take the action (kernel).
func Can(a Actor, act Action) bool { return kernel.Can(a, act) }

// Authorize refuses the anonymous and the roles the table does not list (kernel).
func Authorize(a Actor, act Action) error { return kernel.Authorize(a, act) }

// NewAudit builds an audit entry for actor (kernel).
func NewAudit(actor Actor, action, subjectType, subjectID string, summary any) AuditEntry {
	return kernel.NewAudit(actor, action, subjectType, subjectID, summary)
}

// ChainHash links an entry at position seq to the previous row's hash (kernel).
func ChainHash(prevHash string, seq int64, content [32]byte) string {
	return kernel.ChainHash(prevHash, seq, content)
}

// ValidText reports whether s is storable text (kernel).
func ValidText(s string) bool { return kernel.ValidText(s) }

// CheckText refuses a text field that is not ValidText (kernel).
func CheckText(field, s string) error { return kernel.CheckText(field, s) }

// CheckDateRange refuses a time outside the allowed years (kernel).
func CheckDateRange(field string, t time.Time) error { return kernel.CheckDateRange(field, t) }

// ParseDate reads a calendar date within the allowed years (kernel).
func ParseDate(field, s, example string) (time.Time, error) {
	return kernel.ParseDate(field, s, example)
}

// CheckMaxRunes refuses s when it is longer than max characters (kernel).
func CheckMaxRunes(field, s string, max int) error { return kernel.CheckMaxRunes(field, s, max) }

// T builds a Text from an id and parameters given as pairs (kernel).
func T(id string, kv ...any) Text { return kernel.T(id, kv...) }

// TextIDs lists every message id the domain can emit, sorted (kernel).
func TextIDs() []string { return kernel.TextIDs() }

// AgencyBarred is kernel.AgencyBarred.
func AgencyBarred(status string, until *time.Time, now time.Time) bool {
	return kernel.AgencyBarred(status, until, now)
}
