package web

import (
	"context"

	"marketplace/domain"
	"marketplace/domain/market"
)

// contractPanel is the contract notice (合同公示) on a project's page once
// both parties signed: parties, price in figures and capitals, period, the
// PDF's hash and signature — public — and, for those allowed, the PDF.
type contractPanel struct {
	N        *domain.ContractNotice
	Download bool
}

func (p *Portal) contractPanel(ctx context.Context, actor domain.Actor, l *market.LifecycleView) *contractPanel {
	if l.Contract == nil || l.Contract.DocumentSHA256 == "" {
		return nil
	}
	n, err := p.market.ContractNotice(ctx, l.Contract.ProjectID)
	if err != nil {
		return nil
	}
	return &contractPanel{N: n, Download: !actor.IsAnonymous() && domain.CanReadContractDocument(actor, l.Contract)}
}
