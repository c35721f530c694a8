package domain

// setReason records why the chain does not verify, in English and as a text.
func (v *AuditVerification) setReason(t Text) {
	v.Reason, v.ReasonText = t.English(), &t
}
