package domain

import "marketplace/domain/kernel"

func init() { kernel.RegisterTexts(EnglishTexts) }

// EnglishTexts is the English of every Text the domain emits: the API's
// stable message. web/i18n/messages.en.json carries the same sentences for
// English pages (a test keeps them equal) and messages.zh-CN.json their
// Chinese; the placeholders are go-i18n's ({{.Name}}).
var EnglishTexts = map[string]string{
	// The low-price rule's own risk flag (the other flags speak in domain/supervision).
	TextRiskPersistentLowPrice: "Agency {{.Agency}} had {{.Rejections}} abnormally low prices rejected or unexplained within a year.",
}

// Text ids (see EnglishTexts).
const (
	TextRiskPersistentLowPrice = "risk.summary.persistent_low_price"
)
