package domain_test

import (
	"testing"

	"marketplace/domain"
	"marketplace/domain/files"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

func TestCheckDocument(t *testing.T) {
	r := files.AttachmentRules
	cases := []struct {
		name  string
		media string
		size  int64
		count int
		want  string
	}{
		{"pdf at the size limit", files.MediaPDF, r.MaxSize, 1, ""},
		{"docx", files.MediaDOCX, 1, 1, ""},
		{"xlsx, the last one allowed", files.MediaXLSX, 1, r.MaxCount, ""},
		{"one byte too large", files.MediaPDF, r.MaxSize + 1, 1, "attachment_too_large"},
		{"one too many", files.MediaZIP, 1, r.MaxCount + 1, "attachment_count"},
		{"text file", "text/plain; charset=utf-8", 10, 1, "attachment_type"},
		{"empty", files.MediaPNG, 0, 1, "attachment_empty"},
	}
	for _, c := range cases {
		err := domain.CheckDocument(c.media, c.size, c.count)
		got := ""
		if de, ok := err.(*domain.Error); ok {
			got = de.Reason
		} else if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestDetectIdenticalBidDocuments(t *testing.T) {
	shared, own := "aa", "bb"
	p := &supervision.RiskProject{ID: 7, OwnerID: 1, Bids: []supervision.RiskBid{
		{AgencyID: 3, Status: market.BidSubmitted, Documents: []string{shared, own}},
		{AgencyID: 2, Status: market.BidSubmitted, Documents: []string{shared}},
		{AgencyID: 4, Status: market.BidSubmitted, Documents: []string{"cc"}},
		{AgencyID: 5, Status: market.BidWithdrawn, Documents: []string{"cc"}},
	}}
	flags := supervision.DetectIdenticalBidDocuments(p)
	if len(flags) != 1 {
		t.Fatalf("%d flags, want 1: %+v", len(flags), flags)
	}
	f := flags[0]
	if f.Indicator != supervision.IndicatorIdenticalDocuments || len(f.AgencyIDs) != 2 || f.AgencyIDs[0] != 2 || f.AgencyIDs[1] != 3 {
		t.Errorf("flag %+v", f)
	}
	if got := f.Evidence["document_sha256"].([]string); len(got) != 1 || got[0] != shared {
		t.Errorf("evidence %v", f.Evidence)
	}
	// The flag comes with the other per-project indicators.
	found := false
	for _, f := range supervision.AnalyseProject(p, supervision.DefaultRiskConfig) {
		found = found || f.Key == flags[0].Key
	}
	if !found {
		t.Error("AnalyseProject does not run the document comparison")
	}
}
