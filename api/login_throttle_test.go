package api_test

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"marketplace/domain/identity"
)

// countingHasher counts the password checks the login makes.
type countingHasher struct {
	identity.PasswordHasher
	verified atomic.Int64
}

func (h *countingHasher) Verify(hash, password string) bool {
	h.verified.Add(1)
	return h.PasswordHasher.Verify(hash, password)
}

// loginFrom logs in as a client at addr behind the (trusted) test proxy.
func (a *testApp) loginFrom(addr, email, password string) *response {
	a.t.Helper()
	return a.sendVia("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": password},
		map[string]string{"X-Forwarded-For": addr})
}

// throttleApp is a test app behind a trusted proxy, with the platform clock
// fixed (the throttle reads it) and a fresh account whose e-mail it returns.
func throttleApp(t *testing.T) (*biddingApp, string) {
	app := newBiddingApp(t, trustProxies("127.0.0.1/32"))
	email := fmt.Sprintf("throttle%d@example.cn", seq.Add(1))
	r := app.do("POST", "/api/v1/auth/register", "", map[string]any{"accept_commitment_version": 1, "role": "agency", "name": "限流测试中介有限公司", "uscc": uscc(),
		"legal_representative": "赵六", "contact_phone": "13912345678", "email": email, "password": testPassword})
	if r.Status != http.StatusCreated {
		t.Fatalf("register: %d %s", r.Status, r.Body)
	}
	return app, email
}

// TestLogin_ThrottleIsAtomic: twenty wrong passwords at the same moment for
// one account are not all checked because each counted before any recorded.
func TestLogin_ThrottleIsAtomic(t *testing.T) {
	t.Parallel()
	app, email := throttleApp(t)
	h := &countingHasher{PasswordHasher: app.Market.Hasher}
	app.Market.Hasher = h

	const n = 20
	start := make(chan struct{})
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			statuses[i] = app.loginFrom("198.51.100.1", email, fmt.Sprintf("wrong-password-%02d", i)).Status
		}()
	}
	close(start)
	wg.Wait()

	got := map[int]int{}
	for _, s := range statuses {
		got[s]++
	}
	if got[401] > identity.LoginFailuresPerAccountAddress || got[401]+got[429] != n {
		t.Errorf("statuses %v: want at most %d checked (401) and the rest 429", got, identity.LoginFailuresPerAccountAddress)
	}
	if v := h.verified.Load(); v > identity.LoginFailuresPerAccountAddress {
		t.Errorf("%d passwords checked, want at most %d", v, identity.LoginFailuresPerAccountAddress)
	}
}

// TestLogin_NoLockOut: failures from other addresses never lock the owner
// out; the account as a whole is only slowed down.
func TestLogin_NoLockOut(t *testing.T) {
	t.Parallel()
	app, email := throttleApp(t)
	const owner = "203.0.113.10"

	t.Run("an attacker's failures stop only the attacker's address", func(t *testing.T) {
		for i := range identity.LoginFailuresPerAccountAddress + 3 {
			r := app.loginFrom("198.51.100.1", email, "wrong-password-x")
			want := 401
			if i >= identity.LoginFailuresPerAccountAddress {
				want = 429
			}
			if r.Status != want || r.Status == 429 && r.errorCode(t) != "too_many_login_attempts" {
				t.Fatalf("attempt %d: %d %s, want %d", i, r.Status, r.Body, want)
			}
		}
		if r := app.loginFrom(owner, email, testPassword); r.Status != 200 {
			t.Errorf("the owner from another address: %d %s", r.Status, r.Body)
		}
	})

	t.Run("many addresses slow the account down, never lock it", func(t *testing.T) {
		failures := func() int64 {
			return app.count(fmt.Sprintf("SELECT count(*) FROM login_attempts WHERE email = '%s' AND NOT ok", email))
		}
		for a := 2; a < 2+identity.LoginSlowdownAfter && failures() < identity.LoginSlowdownAfter; a++ {
			app.loginFrom(fmt.Sprintf("198.51.100.%d", a), email, "wrong-password-x")
		}
		if n := failures(); n != identity.LoginSlowdownAfter {
			t.Fatalf("%d failures recorded from distinct addresses, want %d", n, identity.LoginSlowdownAfter)
		}
		// A new address waits for its turn; it is not refused for the window.
		r := app.loginFrom("192.0.2.55", email, testPassword)
		if r.Status != 429 {
			t.Errorf("a new address during the slowdown: %d %s, want 429", r.Status, r.Body)
		}
		app.setNow(app.now.Add(identity.LoginSlowdownInterval))
		if r := app.loginFrom("192.0.2.55", email, testPassword); r.Status != 200 {
			t.Errorf("a new address after %s: %d %s", identity.LoginSlowdownInterval, r.Status, r.Body)
		}
		// The owner's usual address is not slowed at all.
		app.loginFrom("198.51.100.77", email, "wrong-password-x")
		if r := app.loginFrom(owner, email, testPassword); r.Status != 200 {
			t.Errorf("the owner's known address during the slowdown: %d %s", r.Status, r.Body)
		}
	})

	t.Run("the window ends every limit", func(t *testing.T) {
		app.setNow(app.now.Add(identity.LoginFailureWindow + time.Second))
		if r := app.loginFrom("198.51.100.1", email, testPassword); r.Status != 200 {
			t.Errorf("the first attacker address after the window, right password: %d %s", r.Status, r.Body)
		}
	})
}
