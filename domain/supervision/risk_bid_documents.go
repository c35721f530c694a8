package supervision

import (
	"fmt"

	"marketplace/domain/kernel"
)

// DetectIdenticalBidDocuments flags agencies whose bids on one project
// carry the very same attached document (same SHA-256): a file copied
// between bidders, whatever its name (投标文件异常一致). Proposal texts are
// compared by DetectSimilarProposals; both report identical_documents.
func DetectIdenticalBidDocuments(p *RiskProject) []RiskFlag {
	files := agencyGroups{}
	for _, b := range p.Bids {
		if b.Status == BidWithdrawn {
			continue
		}
		for _, sha := range b.Documents {
			files.add(sha, b.AgencyID)
		}
	}
	// One flag per set of agencies, listing every file they share.
	shared := map[string][]string{}
	groups := map[string][]int64{}
	for _, g := range files.shared() {
		k := joinIDs(g.agencies)
		shared[k] = append(shared[k], g.key)
		groups[k] = g.agencies
	}
	var out []RiskFlag
	for _, k := range sortedKeys(shared) {
		ags := groups[k]
		out = append(out, p.flag(IndicatorIdenticalDocuments, 95, append([]int64(nil), ags...),
			fmt.Sprintf("%s:p%d:files:%s", IndicatorIdenticalDocuments, p.ID, k),
			kernel.T(TextRiskIdenticalFiles, "Agencies", len(ags), "Files", len(shared[k]), "Project", p.ID),
			map[string]any{"document_sha256": shared[k]}))
	}
	return out
}

// proposalEvidence keeps the evidence of submissions, revisions and
// withdrawals: document uploads carry a file's hash, not the proposal's.
func proposalEvidence(ev []*BidEvidence) []*BidEvidence {
	out := make([]*BidEvidence, 0, len(ev))
	for _, e := range ev {
		if e.Action != EvidenceDocumentAdd && e.Action != EvidenceDocumentRemove {
			out = append(out, e)
		}
	}
	return out
}
