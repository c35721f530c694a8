package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"marketplace/domain/market"
	"marketplace/domain/opendata"
)

// ocdsSchemaDir holds the official OCDS 1.1.5 schemas (../shared/ocds
// beside the repository; OCDS_SCHEMA_DIR overrides).
func ocdsSchemaDir(t testing.TB) string {
	if d := os.Getenv("OCDS_SCHEMA_DIR"); d != "" {
		return d
	}
	for _, d := range []string{"../../shared/ocds", "../shared/ocds", "/work/shared/ocds"} {
		if _, err := os.Stat(filepath.Join(d, "release-schema.json")); err == nil {
			return d
		}
	}
	t.Fatal("OCDS schemas not found; set OCDS_SCHEMA_DIR")
	return ""
}

// ocdsSchemas compiles the release- and record-package schemas offline:
// the schemas' https ids are mapped to the local files.
func ocdsSchemas(t testing.TB) (release, record *jsonschema.Schema) {
	t.Helper()
	dir := ocdsSchemaDir(t)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const base = "https://standard.open-contracting.org/schema/1__1__5/"
	for _, name := range []string{"release-schema.json", "release-package-schema.json", "record-package-schema.json",
		"versioned-release-validation-schema.json"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := c.AddResource(base+name, doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	var err error
	if release, err = c.Compile(base + "release-package-schema.json"); err != nil {
		t.Fatal(err)
	}
	if record, err = c.Compile(base + "record-package-schema.json"); err != nil {
		t.Fatal(err)
	}
	return release, record
}

func validateOCDS(t *testing.T, s *jsonschema.Schema, body []byte, what string) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("%s does not validate against the OCDS schema: %v\n%.2000s", what, err, body)
	}
}

// lifecycleSQL moves an evaluating project through the later lifecycle
// states by writing the rows the lifecycle code writes (candidates,
// contract, delivery, payment, audit rows), up to status.
func lifecycleSQL(t *testing.T, app *biddingApp, ProjectID, agencyID, ownerID int64, priceFen int64, status string) {
	t.Helper()
	at := app.now
	audit := func(action string, d time.Duration) {
		storagetestExec(t, app.testApp, fmt.Sprintf(`INSERT INTO audit_log (at, actor_id, actor_role, action, subject_type, subject_id, summary)
			VALUES ('%s', 0, 'system', '%s', 'project', '%d', '{}')`, at.Add(d).Format(time.RFC3339Nano), action, ProjectID))
	}
	exec := func(sql string, args ...any) { storagetestExec(t, app.testApp, fmt.Sprintf(sql, args...)) }
	exec(`INSERT INTO project_candidates (project_id, rank, agency_id, price_fen, status) VALUES (%d, 1, %d, %d, 'selected')`, ProjectID, agencyID, priceFen)
	exec(`UPDATE projects SET status = 'publicity', awarded_agency_id = %d WHERE id = %d`, agencyID, ProjectID)
	audit("project.result_published", time.Minute)
	if status == "publicity" {
		return
	}
	exec(`UPDATE projects SET status = 'awarded' WHERE id = %d`, ProjectID)
	audit("project.awarded", 72*time.Hour)
	if status == "awarded" {
		return
	}
	signed := at.Add(73 * time.Hour).Format(time.RFC3339)
	exec(`INSERT INTO contracts (project_id, owner_id, agency_id, price_fen, service_days, start_date, owner_signed_at, agency_signed_at, hash)
		VALUES (%d, %d, %d, %d, 30, '%s', '%s', '%s', repeat('ab', 32))`, ProjectID, ownerID, agencyID, priceFen, at.Add(74*time.Hour).Format("2006-01-02"), signed, signed)
	exec(`UPDATE projects SET status = 'contracted', service_due_at = '%s' WHERE id = %d`, at.Add(800*time.Hour).Format(time.RFC3339), ProjectID)
	audit("contract.signed", 73*time.Hour)
	if status == "contracted" {
		return
	}
	exec(`INSERT INTO deliveries (project_id, agency_id, note, status, delivered_at, decided_at) VALUES (%d, %d, '成果', 'accepted', '%s', '%s')`,
		ProjectID, agencyID, at.Add(200*time.Hour).Format(time.RFC3339), at.Add(210*time.Hour).Format(time.RFC3339))
	audit("project.delivered", 200*time.Hour)
	audit("project.delivery_accepted", 210*time.Hour)
	exec(`INSERT INTO payments (project_id, department_id, amount_fen, paid_on, budget_code, created_at) SELECT %d, owner_id, %d, '%s', 'B-1', now() FROM projects WHERE id = %d AND funding = 'budget'`,
		ProjectID, priceFen, at.Add(220*time.Hour).Format("2006-01-02"), ProjectID)
	audit("project.payment_recorded", 220*time.Hour)
	exec(`UPDATE projects SET status = 'completed', accepted_at = '%s' WHERE id = %d`, at.Add(210*time.Hour).Format(time.RFC3339), ProjectID)
	audit("project.evaluated", 230*time.Hour)
}

func TestMarketplace_OCDS(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	releaseSchema, recordSchema := ocdsSchemas(t)
	entID, ent := app.register("enterprise", "武汉某制造有限公司")
	deptID, dept := app.staff("department", "某市生态环境局")
	aID, a := app.agency("甲环境咨询有限公司", "NAT-01")
	_, b := app.agency("乙环境咨询有限公司", "NAT-01")
	bid := func(tok string, p projectJSON, price string) {
		t.Helper()
		if r := app.do("PUT", bidPath(p.ID), tok, map[string]any{"price": price, "proposal": "保密方案"}); r.Status != 200 {
			t.Fatalf("bid: %d %s", r.Status, r.Body)
		}
	}

	// draft: never published, never in open data
	r := app.do("POST", "/api/v1/projects", ent, app.projectBody(nil))
	var draft projectJSON
	r.decode(t, &draft)

	bidding := app.publishedProject(ent, nil)
	bid(a, bidding, "88888.00")
	auction := app.publishedProject(ent, map[string]any{"method": "reverse_auction", "min_step": "1000.00"})
	cancelled := app.publishedProject(ent, nil)
	if r := app.do("POST", fmt.Sprintf("/api/v1/projects/%d/cancel", cancelled.ID), ent, map[string]string{"reason": "需求变更"}); r.Status != 200 {
		t.Fatalf("cancel: %d %s", r.Status, r.Body)
	}
	failed := app.publishedProject(ent, map[string]any{"min_bids": 2, "bidding_closes_at": app.now.Add(90 * time.Minute).Format(time.RFC3339)})
	bid(a, failed, "90000.00")
	closeAt := app.now.Add(90 * time.Minute)
	later := map[string]any{"bidding_closes_at": closeAt.Format(time.RFC3339)}
	evaluating := app.publishedProject(ent, later)
	states := map[string]projectJSON{}
	for _, st := range []string{"publicity", "awarded", "contracted", "completed"} {
		over := map[string]any{"bidding_closes_at": closeAt.Format(time.RFC3339)}
		tok := ent
		if st == "completed" {
			over["funding"], over["budget_code"], over["min_bids"] = "budget", "2026-ZJ-001", 2
			tok = dept
		}
		states[st] = app.publishedProject(tok, over)
	}
	for _, p := range append([]projectJSON{evaluating}, states["publicity"], states["awarded"], states["contracted"], states["completed"]) {
		bid(a, p, "80000.00")
		bid(b, p, "85000.00")
	}

	t.Run("nothing sealed while bidding", func(t *testing.T) {
		r := app.do("GET", "/api/v1/ocds/releases?per_page=200", "", nil)
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		validateOCDS(t, releaseSchema, r.Body, "release feed while bidding")
		for _, leak := range []string{"88888", "80000", "85000", "保密方案", "numberOfTenderers", "tenderers", "@", "contactPoint"} {
			if bytes.Contains(r.Body, []byte(leak)) {
				t.Errorf("feed reveals %q before close", leak)
			}
		}
	})

	app.setNow(closeAt.Add(time.Second))
	if _, err := app.Jobs.RunOnce(context.Background(), "close_bidding"); err != nil {
		t.Fatal(err)
	}
	for st, p := range states {
		owner := entID
		if st == "completed" {
			owner = deptID
		}
		lifecycleSQL(t, app, p.ID, aID, owner, 8000000, st)
	}

	var feed opendata.OCDSReleasePackage
	var raw []json.RawMessage
	t.Run("release feed validates, page by page, in date order", func(t *testing.T) {
		for page := 1; ; page++ {
			r := app.do("GET", fmt.Sprintf("/api/v1/ocds/releases?per_page=5&page=%d", page), "", nil)
			if r.Status != 200 {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
			validateOCDS(t, releaseSchema, r.Body, fmt.Sprintf("release package page %d", page))
			var pkg opendata.OCDSReleasePackage
			var rawPkg struct{ Releases []json.RawMessage }
			r.decode(t, &pkg)
			json.Unmarshal(r.Body, &rawPkg)
			feed.Releases = append(feed.Releases, pkg.Releases...)
			raw = append(raw, rawPkg.Releases...)
			feed.Total = pkg.Total
			if page*5 >= pkg.Total {
				break
			}
		}
		if len(feed.Releases) != feed.Total || feed.Total < 15 {
			t.Fatalf("got %d releases of %d", len(feed.Releases), feed.Total)
		}
		for _, rel := range feed.Releases {
			checkOCDSReferences(t, rel)
		}
		for i := 1; i < len(feed.Releases); i++ {
			if feed.Releases[i].Date.Before(feed.Releases[i-1].Date) {
				t.Errorf("release %d dated before its predecessor", i)
			}
		}
	})

	byOCID := map[string][]*opendata.OCDSRelease{}
	for _, rel := range feed.Releases {
		byOCID[rel.OCID] = append(byOCID[rel.OCID], rel)
	}
	if _, ok := byOCID[market.OCIDFor(draft.ID)]; ok {
		t.Error("a draft is in the feed")
	}

	compiled := map[string]*opendata.OCDSRelease{}
	t.Run("every record validates", func(t *testing.T) {
		all := []projectJSON{bidding, auction, cancelled, failed, evaluating, states["publicity"], states["awarded"], states["contracted"], states["completed"]}
		for _, p := range all {
			ocid := market.OCIDFor(p.ID)
			r := app.do("GET", "/api/v1/ocds/records/"+ocid, "", nil)
			if r.Status != 200 {
				t.Fatalf("%s: %d %s", ocid, r.Status, r.Body)
			}
			validateOCDS(t, recordSchema, r.Body, "record "+ocid)
			var pkg opendata.OCDSRecordPackage
			r.decode(t, &pkg)
			if len(pkg.Records) != 1 || len(pkg.Records[0].Releases) != len(byOCID[ocid]) {
				t.Errorf("%s: record has %d releases, feed %d", ocid, len(pkg.Records[0].Releases), len(byOCID[ocid]))
			}
			compiled[ocid] = pkg.Records[0].CompiledRelease
			checkOCDSReferences(t, pkg.Records[0].CompiledRelease)
		}
	})

	t.Run("mapping", func(t *testing.T) {
		c := func(p projectJSON) *opendata.OCDSRelease { return compiled[market.OCIDFor(p.ID)] }
		want := map[int64]string{bidding.ID: "active", auction.ID: "active", cancelled.ID: "cancelled", failed.ID: "unsuccessful",
			evaluating.ID: "complete", states["completed"].ID: "complete"}
		for id, st := range want {
			if got := compiled[market.OCIDFor(id)].Tender.Status; got != st {
				t.Errorf("project %d: tender.status %s, want %s", id, got, st)
			}
		}
		bt := c(bidding).Tender
		if bt.ProcurementMethod != "open" || bt.ProcurementMethodDetails != "竞价选取" || bt.Value.Amount != "100000.00" ||
			bt.Value.Currency != "CNY" || bt.NumberOfTenderers != nil {
			t.Errorf("bidding tender: %+v", bt)
		}
		if s := c(auction).Tender.SubmissionMethod; len(s) != 1 || s[0] != "electronicAuction" {
			t.Errorf("auction submissionMethod %v", s)
		}
		if et := c(evaluating).Tender; et.NumberOfTenderers == nil || *et.NumberOfTenderers != 2 || len(et.Tenderers) != 2 {
			t.Errorf("evaluating tenderers: %+v", et)
		}
		if aw := c(states["publicity"]).Awards; len(aw) != 1 || aw[0].Status != "pending" || aw[0].Value.Amount != "80000.00" {
			t.Errorf("publicity awards: %+v", aw)
		}
		if aw := c(states["awarded"]).Awards; len(aw) != 1 || aw[0].Status != "active" || len(c(states["awarded"]).Contracts) != 0 {
			t.Errorf("awarded: %+v", aw)
		}
		if ct := c(states["contracted"]).Contracts; len(ct) != 1 || ct[0].Status != "active" || ct[0].DateSigned == nil {
			t.Errorf("contracted: %+v", ct)
		}
		done := c(states["completed"])
		if ct := done.Contracts; len(ct) != 1 || ct[0].Status != "terminated" || ct[0].Implementation == nil ||
			len(ct[0].Implementation.Transactions) != 1 || ct[0].Implementation.Milestones[0].Status != "met" {
			t.Errorf("completed: %+v", done.Contracts)
		}
		roles := map[string]string{}
		for _, p := range done.Parties {
			roles[p.Name] = strings.Join(p.Roles, ",")
			if p.Identifier != nil && p.Identifier.Scheme != "CN-USCC" {
				t.Errorf("identifier scheme %s", p.Identifier.Scheme)
			}
		}
		if roles["某市生态环境局"] != "buyer,procuringEntity,payer" || roles["甲环境咨询有限公司"] != "tenderer,supplier,payee" || roles["乙环境咨询有限公司"] != "tenderer" {
			t.Errorf("parties roles %v", roles)
		}
		// Dates are China-time dates: published as local midnight with its
		// offset, never as the same digits in UTC (8 hours off).
		r := app.do("GET", "/api/v1/ocds/records/"+market.OCIDFor(states["completed"].ID), "", nil)
		var rec struct {
			Records []struct{ CompiledRelease json.RawMessage }
		}
		r.decode(t, &rec)
		// (lifecycleSQL writes the dates of at+74h and at+220h.)
		start := app.now.Add(74 * time.Hour).Format("2006-01-02")
		if got, want := ocdsDate(t, rec.Records[0].CompiledRelease, "contracts", 0, "period", "startDate"), start+"T00:00:00+08:00"; got != want {
			t.Errorf("contract startDate %s, want %s", got, want)
		}
		paid := app.now.Add(220 * time.Hour).Format("2006-01-02")
		if got, want := ocdsDate(t, rec.Records[0].CompiledRelease, "contracts", 0, "implementation", "transactions", 0, "date"), paid+"T00:00:00+08:00"; got != want {
			t.Errorf("payment date %s, want %s", got, want)
		}
		tags := map[string]bool{}
		for _, rel := range byOCID[market.OCIDFor(states["completed"].ID)] {
			tags[rel.Tag[0]] = true
		}
		for _, tag := range []string{"tender", "tenderUpdate", "award", "awardUpdate", "contract", "implementation", "contractTermination"} {
			if !tags[tag] {
				t.Errorf("completed project lacks a %s release (has %v)", tag, tags)
			}
		}
	})

	t.Run("bad input", func(t *testing.T) {
		for _, c := range []struct{ path, code string }{
			{"/api/v1/ocds/releases?since=yesterday", "since_invalid"},
			{"/api/v1/ocds/releases?page=999", "page_out_of_range"},
			{"/api/v1/ocds/releases?per_page=500", "per_page_range"},
			{"/api/v1/ocds/records/ocds-zjcs01-999999", "unknown_ocid"},
			{"/api/v1/ocds/records/nonsense", "unknown_ocid"},
			{"/api/v1/ocds/records/" + market.OCIDFor(draft.ID), "unknown_ocid"},
		} {
			r := app.do("GET", c.path, "", nil)
			if r.Status/100 != 4 || r.errorCode(t) != c.code {
				t.Errorf("%s: %d %s", c.path, r.Status, r.Body)
			}
		}
		since := feed.Releases[len(feed.Releases)-2].Date.Format(time.RFC3339Nano)
		r := app.do("GET", "/api/v1/ocds/releases?since="+since, "", nil)
		var pkg opendata.OCDSReleasePackage
		r.decode(t, &pkg)
		if r.Status != 200 || pkg.Total < 1 || pkg.Total >= feed.Total {
			t.Errorf("since: %d total %d", r.Status, pkg.Total)
		}
	})
	_ = raw

	t.Run("bulk export: one release package per month", func(t *testing.T) {
		dir := t.TempDir()
		files := map[string]bool{}
		n, err := app.Market.Publisher().ExportOCDS(context.Background(), func(month string) (io.WriteCloser, error) {
			files[month] = true
			return os.Create(filepath.Join(dir, month+".json"))
		})
		if err != nil || n != feed.Total {
			t.Fatalf("exported %d of %d: %v", n, feed.Total, err)
		}
		total := 0
		for month := range files {
			body, err := os.ReadFile(filepath.Join(dir, month+".json"))
			if err != nil {
				t.Fatal(err)
			}
			validateOCDS(t, releaseSchema, body, "export "+month)
			var pkg opendata.OCDSReleasePackage
			json.Unmarshal(body, &pkg)
			for _, rel := range pkg.Releases {
				if rel.Date.UTC().Format("2006-01") != month {
					t.Errorf("%s holds a release of %s", month, rel.Date)
				}
			}
			total += len(pkg.Releases)
		}
		if total != feed.Total {
			t.Errorf("files hold %d releases, feed %d", total, feed.Total)
		}
	})
}

// A configured OCDS prefix is the project's ocid everywhere: in the project
// API and in the open-data record.
func TestMarketplace_OCIDPrefixConsistent(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	app.Market.OpenData.OCIDPrefix = "ocds-test01-"
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	app.agency("编号测试中介有限公司", "NAT-01") // a project no agency could bid on is not published
	p := app.publishedProject(ent, nil)
	var got struct{ OCID string }
	app.do("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), "", nil).decode(t, &got)
	want := fmt.Sprintf("ocds-test01-%d", p.ID)
	if got.OCID != want {
		t.Errorf("project ocid = %q, want %q", got.OCID, want)
	}
	if r := app.do("GET", "/api/v1/ocds/records/"+want, "", nil); r.Status != 200 {
		t.Errorf("record %s: %d %s", want, r.Status, r.Body)
	}
}
