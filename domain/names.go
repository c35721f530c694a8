package domain

import (
	"context"

	"marketplace/domain/supervision"
)

// Names are what pages print where the records hold internal numbers: a
// project's title, an account's name. They are read for a whole page in
// one statement, never a query per row.
type Names struct {
	Projects map[int64]string
	Accounts map[int64]string
}

// Project is the title of project id ("" when unknown).
func (n Names) Project(id int64) string { return n.Projects[id] }

// Account is the name of account id ("" when unknown).
func (n Names) Account(id int64) string { return n.Accounts[id] }

// RiskNames names what a risk flag refers to: its project, the project's
// owner and the agencies (those flagged and those in the evidence). The
// flag was read through GetRisk, which checked who may see it.
func (m *Marketplace) RiskNames(ctx context.Context, d *supervision.RiskDetail) (Names, error) {
	var projects, accounts []int64
	if d.Flag.ProjectID != nil {
		projects = append(projects, *d.Flag.ProjectID)
	}
	if d.Flag.OwnerID != nil {
		accounts = append(accounts, *d.Flag.OwnerID)
	}
	accounts = append(accounts, d.Flag.AgencyIDs...)
	for _, e := range d.Evidence {
		accounts = append(accounts, e.AgencyID)
	}
	return m.Store.FindNames(ctx, projects, accounts)
}

// RiskListNames names the projects, owners and agencies of a page of risk
// flags (read through ListRisks), in one statement.
func (m *Marketplace) RiskListNames(ctx context.Context, flags []*supervision.RiskFlag) (Names, error) {
	var projects, accounts []int64
	for _, f := range flags {
		if f.ProjectID != nil {
			projects = append(projects, *f.ProjectID)
		}
		if f.OwnerID != nil {
			accounts = append(accounts, *f.OwnerID)
		}
		accounts = append(accounts, f.AgencyIDs...)
	}
	return m.Store.FindNames(ctx, projects, accounts)
}

// AccountNames names the accounts a page lists by id (the agencies of the
// pending appeals, of an inspection's draw), in one statement. The caller
// read the ids through a use case that checked who may see them.
func (m *Marketplace) AccountNames(ctx context.Context, ids []int64) (Names, error) {
	return m.Store.FindNames(ctx, nil, ids)
}
