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

	// Why the audit chain does not verify.
	TextAuditSequenceGap:         "sequence gap: a row is missing",
	TextAuditPrevHash:            "previous-hash link does not match the preceding row",
	TextAuditContentHash:         "row content does not match its hash",
	TextAuditCheckpointBeyond:    "checkpoint {{.Seq}} of {{.At}} is beyond the chain's head {{.Head}}: rows were removed",
	TextAuditCheckpointRewritten: "checkpoint {{.Seq}} of {{.At}} no longer matches the chain: rows were rewritten",
}

// Text ids (see EnglishTexts).
const (
	TextRiskPersistentLowPrice = "risk.summary.persistent_low_price"

	TextAuditSequenceGap         = "audit.broken.sequence_gap"
	TextAuditPrevHash            = "audit.broken.prev_hash"
	TextAuditContentHash         = "audit.broken.content_hash"
	TextAuditCheckpointBeyond    = "audit.broken.checkpoint_beyond"
	TextAuditCheckpointRewritten = "audit.broken.checkpoint_rewritten"
)
