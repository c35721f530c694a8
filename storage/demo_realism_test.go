package storage_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"marketplace/domain"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// Demo data must read as real data: firm names without serial numbers,
// people's names as 法定代表人, a 简介 that describes the firm rather than
// repeating its name, and no evaluation credit without an evaluation.
func TestSeedDemo_ReadsAsRealData(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods())
	ctx := context.Background()
	if _, err := storage.SeedDemo(ctx, m, db); err != nil {
		t.Fatal(err)
	}
	rows, err := db.SQL().QueryContext(ctx, `SELECT a.name, a.legal_representative, coalesce(p.description, '')
		FROM accounts a LEFT JOIN agency_profiles p ON p.account_id = a.id WHERE a.role IN ('agency', 'enterprise')`)
	if err != nil {
		t.Fatal(err)
	}
	person := regexp.MustCompile(`^\p{Han}{2,3}$`)
	places := []string{"武汉", "襄阳", "宜昌", "黄石", "十堰", "荆州", "孝感", "黄冈", "咸宁", "随州", "恩施", "鄂州"}
	names := map[string]bool{}
	for rows.Next() {
		var name, rep, desc string
		if err := rows.Scan(&name, &rep, &desc); err != nil {
			t.Fatal(err)
		}
		if regexp.MustCompile(`\d`).MatchString(name) || names[name] {
			t.Errorf("firm name %q is numbered or repeated", name)
		}
		names[name] = true
		isPlace := false
		for _, p := range places {
			isPlace = isPlace || strings.Contains(rep, p)
		}
		if !person.MatchString(rep) || isPlace {
			t.Errorf("%s: 法定代表人 %q is not a name", name, rep)
		}
		if strings.Contains(desc, name) {
			t.Errorf("%s: 简介 repeats the firm's name: %q", name, desc)
		}
	}
	rows.Close()
	var orphans int
	if err := db.SQL().QueryRowContext(ctx, `SELECT count(DISTINCT ce.agency_id) FROM credit_events ce
		WHERE ce.kind = 'evaluation' AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.agency_id = ce.agency_id)`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if orphans != 0 {
		t.Errorf("%d agencies have an evaluation credit but no evaluation", orphans)
	}
}
