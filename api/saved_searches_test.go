package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/search"
)

type savedSearchJSON struct {
	ID        int64
	Name      string
	Q         string
	Items     []string
	Frequency string
	FeedToken string `json:"feed_token"`
	FeedPath  string `json:"feed_path"`
}

// saveSearch saves body as token's search and fails the test otherwise.
func (a *biddingApp) saveSearch(token string, body map[string]any) savedSearchJSON {
	a.t.Helper()
	r := a.do("POST", "/api/v1/saved-searches", token, body)
	if r.Status != http.StatusCreated {
		a.t.Fatalf("save search %v: %d %s", body, r.Status, r.Body)
	}
	var s savedSearchJSON
	r.decode(a.t, &s)
	return s
}

func (a *biddingApp) runJob(name string) int {
	a.t.Helper()
	r, err := a.Jobs.RunOnce(context.Background(), name)
	if err != nil {
		a.t.Fatalf("job %s: %v", name, err)
	}
	return r.Rows
}

// matchedProjects lists, per saved search id, the projects it matched.
func (a *biddingApp) matchedProjects() map[int64][]int64 {
	a.t.Helper()
	rows, err := a.DB.SQL().QueryContext(context.Background(),
		"SELECT saved_search_id, project_id FROM saved_search_matches ORDER BY saved_search_id, project_id")
	if err != nil {
		a.t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64][]int64{}
	for rows.Next() {
		var s, p int64
		if err := rows.Scan(&s, &p); err != nil {
			a.t.Fatal(err)
		}
		out[s] = append(out[s], p)
	}
	return out
}

func TestSavedSearch_CRUDLimitAndOwnership(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, a := app.agency("甲环境咨询有限公司", "NAT-01")
	_, b := app.register("enterprise", "武汉某制造有限公司")

	s := app.saveSearch(a, map[string]any{"q": "环评", "items": []string{"NAT-01"}, "region": "湖北省", "funding": "self",
		"ceiling_min": "10000.00", "ceiling_max": "200000.00", "frequency": "daily"})
	if s.Name != "环评" || s.Frequency != "daily" || len(s.FeedToken) < 32 || s.FeedPath != "/feeds/saved-searches/"+s.FeedToken {
		t.Errorf("saved: %+v", s)
	}
	for name, c := range map[string]struct {
		body   map[string]any
		status int
		code   string
	}{
		"no condition":      {map[string]any{"name": "空"}, 400, "saved_search_empty"},
		"bad frequency":     {map[string]any{"q": "土壤", "frequency": "hourly"}, 400, "saved_search_frequency"},
		"bad funding":       {map[string]any{"q": "土壤", "funding": "gift"}, 400, "search_funding"},
		"unknown item":      {map[string]any{"items": []string{"NOPE-99"}}, 400, "saved_search_item"},
		"ceiling reversed":  {map[string]any{"ceiling_min": "9.00", "ceiling_max": "1.00"}, 400, "saved_search_ceiling_order"},
		"only punctuation":  {map[string]any{"q": "！！"}, 400, "saved_search_text"},
		"name too long":     {map[string]any{"q": "土壤", "name": strings.Repeat("名", search.MaxSavedNameLen+1)}, 400, "saved_search_name"},
		"too many items":    {map[string]any{"items": []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K"}}, 400, "saved_search_items"},
		"bad money":         {map[string]any{"ceiling_min": "-1"}, 400, "money_format"},
		"unknown field":     {map[string]any{"q": "土壤", "price": "1.00"}, 400, "unknown_field"},
		"anonymous refused": {map[string]any{"q": "土壤"}, 401, "login_required"},
	} {
		tok := a
		if name == "anonymous refused" {
			tok = ""
		}
		r := app.do("POST", "/api/v1/saved-searches", tok, c.body)
		if r.Status != c.status || r.errorCode(t) != c.code {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
	for i := 1; i < search.MaxSavedPerAccount; i++ {
		app.saveSearch(a, map[string]any{"q": fmt.Sprintf("道路%d", i)})
	}
	r := app.do("POST", "/api/v1/saved-searches", a, map[string]any{"q": "一个太多"})
	if r.Status != http.StatusConflict || !strings.Contains(string(r.Body), "saved_search_limit") {
		t.Errorf("21st search: %d %s", r.Status, r.Body)
	}
	var list struct {
		Items []savedSearchJSON
		Limit int
	}
	app.do("GET", "/api/v1/saved-searches", a, nil).decode(t, &list)
	if len(list.Items) != search.MaxSavedPerAccount || list.Limit != search.MaxSavedPerAccount || list.Items[0].ID != s.ID {
		t.Errorf("list: %d items, limit %d", len(list.Items), list.Limit)
	}
	app.do("GET", "/api/v1/saved-searches", b, nil).decode(t, &list)
	if len(list.Items) != 0 {
		t.Errorf("another account sees %d searches", len(list.Items))
	}
	if r := app.do("DELETE", fmt.Sprintf("/api/v1/saved-searches/%d", s.ID), b, nil); r.Status != 404 {
		t.Errorf("another account deletes: %d", r.Status)
	}
	if r := app.do("DELETE", "/api/v1/saved-searches/abc", a, nil); r.Status != 404 {
		t.Errorf("bad id: %d", r.Status)
	}
	if r := app.do("DELETE", fmt.Sprintf("/api/v1/saved-searches/%d", s.ID), a, nil); r.Status != 204 {
		t.Errorf("delete: %d %s", r.Status, r.Body)
	}
	if r := app.do("DELETE", fmt.Sprintf("/api/v1/saved-searches/%d", s.ID), a, nil); r.Status != 404 {
		t.Errorf("deleted twice: %d", r.Status)
	}
	if r := app.do("GET", s.FeedPath, "", nil); r.Status != 404 {
		t.Errorf("feed of a deleted search: %d", r.Status)
	}
	app.saveSearch(a, map[string]any{"q": "又一个"}) // room again after the delete
	if n := app.count(fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action = 'saved_search.deleted' AND subject_id = '%d'", s.ID)); n != 1 {
		t.Errorf("%d audit rows for the delete", n)
	}
}

// TestSavedSearch_Matching: each filter alone, on three notices, read as
// /api/v1/search reads them (the abbreviation 环评 included).
func TestSavedSearch_Matching(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, a := app.agency("甲环境咨询有限公司", "NAT-01", "NAT-02")
	_, b := app.agency("乙环境咨询有限公司", "NAT-01", "NAT-02")
	desc := "按规定完成相关工作。"
	searches := map[string]savedSearchJSON{
		"abbreviation": app.saveSearch(a, map[string]any{"q": "环评"}),
		"item":         app.saveSearch(a, map[string]any{"items": []string{"NAT-01"}}),
		"region":       app.saveSearch(a, map[string]any{"region": "湖北省"}),
		"budget":       app.saveSearch(a, map[string]any{"funding": "budget"}),
		"self soil":    app.saveSearch(a, map[string]any{"funding": "self", "q": "土壤"}),
		"ceiling":      app.saveSearch(a, map[string]any{"ceiling_min": "50000.00", "ceiling_max": "150000.00"}),
		"combined":     app.saveSearch(b, map[string]any{"q": "环评", "region": "湖北省武汉"}),
	}
	p1 := app.publishedProject(ent, map[string]any{"item_code": "NAT-02", "title": "某建设项目环境影响评价咨询", "description": desc})
	p2 := app.publishedProject(ent, map[string]any{"item_code": "NAT-02", "title": "厂区土壤污染状况调查", "description": desc,
		"region": "湖南省长沙市", "ceiling_price": "200000.00"})
	p3 := app.publishedProject(ent, map[string]any{"region": "湖北省宜昌市", "ceiling_price": "60000.00", "description": desc})
	want := map[string][]int64{
		"abbreviation": {p1.ID, p3.ID}, // 环境影响评价 in p1's title; p3's item is 环境影响报告书（表）编制
		"item":         {p3.ID},
		"region":       {p1.ID, p3.ID},
		"budget":       nil,
		"self soil":    {p1.ID, p2.ID}, // p1's item is 土壤污染状况调查
		"ceiling":      {p1.ID, p3.ID},
		"combined":     {p1.ID},
	}
	if n := app.runJob("match_saved_searches"); n != 3 {
		t.Errorf("matched %d notices, want 3", n)
	}
	got := app.matchedProjects()
	for name, s := range searches {
		if fmt.Sprint(got[s.ID]) != fmt.Sprint(want[name]) {
			t.Errorf("%s: matched %v, want %v", name, got[s.ID], want[name])
		}
	}
	var inbox notificationList
	app.do("GET", "/api/v1/notifications", b, nil).decode(t, &inbox)
	alerts := 0
	for _, n := range inbox.Items {
		if n.Kind == search.AlertKind {
			alerts++
			if *n.ProjectID != p1.ID || n.Body != "某建设项目环境影响评价咨询" || !strings.Contains(n.Title, "环评") {
				t.Errorf("alert: %+v", n)
			}
		}
	}
	if alerts != 1 {
		t.Errorf("b has %d alerts, want 1", alerts)
	}
	// Once matched, a notice is done: a search saved afterwards is matched
	// against the notices published after it.
	late := app.saveSearch(b, map[string]any{"q": "土壤"})
	if n := app.runJob("match_saved_searches"); n != 0 {
		t.Errorf("re-run matched %d notices", n)
	}
	if got := app.matchedProjects()[late.ID]; len(got) != 0 {
		t.Errorf("a late search matched old notices: %v", got)
	}
	p4 := app.publishedProject(ent, map[string]any{"item_code": "NAT-02", "title": "场地土壤详查", "description": desc})
	app.runJob("match_saved_searches")
	if got := app.matchedProjects()[late.ID]; fmt.Sprint(got) != fmt.Sprint([]int64{p4.ID}) {
		t.Errorf("the late search matched %v, want [%d]", got, p4.ID)
	}
}

// TestSavedSearch_ExactlyOnceAcrossRestart: a run that dies before its
// commit leaves the notices pending; two runners racing afterwards record
// each alert once.
func TestSavedSearch_ExactlyOnceAcrossRestart(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, a := app.agency("甲环境咨询有限公司", "NAT-01")
	app.saveSearch(a, map[string]any{"q": "环评"})
	app.saveSearch(a, map[string]any{"region": "湖北"})
	for i := 0; i < 3; i++ {
		app.publishedProject(ent, nil)
	}
	ctx := context.Background()
	crash := errors.New("process killed before commit")
	err := app.DB.InTx(ctx, func(s domain.Store) error {
		n, err := app.Market.MatchSavedSearchesJob(ctx, s, app.now)
		if err != nil || n != 3 {
			t.Errorf("doomed run: %d %v", n, err)
		}
		return crash
	})
	if !errors.Is(err, crash) {
		t.Fatal(err)
	}
	if n := app.count("SELECT count(*) FROM saved_search_matches"); n != 0 {
		t.Fatalf("a rolled-back run left %d matches", n)
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := app.Jobs.RunOnce(ctx, "match_saved_searches"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	app.runJob("match_saved_searches")
	if n := app.count("SELECT count(*) FROM saved_search_matches"); n != 6 {
		t.Errorf("%d matches, want 6 (2 searches × 3 notices)", n)
	}
	if n := app.count("SELECT count(*) FROM notifications WHERE kind = 'saved_search.match'"); n != 6 {
		t.Errorf("%d alerts, want 6", n)
	}
	if n := app.count("SELECT count(*) FROM outbox WHERE topic = 'saved_search' AND done_at IS NULL"); n != 0 {
		t.Errorf("%d notices still pending", n)
	}
}

// TestSavedSearch_ThousandSearchesHundredNotices checks every alert of a
// world of 1,000 saved searches and 100 notices against an oracle that
// reads the texts with strings.Contains.
func TestSavedSearch_ThousandSearchesHundredNotices(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	app.Market.Periods.SessionTTL = 24 * time.Hour
	_, ent := app.register("enterprise", "光谷某制造有限公司")
	app.agency("甲环境咨询有限公司", "NAT-01", "NAT-02")
	itemNames := map[string]string{"NAT-01": "环境影响报告书（表）编制", "NAT-02": "土壤污染状况调查"}
	// the oracle's reading of a keyword: the word or an expansion occurs
	keywords := map[string][]string{
		"":   nil,
		"环评": {"环评", "环境影响评价", "环境影响报告", "环境影响后评价", "环境技术评估"},
		"土壤": {"土壤"}, "厂房": {"厂房"}, "道路": {"道路"},
	}
	kwList := []string{"", "环评", "土壤", "厂房", "道路"}
	itemSets := [][]string{nil, {"NAT-01"}, {"NAT-02"}, {"NAT-01", "NAT-02"}}
	regions := []string{"", "湖北省", "湖北省武汉市", "湖南省"}
	fundings := []string{"", "self", "budget"}
	ceilings := [][2]int64{{-1, -1}, {50_000, 150_000}, {0, 80_000}}

	type saved struct {
		id, account int64
		daily       bool
		q           string
		items       []string
		region      string
		funding     string
		ceiling     [2]int64
	}
	var searches []saved
	for acc := 0; acc < 50; acc++ {
		id, _ := app.register("agency", fmt.Sprintf("订阅机构%02d咨询有限公司", acc))
		actor := domain.Actor{ID: id, Role: domain.RoleAgency}
		for k := 0; k < search.MaxSavedPerAccount; k++ {
			i := acc*search.MaxSavedPerAccount + k
			s := saved{account: id, daily: i%7 == 0, q: kwList[i%5], items: itemSets[(i/5)%4], region: regions[(i/20)%4],
				funding: fundings[(i/3)%3], ceiling: ceilings[(i/11)%3]}
			in := search.SavedInput{Q: s.q, Items: s.items, Region: s.region, Funding: s.funding, Frequency: search.Immediate}
			if s.daily {
				in.Frequency = search.Daily
			}
			if s.ceiling[0] >= 0 {
				lo, hi := domain.Money(s.ceiling[0]*100), domain.Money(s.ceiling[1]*100)
				in.CeilingMin, in.CeilingMax = &lo, &hi
			}
			if s.q == "" && s.items == nil && s.region == "" && s.funding == "" && s.ceiling[0] < 0 {
				s.region, in.Region = "湖", "湖" // every search has a condition
			}
			saved, err := app.Market.Searches().CreateSaved(context.Background(), actor, in)
			if err != nil {
				t.Fatalf("search %d: %v", i, err)
			}
			s.id = saved.ID
			searches = append(searches, s)
		}
	}

	type notice struct {
		id                         int64
		text, item, region, status string
		ceiling                    int64
	}
	titles := []string{"新建厂房环境影响报告表编制", "道路改造工程可行性研究", "地块土壤污染状况调查", "综合楼施工图设计文件审查", "建设项目环境影响评价咨询"}
	noticeRegions := []string{"湖北省武汉市", "湖北省宜昌市", "湖南省长沙市"}
	noticeCeilings := []int64{60_000, 100_000, 200_000}
	var notices []notice
	for i := 0; i < 100; i++ {
		n := notice{item: []string{"NAT-01", "NAT-02"}[i%2], region: noticeRegions[(i/2)%3], ceiling: noticeCeilings[(i/5)%3]}
		title := fmt.Sprintf("第%d号%s", i, titles[(i/3)%5])
		desc := "按规定完成相关工作。"
		p := app.publishedProject(ent, map[string]any{"title": title, "description": desc, "item_code": n.item, "region": n.region,
			"ceiling_price": fmt.Sprintf("%d.00", n.ceiling)})
		n.id, n.text = p.ID, title+" "+itemNames[n.item]+" 光谷某制造有限公司 "+n.region+" "+desc
		notices = append(notices, n)
	}

	// the oracle
	want := map[int64][]int64{}
	immediate := 0
	for _, s := range searches {
		for _, n := range notices {
			ok := s.q == "" || containsAny(n.text, keywords[s.q])
			ok = ok && (len(s.items) == 0 || hasString(s.items, n.item))
			ok = ok && strings.HasPrefix(n.region, s.region)
			ok = ok && (s.funding == "" || s.funding == "self") // an enterprise's notices are self-funded
			ok = ok && (s.ceiling[0] < 0 || (n.ceiling >= s.ceiling[0] && n.ceiling <= s.ceiling[1]))
			if ok {
				want[s.id] = append(want[s.id], n.id)
				if !s.daily {
					immediate++
				}
			}
		}
	}
	total := 0
	for _, ids := range want {
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		total += len(ids)
	}
	if total < 1000 || immediate == total {
		t.Fatalf("the world proves little: %d matches, %d immediate", total, immediate)
	}

	start := time.Now()
	for app.runJob("match_saved_searches") > 0 {
	}
	elapsed := time.Since(start)
	t.Logf("matched 100 notices against 1,000 saved searches in %s (%d matches, %d immediate alerts)", elapsed, total, immediate)
	app.runJob("match_saved_searches") // a second run adds nothing

	got := app.matchedProjects()
	bad := 0
	for _, s := range searches {
		if fmt.Sprint(got[s.id]) != fmt.Sprint(want[s.id]) && bad < 5 {
			bad++
			t.Errorf("search %+v: matched %v, want %v", s, got[s.id], want[s.id])
		}
	}
	if n := app.count("SELECT count(*) FROM saved_search_matches"); n != int64(total) {
		t.Errorf("%d matches, want %d", n, total)
	}
	if n := app.count("SELECT count(*) FROM notifications WHERE kind = 'saved_search.match'"); n != int64(immediate) {
		t.Errorf("%d alerts, want %d", n, immediate)
	}
	if n := app.count("SELECT count(*) FROM (SELECT account_id, dedupe_key FROM notifications GROUP BY 1, 2 HAVING count(*) > 1) d"); n != 0 {
		t.Errorf("%d alerts sent twice", n)
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func hasString(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// TestSavedSearch_LimitUnderConcurrency: requests racing past the cap
// together still leave exactly the limit, the others refused with 409.
func TestSavedSearch_LimitUnderConcurrency(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, a := app.agency("甲环境咨询有限公司", "NAT-01")
	const tries = search.MaxSavedPerAccount + 6
	statuses := make(chan int, tries)
	var wg sync.WaitGroup
	for i := range tries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses <- app.do("POST", "/api/v1/saved-searches", a, map[string]any{"q": fmt.Sprintf("道路%d", i)}).Status
		}()
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[http.StatusCreated] != search.MaxSavedPerAccount || count[http.StatusConflict] != tries-search.MaxSavedPerAccount {
		t.Errorf("answers: %v", count)
	}
	if n := app.count("SELECT count(*) FROM saved_searches"); n != search.MaxSavedPerAccount {
		t.Errorf("%d stored", n)
	}
}
