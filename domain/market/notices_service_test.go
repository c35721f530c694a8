package market_test

import (
	"context"
	"testing"
	"time"

	"marketplace/domain/files"
	"marketplace/domain/kernel"
	"marketplace/domain/market"
)

// noticeTx is one project in memory with its notice documents and
// amendments, the bids flagged for confirmation, the notices sent and the
// audit actions written.
type noticeTx struct {
	project    market.Project
	docs       []*market.NoticeDocument
	amendments []*market.Amendment
	flagged    int
	interested []int64
	notified   []int64
	audits     []string
	now        time.Time
	catalogue  error
}

func (s *noticeTx) FindProjectByID(_ context.Context, id int64, _ market.LockMode) (*market.Project, error) {
	if id != s.project.ID {
		return nil, market.ErrProjectNotFound
	}
	p := s.project
	return &p, nil
}
func (s *noticeTx) CreateNoticeDocument(_ context.Context, d *market.NoticeDocument) error {
	d.ID = int64(len(s.docs) + 1)
	s.docs = append(s.docs, d)
	return nil
}
func (s *noticeTx) FindNoticeDocuments(context.Context, int64) ([]*market.NoticeDocument, error) {
	return s.docs, nil
}
func (s *noticeTx) DeleteNoticeDocument(_ context.Context, _, docID int64) error {
	for i, d := range s.docs {
		if d.ID == docID {
			s.docs = append(s.docs[:i], s.docs[i+1:]...)
		}
	}
	return nil
}
func (s *noticeTx) CreateAmendment(_ context.Context, a *market.Amendment) error {
	a.ID = int64(len(s.amendments) + 1)
	s.amendments = append(s.amendments, a)
	return nil
}
func (s *noticeTx) FindAmendments(context.Context, int64) ([]*market.Amendment, error) {
	return s.amendments, nil
}
func (s *noticeTx) FindRecentAmendments(context.Context, kernel.Page) ([]*market.Amendment, int, error) {
	return s.amendments, len(s.amendments), nil
}
func (s *noticeTx) PublishNoticeDocuments(_ context.Context, _, amendmentID int64, ids []int64) error {
	for _, d := range s.docs {
		for _, id := range ids {
			if d.ID == id {
				d.Pending, d.AmendmentID = false, &amendmentID
			}
		}
	}
	return nil
}
func (s *noticeTx) SupersedeNoticeDocuments(_ context.Context, _, amendmentID int64, ids []int64) error {
	for _, d := range s.docs {
		for _, id := range ids {
			if d.ID == id {
				d.SupersededBy = &amendmentID
			}
		}
	}
	return nil
}
func (s *noticeTx) UpdateProjectTerms(_ context.Context, p *market.Project) error {
	s.project = *p
	return nil
}
func (s *noticeTx) MarkBidsNeedConfirmation(context.Context, int64) ([]int64, error) {
	s.flagged++
	return nil, nil
}
func (s *noticeTx) ConfirmBid(context.Context, int64, int64, time.Time) error { return nil }
func (s *noticeTx) FindInterestedAgencies(context.Context, int64) ([]int64, error) {
	return s.interested, nil
}
func (s *noticeTx) CreateFile(context.Context, files.Document) error { return nil }
func (s *noticeTx) Now(context.Context) (time.Time, error)           { return s.now, nil }
func (s *noticeTx) AppendAudit(_ context.Context, e kernel.AuditEntry) error {
	s.audits = append(s.audits, e.Action)
	return nil
}
func (s *noticeTx) NotifyAgencies(_ context.Context, n market.AgencyNotice, to []int64) error {
	if n.Kind != market.AmendmentKind || n.ProjectID != s.project.ID {
		return kernel.Errorf(kernel.EINVALID, "bad_notice", "unexpected notice %+v", n)
	}
	s.notified = append(s.notified, to...)
	return nil
}
func (s *noticeTx) CheckProjectCatalogue(context.Context, *market.Project, time.Time) error {
	return s.catalogue
}

// TestNotices_AmendProject: the owner's amendment of a project in bidding
// changes its terms, moves the close so that the least bidding time
// remains, publishes and supersedes documents, flags the bids for
// confirmation and tells every interested agency, in one transaction; a
// refused amendment writes nothing.
func TestNotices_AmendProject(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	closes := now.Add(24 * time.Hour)
	tx := &noticeTx{now: now, interested: []int64{21, 22},
		project: market.Project{ID: 7, OwnerID: 1, OwnerRole: kernel.RoleEnterprise, Status: market.ProjectBidding,
			Title: "某项目环境影响评价报告书编制", ItemCode: "NAT-01", Method: market.MethodLowestPrice, Funding: market.FundingSelf,
			ServiceDays: 60, MinBids: 1, BiddingClosesAt: closes, ClosesAt: closes},
		docs: []*market.NoticeDocument{
			{ID: 1, ProjectID: 7, Title: "招标文件"},
			{ID: 2, ProjectID: 7, Title: "招标文件（修订）", Pending: true},
		}}
	ns := &market.Notices{Store: tx, InTx: func(ctx context.Context, fn func(market.NoticeTx) error) error { return fn(tx) },
		AmendmentMinRemaining: 72 * time.Hour}
	owner := kernel.Actor{ID: 1, Role: kernel.RoleEnterprise}
	days := 45
	in := market.AmendmentInput{Rationale: "修订服务期限和招标文件", ServiceDays: &days, AddDocuments: []int64{2}, SupersedeDocuments: []int64{1}}

	if _, err := ns.AmendProject(ctx, kernel.Actor{ID: 9, Role: kernel.RoleEnterprise}, 7, in); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("another owner amended: %v", err)
	}
	bad := in
	bad.AddDocuments = []int64{1}
	if _, err := ns.AmendProject(ctx, owner, 7, bad); kernel.ErrorCode(err) != kernel.EINVALID {
		t.Errorf("published a document already published: %v", err)
	}
	tx.catalogue = kernel.FieldError("item_code", "item_not_found", "no item")
	if _, err := ns.AmendProject(ctx, owner, 7, in); kernel.ErrorCode(err) != kernel.EINVALID {
		t.Errorf("amended against the catalogue: %v", err)
	}
	tx.catalogue = nil
	if len(tx.amendments) != 0 || tx.flagged != 0 || len(tx.notified) != 0 || len(tx.audits) != 0 || tx.project.ServiceDays != 60 {
		t.Fatalf("refusals wrote: %d amendments, %d flags, notified %v, audits %v", len(tx.amendments), tx.flagged, tx.notified, tx.audits)
	}

	a, err := ns.AmendProject(ctx, owner, 7, in)
	if err != nil {
		t.Fatalf("amend: %v", err)
	}
	if want := now.Add(72 * time.Hour); !a.CloseExtended || !tx.project.ClosesAt.Equal(want) || !a.ClosesAfter.Equal(want) || !a.ClosesBefore.Equal(closes) {
		t.Errorf("close: extended %v, %v → %v (project %v), want %v", a.CloseExtended, a.ClosesBefore, a.ClosesAfter, tx.project.ClosesAt, want)
	}
	if tx.project.ServiceDays != 45 || len(a.Changes) != 2 || a.Changes[1].Field != market.AmendDocuments {
		t.Errorf("terms: service days %d, changes %+v", tx.project.ServiceDays, a.Changes)
	}
	if tx.docs[0].SupersededBy == nil || *tx.docs[0].SupersededBy != a.ID || tx.docs[1].Pending || tx.docs[1].AmendmentID == nil {
		t.Errorf("documents: %+v, %+v", tx.docs[0], tx.docs[1])
	}
	if tx.flagged != 1 || len(tx.notified) != 2 || len(tx.audits) != 1 || tx.audits[0] != "project.amended" {
		t.Errorf("flags %d, notified %v, audits %v", tx.flagged, tx.notified, tx.audits)
	}

	// The public sees the published documents, superseded ones marked;
	// a published document cannot be removed, a pending one can.
	tx.docs = append(tx.docs, &market.NoticeDocument{ID: 3, ProjectID: 7, Title: "补充说明", Pending: true})
	if ds, err := ns.Documents(ctx, kernel.Actor{}, 7); err != nil || len(ds) != 2 || ds[0].DownloadURL != "/api/v1/projects/7/documents/1" {
		t.Errorf("public documents: %d, %v", len(ds), err)
	}
	if ds, err := ns.Documents(ctx, owner, 7); err != nil || len(ds) != 3 {
		t.Errorf("the owner's documents: %d, %v", len(ds), err)
	}
	if err := ns.RemoveDocument(ctx, owner, 7, 2); err != market.ErrNoticeDocumentPublished {
		t.Errorf("removed a published document: %v", err)
	}
	if err := ns.RemoveDocument(ctx, owner, 7, 3); err != nil || len(tx.docs) != 2 {
		t.Errorf("remove a pending document: %v, %d left", err, len(tx.docs))
	}
}
