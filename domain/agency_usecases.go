package domain

import (
	"context"
	"io"

	"marketplace/domain/agency"
)

// agencies builds the agency context's use cases from the Marketplace's
// current fields (main and the tests set them after NewMarketplace, so the
// Registry is never cached).
func (m *Marketplace) agencies() *agency.Registry {
	return &agency.Registry{Store: m.Store, InTx: txOf(m.Store, newAgencyTx), Files: m.Files}
}

// agencyTx is the agency context's view of a transaction: the aggregate
// store (which implements agency.Store) plus the two reads of other
// contexts it makes under the agency's row lock, translated into the
// agency package's plain types.
type agencyTx struct{ Store }

func newAgencyTx(s Store) agency.Tx { return agencyTx{s} }

// LookupItem reads a catalogue item in the transaction.
func (t agencyTx) LookupItem(ctx context.Context, code string) (agency.Item, error) {
	it, err := t.FindItemByCode(ctx, code, false)
	if err != nil {
		return agency.Item{}, err
	}
	return agency.Item{Code: it.Code, Name: it.Name, Abolished: it.Status == ItemAbolished}, nil
}

// LookupAccount reads an account's name and role in the transaction.
func (t agencyTx) LookupAccount(ctx context.Context, id int64) (agency.Account, error) {
	a, err := t.FindAccountByID(ctx, id)
	if err != nil {
		return agency.Account{}, err
	}
	return agency.Account{Name: a.Name, Role: a.Role}, nil
}

// GetAgency returns an agency's profile as actor may see it.
func (m *Marketplace) GetAgency(ctx context.Context, actor Actor, id int64) (*Agency, error) {
	return m.agencies().GetAgency(ctx, actor, id)
}

// MyAgency returns the acting agency's own profile.
func (m *Marketplace) MyAgency(ctx context.Context, actor Actor) (*Agency, error) {
	return m.agencies().MyAgency(ctx, actor)
}

// ListAgencies is the public directory (网上展示).
func (m *Marketplace) ListAgencies(ctx context.Context, f AgencyFilter) (List[*AgencySummary], error) {
	return m.agencies().ListAgencies(ctx, f)
}

// UpdateAgencyProfile applies an agency's edit of its own profile.
func (m *Marketplace) UpdateAgencyProfile(ctx context.Context, actor Actor, p AgencyPatch) (*Agency, error) {
	return m.agencies().UpdateProfile(ctx, actor, p)
}

// ExitAgency is an agency's voluntary exit (退出).
func (m *Marketplace) ExitAgency(ctx context.Context, actor Actor) (*Agency, error) {
	return m.agencies().Exit(ctx, actor)
}

// RejoinAgency is an exited agency's return (重新入驻).
func (m *Marketplace) RejoinAgency(ctx context.Context, actor Actor) (*Agency, error) {
	return m.agencies().Rejoin(ctx, actor)
}

// DeclareAffiliation records an agency's relationship with a department.
func (m *Marketplace) DeclareAffiliation(ctx context.Context, actor Actor, in AffiliationInput) (*Affiliation, error) {
	return m.agencies().DeclareAffiliation(ctx, actor, in)
}

// RemoveAffiliation withdraws a declaration.
func (m *Marketplace) RemoveAffiliation(ctx context.Context, actor Actor, id int64) error {
	return m.agencies().RemoveAffiliation(ctx, actor, id)
}

// ListDepartments is the public list of department accounts.
func (m *Marketplace) ListDepartments(ctx context.Context, p Page) (List[*Department], error) {
	return m.agencies().ListDepartments(ctx, p)
}

// AddQualification records a certificate with its document.
func (m *Marketplace) AddQualification(ctx context.Context, actor Actor, in QualificationInput, doc io.Reader) (*Qualification, error) {
	return m.agencies().AddQualification(ctx, actor, in, doc)
}

// DeleteQualification removes one of the acting agency's qualifications.
func (m *Marketplace) DeleteQualification(ctx context.Context, actor Actor, id int64) error {
	return m.agencies().DeleteQualification(ctx, actor, id)
}

// FlagQualification records a finding that a qualification is false.
func (m *Marketplace) FlagQualification(ctx context.Context, actor Actor, id int64, evidence string) (*QualificationFlag, error) {
	return m.agencies().FlagQualification(ctx, actor, id, evidence)
}

// QualificationDocument opens a qualification's document.
func (m *Marketplace) QualificationDocument(ctx context.Context, actor Actor, id int64) (*Document, io.ReadCloser, error) {
	return m.agencies().QualificationDocument(ctx, actor, id)
}

// FindAgencyRefs offers the agencies matching a name or USCC as typed.
func (m *Marketplace) FindAgencyRefs(ctx context.Context, q string) ([]AgencyRef, error) {
	return m.agencies().FindRefs(ctx, q)
}

// ResolveAgency turns a form's agency field (a name or a USCC) into one
// agency, or the candidates to pick from.
func (m *Marketplace) ResolveAgency(ctx context.Context, field, q string) (AgencyRef, []AgencyRef, error) {
	return m.agencies().Resolve(ctx, field, q)
}
