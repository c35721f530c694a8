package domain

// SetReason records a platform-written reason: the English for the API and
// the record, the id and params for pages.
func (ev *CreditEvent) SetReason(t Text) {
	ev.Reason, ev.ReasonText = t.English(), &t
}

// setReason records why the chain does not verify, in English and as a text.
func (v *AuditVerification) setReason(t Text) {
	v.Reason, v.ReasonText = t.English(), &t
}
