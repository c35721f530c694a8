package domain

import "fmt"

// textPercent formats a share as a whole percentage for a message param.
func textPercent(f float64) string { return fmt.Sprintf("%.0f", f*100) }

// setReason records why the chain does not verify, in English and as a text.
func (v *AuditVerification) setReason(t Text) {
	v.Reason, v.ReasonText = t.English(), &t
}
