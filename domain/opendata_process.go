package domain

import (
	"context"

	"marketplace/domain/market"
	"marketplace/domain/opendata"
)

// OCDSProcess is everything public about one project, read by the storage
// loader. Tenderers and candidates are loaded only once bidding has closed.
// It carries the market's project, notice documents and amendments, so it
// stays in domain; ocds() hands opendata the plain facts its releases
// publish.
type OCDSProcess struct {
	Project *market.Project
	opendata.OCDSFacts
	// ContractDocument is the signed contract PDF's public facts (nil:
	// none). Documents (public ones) and Amendments of the notice are
	// added by ocdsProcesses.
	ContractDocument *OCDSContractDocument
	Documents        []*market.NoticeDocument
	Amendments       []*market.Amendment
}

// OCDSContractDocument is what is public about the signed contract PDF.
type OCDSContractDocument struct {
	SHA256    string
	Signature string
	PublicKey string
}

// AmendmentFieldNames are the Chinese names of the amendable fields, as
// the open data publishes them.
var AmendmentFieldNames = map[string]string{
	market.AmendDescription:  "项目描述",
	market.AmendCeilingPrice: "最高限价",
	market.AmendServiceDays:  "服务期限",
	market.AmendClosesAt:     "投标截止时间",
	market.AmendDocuments:    "公告附件",
}

// Releases builds one release per public event of the process, in order
// (opendata.OCDSProcess.Releases).
func (pr *OCDSProcess) Releases(ocidPrefix string) []*opendata.OCDSRelease {
	return pr.ocds().Releases(ocidPrefix)
}

// Compiled is the current state of the process as one release.
func (pr *OCDSProcess) Compiled(ocidPrefix string, releases []*opendata.OCDSRelease) *opendata.OCDSRelease {
	return pr.ocds().Compiled(ocidPrefix, releases)
}

// ocds is the process as opendata builds releases from it: the project's
// public fields, the notice's documents with their links, the amendments
// with the Chinese names of what they changed.
func (pr *OCDSProcess) ocds() *opendata.OCDSProcess {
	p := pr.Project
	out := &opendata.OCDSProcess{
		Project: opendata.OCDSProject{ID: p.ID, Title: p.Title, Description: p.Description, ItemCode: p.ItemCode, ItemName: p.ItemName,
			Method: p.Method, CeilingPrice: p.CeilingPrice, ServiceDays: p.ServiceDays,
			PublishedAt: p.PublishedAt, ClosesAt: p.ClosesAt, ClosedAt: p.ClosedAt,
			Cancelled: p.Status == market.ProjectCancelled, Failed: p.Status == market.ProjectFailed, Completed: p.Status == market.ProjectCompleted},
		OCDSFacts: pr.OCDSFacts,
	}
	if w := p.Weights; w != nil {
		out.Project.Weights = &opendata.OCDSWeights{Price: w.Price, Credit: w.Credit, Technical: w.Technical}
	}
	if d := pr.ContractDocument; d != nil {
		out.ContractDocument = &opendata.OCDSSignedContract{SHA256: d.SHA256, Signature: d.Signature, KeyID: SigningKeyID(d.PublicKey),
			Path: ContractDocumentPath(p.ID), MediaType: ContractMediaType}
	}
	for _, d := range pr.Documents {
		out.Documents = append(out.Documents, opendata.OCDSNoticeDocument{ID: d.ID, AmendmentID: d.AmendmentID, SupersededBy: d.SupersededBy,
			Title: d.Title, SHA256: d.SHA256, MediaType: d.MediaType, Path: market.NoticeDocumentPath(d.ProjectID, d.ID)})
	}
	for _, a := range pr.Amendments {
		names := make([]string, len(a.Changes))
		for i, c := range a.Changes {
			names[i] = AmendmentFieldNames[c.Field]
		}
		out.Amendments = append(out.Amendments, opendata.OCDSNoticeAmendment{ID: a.ID, PublishedAt: a.PublishedAt,
			Rationale: a.Rationale, FieldNames: names})
	}
	return out
}

// ocdsProcesses is the opendata.ProcessLoader domain gives the Publisher:
// the store's process snapshots completed with the notice's public
// documents and its amendments.
type ocdsProcesses struct{ store Store }

func (l ocdsProcesses) LoadProcess(ctx context.Context, id int64) (*opendata.OCDSProcess, error) {
	pr, err := l.store.LoadOCDSProcess(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := l.complete(ctx, map[int64]*OCDSProcess{id: pr}); err != nil {
		return nil, err
	}
	return pr.ocds(), nil
}

// LoadProcesses loads the published projects among ids at once: a
// statement per kind of fact whatever their number.
func (l ocdsProcesses) LoadProcesses(ctx context.Context, ids []int64) (map[int64]*opendata.OCDSProcess, error) {
	prs, err := l.store.LoadOCDSProcesses(ctx, ids)
	if err != nil {
		return nil, err
	}
	if err := l.complete(ctx, prs); err != nil {
		return nil, err
	}
	out := make(map[int64]*opendata.OCDSProcess, len(prs))
	for id, pr := range prs {
		out[id] = pr.ocds()
	}
	return out, nil
}

// complete adds to each published process its notice's public documents
// and its amendments.
func (l ocdsProcesses) complete(ctx context.Context, prs map[int64]*OCDSProcess) error {
	var published []int64
	for id, pr := range prs {
		if pr.Project.PublishedAt != nil {
			published = append(published, id)
		}
	}
	if len(published) == 0 {
		return nil
	}
	docs, err := l.store.FindNoticeDocumentsOf(ctx, published)
	if err != nil {
		return err
	}
	amendments, err := l.store.FindAmendmentsOf(ctx, published)
	if err != nil {
		return err
	}
	for _, id := range published {
		pr := prs[id]
		for _, d := range docs[id] {
			if d.PublicOn(pr.Project) {
				pr.Documents = append(pr.Documents, d)
			}
		}
		pr.Amendments = amendments[id]
	}
	return nil
}
