package domain

import (
	"context"
	"encoding/json"
	"io"
	"strconv"
	"time"
)

// OCDSLicense is the licence of the published data.
const OCDSLicense = "https://creativecommons.org/licenses/by/4.0/"

func (m *Marketplace) ocdsPublisher() (OCDSPublisher, string) {
	name, base := m.OpenData.PublisherName, m.OpenData.BaseURI
	if name == "" {
		name = "中介服务网上交易平台"
	}
	if base == "" {
		base = "https://zjcs.example.gov.cn"
	}
	return OCDSPublisher{Name: name, URI: base}, base
}

// OCDSReleases is the public release feed: releases of every published
// project in date order, from just after since (RFC 3339, optional).
func (m *Marketplace) OCDSReleases(ctx context.Context, since string, p Page) (*OCDSReleasePackage, error) {
	var after time.Time
	if since != "" {
		t, err := time.Parse(time.RFC3339Nano, since)
		if err != nil {
			return nil, FieldError("since", "since_invalid", "since must be an RFC 3339 timestamp such as 2026-01-02T15:04:05Z.")
		}
		if err := CheckDateRange("since", t); err != nil {
			return nil, err
		}
		after = t
	}
	if err := p.Normalize(); err != nil {
		return nil, err
	}
	refs, total, err := m.Store.FindOCDSEvents(ctx, after, time.Time{}, OCDSReleaseActions(), p)
	if err != nil {
		return nil, err
	}
	if p.Page > 1 && (p.Page-1)*p.PerPage >= total {
		return nil, FieldError("page", "page_out_of_range", "page %d is past the last page (%d releases, %d a page).", p.Page, total, p.PerPage)
	}
	releases, err := m.releasesFor(ctx, refs)
	if err != nil {
		return nil, err
	}
	now, err := m.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	pub, base := m.ocdsPublisher()
	q := "?page=" + strconv.Itoa(p.Page)
	if since != "" {
		q += "&since=" + since
	}
	return &OCDSReleasePackage{URI: base + "/api/v1/ocds/releases" + q, Version: "1.1", PublishedDate: now, Publisher: pub,
		License: OCDSLicense, Releases: releases, Total: total, Page: p.Page, PerPage: p.PerPage}, nil
}

// releasesFor builds the release of each event, loading each project once.
func (m *Marketplace) releasesFor(ctx context.Context, refs []OCDSEventRef) ([]*OCDSRelease, error) {
	var ids []int64
	seen := map[int64]bool{}
	for _, ref := range refs {
		if !seen[ref.ProjectID] {
			seen[ref.ProjectID] = true
			ids = append(ids, ref.ProjectID)
		}
	}
	processes, err := m.loadOCDSProcesses(ctx, ids)
	if err != nil {
		return nil, err
	}
	byProject := map[int64]map[string]*OCDSRelease{}
	out := make([]*OCDSRelease, 0, len(refs))
	for _, ref := range refs {
		rels, ok := byProject[ref.ProjectID]
		if !ok {
			pr, ok := processes[ref.ProjectID]
			if !ok {
				return nil, ErrProjectNotFound
			}
			rels = map[string]*OCDSRelease{}
			for _, r := range pr.Releases(m.ocidPrefix()) {
				rels[r.ID] = r
			}
			byProject[ref.ProjectID] = rels
		}
		id := m.ocidPrefix() + strconv.FormatInt(ref.ProjectID, 10) + "-" + strconv.FormatInt(ref.AuditID, 10)
		if r, ok := rels[id]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// OCDSRecord is the record package of one contracting process: all its
// releases and the compiled release.
func (m *Marketplace) OCDSRecord(ctx context.Context, ocid string) (*OCDSRecordPackage, error) {
	id, err := ParseOCID(m.ocidPrefix(), ocid)
	if err != nil {
		return nil, err
	}
	pr, err := m.loadOCDSProcess(ctx, id)
	if err != nil {
		if ErrorCode(err) == ENOTFOUND {
			return nil, Errorf(ENOTFOUND, "unknown_ocid", "No contracting process %q is published here.", ocid)
		}
		return nil, err
	}
	releases := pr.Releases(m.ocidPrefix())
	if len(releases) == 0 {
		return nil, Errorf(ENOTFOUND, "unknown_ocid", "No contracting process %q is published here.", ocid)
	}
	now, err := m.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	pub, base := m.ocdsPublisher()
	return &OCDSRecordPackage{URI: base + "/api/v1/ocds/records/" + ocid, Version: "1.1", PublishedDate: now, Publisher: pub,
		License: OCDSLicense, Records: []OCDSRecord{{OCID: ocid, Releases: releases, CompiledRelease: pr.Compiled(m.ocidPrefix(), releases)}}}, nil
}

// ExportOCDS writes every release as one release package per calendar month
// (UTC) into the writer create("2026-01") returns; the caller chooses the
// encoding of the file (the export-ocds command gzips it). It returns how
// many releases it wrote.
func (m *Marketplace) ExportOCDS(ctx context.Context, create func(month string) (io.WriteCloser, error)) (int, error) {
	pub, base := m.ocdsPublisher()
	now, err := m.Store.Now(ctx)
	if err != nil {
		return 0, err
	}
	var month string
	var pending []OCDSEventRef
	written := 0
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		rels, err := m.releasesFor(ctx, pending)
		if err != nil {
			return err
		}
		f, err := create(month)
		if err != nil {
			return err
		}
		pkg := &OCDSReleasePackage{URI: base + "/ocds/bulk/" + month + ".json.gz", Version: "1.1", PublishedDate: now,
			Publisher: pub, License: OCDSLicense, Releases: rels, Total: len(rels), Page: 1, PerPage: len(rels)}
		if err := json.NewEncoder(f).Encode(pkg); err != nil {
			f.Close()
			return err
		}
		written += len(rels)
		pending = nil
		return f.Close()
	}
	for page := 1; ; page++ {
		refs, _, err := m.Store.FindOCDSEvents(ctx, time.Time{}, time.Time{}, OCDSReleaseActions(), Page{Page: page, PerPage: 1000})
		if err != nil {
			return written, err
		}
		for _, ref := range refs {
			mo := ref.At.UTC().Format("2006-01")
			if mo != month {
				if err := flush(); err != nil {
					return written, err
				}
				month = mo
			}
			pending = append(pending, ref)
		}
		if len(refs) < 1000 {
			break
		}
	}
	return written, flush()
}
