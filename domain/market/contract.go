package market

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"marketplace/domain/calendar"
	"marketplace/domain/kernel"
)

// Contract is the agreement both parties sign online after award. Once both
// have signed it is immutable; its hash is written to the audit chain.
type Contract struct {
	ProjectID      int64        `json:"project_id"`
	OwnerID        int64        `json:"owner_id"`
	AgencyID       int64        `json:"agency_id"`
	Price          kernel.Money `json:"price"`
	ServiceDays    int          `json:"service_days"`
	StartDate      string       `json:"start_date"` // YYYY-MM-DD, Asia/Shanghai
	OwnerSignedAt  *time.Time   `json:"owner_signed_at"`
	AgencySignedAt *time.Time   `json:"agency_signed_at"`
	Hash           string       `json:"hash,omitempty"`
	// The electronic contract (电子合同), set with Hash when the second
	// party signs: the PDF's SHA-256 (hex), the platform's Ed25519
	// signature of it (base64, see domain.ContractSignedMessage) and the public
	// key that verifies it (base64). Empty when the platform made no PDF.
	DocumentSHA256    string `json:"document_sha256,omitempty"`
	DocumentSignature string `json:"document_signature,omitempty"`
	SigningPublicKey  string `json:"signing_public_key,omitempty"`
}

// MaxContractReasonRunes bounds the reason the awarded agency gives for
// declining the contract
// (in characters). It is the one source of this number; domain re-exports
// it beside its other limits.
const MaxContractReasonRunes = 2000

// Contract errors.
var (
	ErrAlreadySigned = &kernel.Error{Code: kernel.ECONFLICT, Reason: "already_signed", Message: "You have already signed this contract."}
)

// Sign records the signature of actor; it reports whether both have signed.
func (c *Contract) Sign(actorID int64, now time.Time) (complete bool, err error) {
	switch actorID {
	case c.OwnerID:
		if c.OwnerSignedAt != nil {
			return false, ErrAlreadySigned
		}
		c.OwnerSignedAt = &now
	case c.AgencyID:
		if c.AgencySignedAt != nil {
			return false, ErrAlreadySigned
		}
		c.AgencySignedAt = &now
	default:
		return false, kernel.ErrForbidden
	}
	if c.OwnerSignedAt != nil && c.AgencySignedAt != nil {
		c.Hash = c.ComputeHash()
		return true, nil
	}
	return false, nil
}

// ComputeHash is SHA-256 over the agreed terms and both signatures.
func (c *Contract) ComputeHash() string {
	ts := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	s := fmt.Sprintf("project=%d|owner=%d|agency=%d|price=%s|service_days=%d|start=%s|owner_signed=%s|agency_signed=%s",
		c.ProjectID, c.OwnerID, c.AgencyID, c.Price, c.ServiceDays, c.StartDate, ts(c.OwnerSignedAt), ts(c.AgencySignedAt))
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// ShanghaiDate is the calendar date of t in China Standard Time (UTC+8, no
// daylight saving), the date printed on contracts and notices.
func ShanghaiDate(t time.Time) string {
	return t.In(calendar.Beijing).Format(kernel.DateLayout)
}
