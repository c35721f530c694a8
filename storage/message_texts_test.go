package storage_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"

	"marketplace/domain"
	"marketplace/domain/credit"
	"marketplace/migrations"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// TestMigration_BackfillsMessageTexts: rows written before texts were kept
// get the message id of their English, so that pages show them in the
// reader's language; what a person wrote keeps no id.
func TestMigration_BackfillsMessageTexts(t *testing.T) {
	t.Parallel()
	dsn, drop := storagetest.CreateDatabase(t)
	t.Cleanup(drop)
	ctx := context.Background()
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db.SQL(), migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.ApplyVersion(ctx, 300, false); err != nil {
		t.Fatal(err)
	}
	bulkAgencies(t, db, 1)
	legacy := map[string]domain.Text{
		"Blacklisted for 3 years: collusion (联合惩戒).":                         domain.T(credit.TextBlacklistedCollusion, "Years", 3),
		"Suspended for 6 months: credit grade fell to D.":                    domain.T(credit.TextSuspendedGradeD, "Months", 6),
		"Suspended for 12 months: three upheld violations within 12 months.": domain.T(credit.TextSuspendedViolations, "Months", 12),
		"Suspension period ended.":                                           domain.T(credit.TextSuspensionEnded),
		"Appeal upheld: 经核查非串标":                                              domain.T(credit.TextAppealUpheld, "Reason", "经核查非串标"),
	}
	kinds := map[string]string{"Blacklisted for 3 years: collusion (联合惩戒).": "blacklisted", "Suspension period ended.": "reinstated",
		"Appeal upheld: 经核查非串标": "void"}
	// a person's words (a late delivery), then the platform's sentences
	creditExec(t, db.SQL(), `INSERT INTO credit_events (agency_id, kind, points, source, reason, created_at, expires_at)
		SELECT min(id), 'late_delivery', -3, 'system', '服务逾期', now(), now() + interval '24 months' FROM accounts`)
	for reason := range legacy {
		kind := kinds[reason]
		if kind == "" {
			kind = "suspended"
		}
		creditExec(t, db.SQL(), `INSERT INTO credit_events (agency_id, kind, points, source, reason, created_at, voids_event_id)
			SELECT min(id), $1, 0, 'system', $2, now(), CASE WHEN $1 = 'void' THEN (SELECT min(id) FROM credit_events) END FROM accounts`, kind, reason)
	}
	flags := map[string]string{
		"3 prices on project 6 step by the same difference.":                                                `{"prices": ["1", "2", "3"], "step": "difference"}`,
		"Two agencies bidding on project 6 share their contact_phone, email.":                               `{"shared": ["contact_phone", "email"]}`,
		"Agency 4 won 5 of owner 2's 6 competitive projects it bid on; fair competition explains 1.3.":      `{}`,
		"Agency 1, the lowest bidder, dropped out 3 times and agency 2 won each time.":                      `{}`,
		"3 agencies bid together on 5 projects and took turns winning (3 winners, 4 of 5 awards).":          `{}`,
		"Two agencies' proposals on project 6 are 92% alike (MinHash of 3-character shingles).":             `{}`,
		"Agency 4 won 3 of department 2's projects as the only valid bidder at 95% of the ceiling or more.": `{}`,
		"2 agencies bid on project 6 from the same client (IP address and browser).":                        `{}`,
		"2 agencies submitted the identical proposal document on project 6.":                                `{}`,
	}
	indicators := map[string]string{"3 prices": "price_progression", "Two agencies bidding": "shared_identity", "Agency 4 won 5": "owner_concentration",
		"Agency 1,": "lowest_yields", "3 agencies bid": "bid_rotation", "Two agencies' ": "similar_proposals", "Agency 4 won 3": "single_bid_near_ceiling",
		"2 agencies bid": "shared_client", "2 agencies submitted": "identical_documents"}
	for summary, evidence := range flags {
		ind := ""
		for prefix, i := range indicators {
			if strings.HasPrefix(summary, prefix) {
				ind = i
			}
		}
		creditExec(t, db.SQL(), `INSERT INTO risk_flags (indicator, severity, agency_ids, region, key, summary, evidence, source, detected_at, updated_at)
			VALUES ($1, 50, '{1,2}', '', $2, $2, $3::jsonb, 'history', now(), now())`, ind, summary, evidence)
	}
	if _, err := p.ApplyVersion(ctx, 300, true); err != nil {
		t.Fatal(err)
	}
	rows, err := db.SQL().Query("SELECT reason, reason_text::text FROM credit_events")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var reason string
		var raw sql.NullString
		if err := rows.Scan(&reason, &raw); err != nil {
			t.Fatal(err)
		}
		n++
		want, ok := legacy[reason]
		if !ok {
			if raw.Valid {
				t.Errorf("%q got a text %s", reason, raw.String)
			}
			continue
		}
		var got domain.Text
		if err := got.Scan(raw.String); err != nil || got.ID != want.ID {
			t.Errorf("%q: text %s (%v), want id %s", reason, raw.String, err, want.ID)
			continue
		}
		if reason != "Blacklisted for 3 years: collusion (联合惩戒)." && got.English() != reason {
			t.Errorf("%q renders back as %q", reason, got.English())
		}
		if got.English() != want.English() {
			t.Errorf("%q: %q, want %q", reason, got.English(), want.English())
		}
	}
	if n != len(legacy)+1 {
		t.Errorf("%d events", n)
	}

	// Risk summaries come back word for word from their ids (the identity
	// fields now read as words).
	frows, err := db.SQL().Query("SELECT summary, coalesce(summary_text::text, '') FROM risk_flags")
	if err != nil {
		t.Fatal(err)
	}
	defer frows.Close()
	for frows.Next() {
		var summary, raw string
		if err := frows.Scan(&summary, &raw); err != nil {
			t.Fatal(err)
		}
		var got domain.Text
		if err := got.Scan(raw); err != nil {
			t.Errorf("%q: no text (%v)", summary, err)
			continue
		}
		want := strings.Replace(summary, "contact_phone, email", "contact phone, e-mail mailbox", 1)
		if got.English() != want {
			t.Errorf("%q renders back as %q", summary, got.English())
		}
	}
}
