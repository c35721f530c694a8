package api_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/agency"
	"marketplace/domain/catalogue"
	"marketplace/domain/identity"
	"marketplace/storage/storagetest"
)

// TestAgency_TenThousand proves 严禁限额: 10,000 agencies offering the same
// item in the same region all register through the real insert path —
// the domain's registration and profile validation, storage.CreateAccount
// (account and profile rows, every schema constraint) and the storage write
// of agency_items — and the directory lists every one of them with the
// right total. It logs the registration rate. The password hash is computed
// once (argon2id is deliberately slow; it is not what is being measured).
func TestAgency_TenThousand(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("10,000 registrations: skipped with -short")
	}
	const n = 10_000
	const workers = 8
	const batch = 20
	app, _ := newAgencyApp(t)
	ctx := context.Background()
	hash, err := storagetest.FastHasher.Hash(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if it, err := app.Market.Catalogue().Get(ctx, itemPlain); err != nil || it.Status != catalogue.Retained {
		t.Fatalf("item %s: %v", itemPlain, err)
	}
	region := "湖北省武汉市"
	items := []string{itemPlain}
	patch := agency.Patch{Region: &region, ServiceItems: &items}

	var next atomic.Int64
	var failed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				first := next.Add(batch) - batch + 1
				if first > n {
					return
				}
				err := app.DB.InTx(ctx, func(s domain.Store) error {
					for i := first; i < first+batch && i <= n; i++ {
						in := identity.RegisterInput{
							Role: domain.RoleAgency, Name: fmt.Sprintf("第%05d号咨询有限公司", i), USCC: uscc(),
							LegalRepresentative: "张三", ContactPhone: "13912345678",
							Email: fmt.Sprintf("scale%05d@example.cn", i), Password: testPassword,
						}
						in.Normalize()
						if err := in.Validate(); err != nil {
							return err
						}
						a := &identity.Account{Role: in.Role, Name: in.Name, USCC: in.USCC, LegalRepresentative: in.LegalRepresentative,
							ContactPhone: in.ContactPhone, Email: in.Email, Status: domain.StatusActive, PasswordHash: hash}
						if err := s.CreateAccount(ctx, a); err != nil {
							return err
						}
						ag := &agency.Agency{ID: a.ID, ContactPhone: a.ContactPhone}
						if err := patch.Apply(ag); err != nil {
							return err
						}
						if err := s.UpdateAgencyProfile(ctx, ag); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					if failed.Add(1) <= 3 {
						t.Errorf("batch from %d: %v", first, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if failed.Load() > 0 {
		t.Fatalf("%d of %d registrations failed", failed.Load(), n)
	}
	t.Logf("registered %d agencies offering %s in %s: %.0f registrations/s (%d goroutines, %d per transaction; each = validated account + profile + item rows)",
		n, itemPlain, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), workers, batch)

	if got := app.count(t, "SELECT count(*) FROM agency_items WHERE item_code = '"+itemPlain+"'"); got != n {
		t.Fatalf("agency_items rows = %d, want %d", got, n)
	}
	listStart := time.Now()
	seen := make(map[int64]bool, n)
	for page := 1; ; page++ {
		p := app.directory(t, fmt.Sprintf("?item=%s&region=湖北省&sort=name&per_page=200&page=%d", itemPlain, page))
		if p.Total != n {
			t.Fatalf("page %d: total = %d, want %d", page, p.Total, n)
		}
		if len(p.Items) == 0 {
			break
		}
		for _, it := range p.Items {
			if seen[it.ID] {
				t.Fatalf("agency %d listed twice", it.ID)
			}
			seen[it.ID] = true
		}
	}
	if len(seen) != n {
		t.Errorf("pages listed %d agencies, want %d", len(seen), n)
	}
	t.Logf("listed all %d in 200-row pages in %s", n, time.Since(listStart).Round(time.Millisecond))
}
