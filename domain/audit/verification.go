package audit

import "marketplace/domain/kernel"

// Verification is the result of walking the chain.
type Verification struct {
	OK       bool   `json:"ok"`
	Checked  int64  `json:"checked"`
	Unsealed int64  `json:"unsealed"`
	BrokenAt *int64 `json:"broken_at_seq,omitempty"`
	BrokenID *int64 `json:"broken_at_id,omitempty"`
	Reason   string `json:"reason,omitempty"`
	// ReasonText is Reason as a message id and params, for pages.
	ReasonText *kernel.Text `json:"reason_text,omitempty"`
	HeadHash   string       `json:"head_hash"`
	HeadSeq    int64        `json:"head_seq"`
}

// setReason records why the chain does not verify, in English and as a text.
func (v *Verification) setReason(t kernel.Text) {
	v.Reason, v.ReasonText = t.English(), &t
}
