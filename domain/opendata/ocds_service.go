package opendata

import (
	"context"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"marketplace/domain/kernel"
)

// OCDSLicense is the licence of the published data.
const OCDSLicense = "https://creativecommons.org/licenses/by/4.0/"

// errProcessNotFound is domain's ErrProjectNotFound (same code, reason and
// message): a release event whose project the loader did not return.
var errProcessNotFound = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "project_not_found", Message: "Project not found."}

// loadProcess is ProcessLoader.LoadProcess with the base of the links.
func (pub *Publisher) loadProcess(ctx context.Context, id int64) (*OCDSProcess, error) {
	pr, err := pub.Processes.LoadProcess(ctx, id)
	if err != nil {
		return nil, err
	}
	_, pr.BaseURI = pub.Config.publisher()
	return pr, nil
}

// loadProcesses is ProcessLoader.LoadProcesses with the base of the links.
func (pub *Publisher) loadProcesses(ctx context.Context, ids []int64) (map[int64]*OCDSProcess, error) {
	prs, err := pub.Processes.LoadProcesses(ctx, ids)
	if err != nil {
		return nil, err
	}
	_, base := pub.Config.publisher()
	for _, pr := range prs {
		pr.BaseURI = base
	}
	return prs, nil
}

// OCDSReleases is the public release feed: releases of every published
// project in date order, from just after since (RFC 3339, optional).
func (pub *Publisher) OCDSReleases(ctx context.Context, since string, p kernel.Page) (*OCDSReleasePackage, error) {
	var after time.Time
	if since != "" {
		t, err := time.Parse(time.RFC3339Nano, since)
		if err != nil {
			return nil, kernel.FieldError("since", "since_invalid", "since must be an RFC 3339 timestamp such as 2026-01-02T15:04:05Z.")
		}
		if err := kernel.CheckDateRange("since", t); err != nil {
			return nil, err
		}
		after = t
	}
	if err := p.Normalize(); err != nil {
		return nil, err
	}
	refs, total, err := pub.Store.FindOCDSEvents(ctx, after, time.Time{}, OCDSReleaseActions(), p)
	if err != nil {
		return nil, err
	}
	if p.Page > 1 && (p.Page-1)*p.PerPage >= total {
		return nil, kernel.FieldError("page", "page_out_of_range", "page %d is past the last page (%d releases, %d a page).", p.Page, total, p.PerPage)
	}
	releases, err := pub.releasesFor(ctx, refs)
	if err != nil {
		return nil, err
	}
	now, err := pub.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	ocdsPub, base := pub.Config.publisher()
	q := "?page=" + strconv.Itoa(p.Page)
	if since != "" {
		q += "&since=" + since
	}
	return &OCDSReleasePackage{URI: base + "/api/v1/ocds/releases" + q, Version: "1.1", PublishedDate: now, Publisher: ocdsPub,
		License: OCDSLicense, Releases: releases, Total: total, Page: p.Page, PerPage: p.PerPage}, nil
}

// releasesFor builds the release of each event, loading each project once.
func (pub *Publisher) releasesFor(ctx context.Context, refs []OCDSEventRef) ([]*OCDSRelease, error) {
	var ids []int64
	seen := map[int64]bool{}
	for _, ref := range refs {
		if !seen[ref.ProjectID] {
			seen[ref.ProjectID] = true
			ids = append(ids, ref.ProjectID)
		}
	}
	processes, err := pub.loadProcesses(ctx, ids)
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
				return nil, errProcessNotFound
			}
			rels = map[string]*OCDSRelease{}
			for _, r := range pr.Releases(pub.OCIDPrefix) {
				rels[r.ID] = r
			}
			byProject[ref.ProjectID] = rels
		}
		id := pub.OCIDPrefix + strconv.FormatInt(ref.ProjectID, 10) + "-" + strconv.FormatInt(ref.AuditID, 10)
		if r, ok := rels[id]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// OCDSRecord is the record package of one contracting process: all its
// releases and the compiled release.
func (pub *Publisher) OCDSRecord(ctx context.Context, ocid string) (*OCDSRecordPackage, error) {
	id, err := ParseOCID(pub.OCIDPrefix, ocid)
	if err != nil {
		return nil, err
	}
	pr, err := pub.loadProcess(ctx, id)
	if err != nil {
		if kernel.ErrorCode(err) == kernel.ENOTFOUND {
			return nil, kernel.Errorf(kernel.ENOTFOUND, "unknown_ocid", "No contracting process %q is published here.", ocid)
		}
		return nil, err
	}
	releases := pr.Releases(pub.OCIDPrefix)
	if len(releases) == 0 {
		return nil, kernel.Errorf(kernel.ENOTFOUND, "unknown_ocid", "No contracting process %q is published here.", ocid)
	}
	now, err := pub.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	ocdsPub, base := pub.Config.publisher()
	return &OCDSRecordPackage{URI: base + "/api/v1/ocds/records/" + ocid, Version: "1.1", PublishedDate: now, Publisher: ocdsPub,
		License: OCDSLicense, Records: []OCDSRecord{{OCID: ocid, Releases: releases, CompiledRelease: pr.Compiled(pub.OCIDPrefix, releases)}}}, nil
}

// ExportOCDS writes every release as one release package per calendar month
// (UTC) into the writer create("2026-01") returns; the caller chooses the
// encoding of the file (the export-ocds command gzips it). It returns how
// many releases it wrote.
func (pub *Publisher) ExportOCDS(ctx context.Context, create func(month string) (io.WriteCloser, error)) (int, error) {
	ocdsPub, base := pub.Config.publisher()
	now, err := pub.Store.Now(ctx)
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
		rels, err := pub.releasesFor(ctx, pending)
		if err != nil {
			return err
		}
		f, err := create(month)
		if err != nil {
			return err
		}
		pkg := &OCDSReleasePackage{URI: base + "/ocds/bulk/" + month + ".json.gz", Version: "1.1", PublishedDate: now,
			Publisher: ocdsPub, License: OCDSLicense, Releases: rels, Total: len(rels), Page: 1, PerPage: len(rels)}
		if err := json.NewEncoder(f).Encode(pkg); err != nil {
			f.Close()
			return err
		}
		written += len(rels)
		pending = nil
		return f.Close()
	}
	for page := 1; ; page++ {
		refs, _, err := pub.Store.FindOCDSEvents(ctx, time.Time{}, time.Time{}, OCDSReleaseActions(), kernel.Page{Page: page, PerPage: 1000})
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
