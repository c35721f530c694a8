package server

import (
	"fmt"

	"marketplace/domain"
	"marketplace/storage"
)

// contractDocs wires the electronic contract: the PDF renderer (the font
// must be there: a platform that silently signed contracts without their
// document would break the contract notice) and the signing key — the
// audit-checkpoint key when AUDIT_SIGNING_KEY is set, otherwise
// CONTRACT_SIGNING_KEY, otherwise the development key the audit uses.
func (m *Main) contractDocs() (domain.ContractDocuments, error) {
	r, err := storage.NewContractPDF(m.Config.ContractFont)
	if err != nil && m.Config.DevDatabase {
		// `make run` on a machine without the font still starts: contracts
		// are signed as before, without their PDF, and the log says so.
		m.Log.Warn("contract PDFs are off: no CJK TrueType font (apt-get install fonts-droid-fallback, or set CONTRACT_FONT)", "err", err)
		return domain.ContractDocuments{}, nil
	}
	if err != nil {
		return domain.ContractDocuments{}, fmt.Errorf("CONTRACT_FONT: %w", err)
	}
	signer := m.Market.Signer
	if m.Config.AuditSigningKey == "" && m.Config.ContractSigningKey != "" {
		if signer, err = domain.NewSigner(m.Config.ContractSigningKey); err != nil {
			return domain.ContractDocuments{}, fmt.Errorf("CONTRACT_SIGNING_KEY: %w", err)
		}
	}
	return domain.ContractDocuments{Renderer: r, Signer: signer}, nil
}
