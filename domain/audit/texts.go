package audit

import "marketplace/domain/kernel"

func init() { kernel.RegisterTexts(englishTexts) }

// englishTexts is the English of why the chain does not verify: the API's
// stable message. web/i18n carries the same sentences and their Chinese.
var englishTexts = map[string]string{
	TextSequenceGap:         "sequence gap: a row is missing",
	TextPrevHash:            "previous-hash link does not match the preceding row",
	TextContentHash:         "row content does not match its hash",
	TextCheckpointBeyond:    "checkpoint {{.Seq}} of {{.At}} is beyond the chain's head {{.Head}}: rows were removed",
	TextCheckpointRewritten: "checkpoint {{.Seq}} of {{.At}} no longer matches the chain: rows were rewritten",
}

// Text ids of a broken chain (see englishTexts).
const (
	TextSequenceGap         = "audit.broken.sequence_gap"
	TextPrevHash            = "audit.broken.prev_hash"
	TextContentHash         = "audit.broken.content_hash"
	TextCheckpointBeyond    = "audit.broken.checkpoint_beyond"
	TextCheckpointRewritten = "audit.broken.checkpoint_rewritten"
)
