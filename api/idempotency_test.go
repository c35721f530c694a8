package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// doKey sends a JSON request with an Idempotency-Key.
func (a *testApp) doKey(method, path, token, key string, body any) *response {
	a.t.Helper()
	j, _ := json.Marshal(body)
	req, err := http.NewRequest(method, a.URL+path, bytes.NewReader(j))
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", key)
	return a.send(req)
}

// dropAfterCommit answers nothing: the first write of the response kills
// the connection, as a server stopped after its commit would.
type dropAfterCommit struct{ http.ResponseWriter }

func (d dropAfterCommit) WriteHeader(int)           { panic(http.ErrAbortHandler) }
func (d dropAfterCommit) Write([]byte) (int, error) { panic(http.ErrAbortHandler) }

// A bid whose answer was lost after its commit, retried with the same key,
// is stored once with one audit row, and the retry gets the first answer.
func TestIdempotency_BidRetriedAfterLostAnswer(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, ag := app.agency("甲环境咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, nil)
	bid := map[string]any{"price": "66666.00", "proposal": "技术方案"}
	bidRows := fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action LIKE 'bid.%%' AND subject_id = '%d'", p.ID)

	var drop atomic.Bool
	h := app.Server.Handler()
	killer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if drop.Load() {
			w = dropAfterCommit{w}
		}
		h.ServeHTTP(w, r)
	}))
	defer killer.Close()
	j, _ := json.Marshal(bid)
	req, _ := http.NewRequest("PUT", killer.URL+bidPath(p.ID), bytes.NewReader(j))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+ag)
	req.Header.Set("Idempotency-Key", "bid-1")
	drop.Store(true)
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("the answer was not lost: %d", res.StatusCode)
	}
	drop.Store(false)
	if n := app.count(bidRows); n != 1 {
		t.Fatalf("%d bid audit rows after the lost answer; the bid did not commit", n)
	}

	r := app.doKey("PUT", bidPath(p.ID), ag, "bid-1", bid)
	if r.Status != 200 || r.Header.Get("Idempotent-Replayed") != "true" || !bytes.Contains(r.Body, []byte(`"66666.00"`)) {
		t.Errorf("retry: %d %s %s", r.Status, r.Header, r.Body)
	}
	if n := app.count(bidRows); n != 1 {
		t.Errorf("%d bid audit rows after the retry, want 1", n)
	}
	if r := app.do("GET", bidPath(p.ID), ag, nil); !bytes.Contains(r.Body, []byte(`"66666.00"`)) {
		t.Errorf("stored bid: %s", r.Body)
	}

	t.Run("same key, another request", func(t *testing.T) {
		r := app.doKey("PUT", bidPath(p.ID), ag, "bid-1", map[string]any{"price": "55555.00"})
		if r.Status != 422 || r.errorCode(t) != "idempotency_key_reused" {
			t.Errorf("%d %s", r.Status, r.Body)
		}
		if n := app.count(bidRows); n != 1 {
			t.Errorf("%d bid audit rows", n)
		}
	})
	t.Run("malformed keys", func(t *testing.T) {
		for _, k := range []string{strings.Repeat("k", 129), "两个字", "a b"} {
			if r := app.doKey("PUT", bidPath(p.ID), ag, k, bid); r.Status != 400 || r.errorCode(t) != "idempotency_key_invalid" {
				t.Errorf("%q: %d %s", k, r.Status, r.Body)
			}
		}
	})
	t.Run("a new key acts", func(t *testing.T) {
		if r := app.doKey("PUT", bidPath(p.ID), ag, "bid-2", map[string]any{"price": "55555.00"}); r.Status != 200 || r.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("%d %s", r.Status, r.Body)
		}
		if n := app.count(bidRows); n != 2 {
			t.Errorf("%d bid audit rows, want 2", n)
		}
	})
	t.Run("keys are the account's", func(t *testing.T) {
		_, other := app.agency("乙环境咨询有限公司", "NAT-01")
		if r := app.doKey("PUT", bidPath(p.ID), other, "bid-1", bid); r.Status != 200 || r.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
}

// Requests sent at once with the same key act once; every one gets the
// same answer.
func TestIdempotency_ConcurrentSameKey(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, ag := app.agency("甲环境咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, nil)
	const n = 6
	var wg sync.WaitGroup
	res := make([]*response, n)
	for i := range res {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			res[i] = app.doKey("PUT", bidPath(p.ID), ag, "same", map[string]any{"price": "66666.00"})
		}(i)
	}
	wg.Wait()
	acted := 0
	for _, r := range res {
		if r.Status != 200 || !bytes.Equal(r.Body, res[0].Body) {
			t.Errorf("%d %s, first %s", r.Status, r.Body, res[0].Body)
		}
		if r.Header.Get("Idempotent-Replayed") == "" {
			acted++
		}
	}
	if acted != 1 {
		t.Errorf("%d requests acted, want 1", acted)
	}
	if got := app.count(fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action LIKE 'bid.%%' AND subject_id = '%d'", p.ID)); got != 1 {
		t.Errorf("%d bid audit rows, want 1", got)
	}
}

var idemPattern = regexp.MustCompile(`name="_idem" value="([^"]+)"`)

// A web form carries one key per rendering: submitting it twice (a double
// click, a browser resubmitting) bids once.
func TestIdempotency_FormSubmittedTwice(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, ag := app.agency("甲环境咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, nil)
	b := newBrowser(t, app.testApp)
	b.loginAs(ag)
	b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	notice := fmt.Sprintf("/projects/%d", p.ID)
	_, page := b.get(notice)
	csrf, key := csrfPattern.FindStringSubmatch(page), idemPattern.FindStringSubmatch(page)
	if csrf == nil || key == nil {
		t.Fatalf("bid form without CSRF token or key")
	}
	if _, again := b.get(notice); idemPattern.FindStringSubmatch(again)[1] == key[1] {
		t.Errorf("the form's key does not change with each rendering")
	}
	form := url.Values{"_csrf": {csrf[1]}, "_idem": {key[1]}, "price": {"66666.00"}, "proposal": {"技术方案"}}
	var codes []int
	for i := 0; i < 2; i++ {
		res, err := b.c.PostForm(app.URL+notice+"/bid", form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		codes = append(codes, res.StatusCode)
	}
	if codes[0] >= 400 || codes[0] != codes[1] {
		t.Errorf("answers %v", codes)
	}
	if got := app.count(fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action LIKE 'bid.%%' AND subject_id = '%d'", p.ID)); got != 1 {
		t.Errorf("%d bid audit rows, want 1", got)
	}
}
