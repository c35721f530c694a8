package api_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"testing"
)

// publicInspection is what anyone reads from GET /inspections/{id}.
type publicInspection struct {
	ID                  int64    `json:"id"`
	CreatedAt           string   `json:"created_at"`
	SampleSize          int      `json:"sample_size"`
	Inspectors          []string `json:"inspectors"`
	InspectorsPerAgency int      `json:"inspectors_per_agency"`
	PoolIDs             []int64  `json:"pool_ids"`
	Seed                string   `json:"seed"`
	Targets             []struct {
		AgencyID      int64    `json:"agency_id"`
		Inspectors    []string `json:"inspectors"`
		Result        string   `json:"result"`
		CreditEventID *int64   `json:"credit_event_id"`
	} `json:"targets"`
}

// recomputeDraw re-implements the published algorithm from its text, with
// big integers for the rejection limit, independent of the domain code.
func recomputeDraw(in publicInspection) (string, []int64, [][]string) {
	pool := append([]int64(nil), in.PoolIDs...)
	sort.Slice(pool, func(i, j int) bool { return pool[i] < pool[j] })
	ids := make([]string, len(pool))
	for i, p := range pool {
		ids[i] = fmt.Sprint(p)
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("inspection|%d|%s|%s", in.ID, in.CreatedAt, strings.Join(ids, ","))))
	seed := sum[:]
	var k uint64
	next := func() *big.Int {
		b := append(append([]byte{}, seed...), make([]byte, 8)...)
		binary.BigEndian.PutUint64(b[len(seed):], k)
		k++
		h := sha256.Sum256(b)
		return new(big.Int).SetBytes(h[:8])
	}
	two64 := new(big.Int).Lsh(big.NewInt(1), 64)
	uniform := func(n int) int {
		bn := big.NewInt(int64(n))
		limit := new(big.Int).Sub(two64, new(big.Int).Mod(two64, bn))
		for {
			if x := next(); x.Cmp(limit) < 0 {
				return int(new(big.Int).Mod(x, bn).Int64())
			}
		}
	}
	for i := len(pool) - 1; i >= 1; i-- {
		j := uniform(i + 1)
		pool[i], pool[j] = pool[j], pool[i]
	}
	var assigned [][]string
	for range in.SampleSize {
		ins := append([]string(nil), in.Inspectors...)
		for i := len(ins) - 1; i >= 1; i-- {
			j := uniform(i + 1)
			ins[i], ins[j] = ins[j], ins[i]
		}
		assigned = append(assigned, ins[:in.InspectorsPerAgency])
	}
	return hex.EncodeToString(seed), pool[:in.SampleSize], assigned
}

func TestInspection_DrawIsVerifiable(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	var inItem []int64
	for i := 0; i < 9; i++ {
		id, _ := w.register("agency", fmt.Sprintf("抽查对象%d号咨询有限公司", i))
		if i < 7 {
			inItem = append(inItem, id)
			storagetestExec(t, w.testApp, fmt.Sprintf("INSERT INTO agency_items SELECT %d, min(code) FROM catalogue_items", id))
		}
	}
	var code string
	if err := w.DB.SQL().QueryRow("SELECT min(code) FROM catalogue_items").Scan(&code); err != nil {
		t.Fatal(err)
	}
	req := map[string]any{"item_code": code, "sample_size": 3, "inspectors": []string{"张检查", "李检查", "王检查", "赵检查"}}

	t.Run("bad input changes nothing", func(t *testing.T) {
		_, agency := w.register("agency", "无关咨询有限公司")
		big := map[string]any{"item_code": code, "sample_size": 8, "inspectors": []string{"张检查"}}
		if r := w.do("POST", "/api/v1/inspections", w.dept, big); r.Status != 400 || r.errorCode(t) != "sample_exceeds_pool" {
			t.Errorf("sample larger than pool: %d %s", r.Status, r.Body)
		}
		if r := w.do("POST", "/api/v1/inspections", agency, req); r.Status != 403 {
			t.Errorf("agency: %d", r.Status)
		}
		if r := w.do("POST", "/api/v1/inspections", w.dept, map[string]any{"sample_size": 1, "inspectors": []string{}}); r.Status != 400 {
			t.Errorf("no inspectors: %d", r.Status)
		}
		if r := w.do("POST", "/api/v1/inspections", w.dept, map[string]any{"item_code": "NOPE", "sample_size": 1, "inspectors": []string{"甲"}}); r.Status != 404 {
			t.Errorf("unknown item: %d", r.Status)
		}
		if n := w.count(t, "SELECT count(*) FROM inspections"); n != 0 {
			t.Errorf("%d inspections written", n)
		}
	})

	r := w.do("POST", "/api/v1/inspections", w.dept, req)
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var created publicInspection
	r.decode(t, &created)

	t.Run("recomputed from public data alone", func(t *testing.T) {
		var pub publicInspection
		w.do("GET", fmt.Sprintf("/api/v1/inspections/%d", created.ID), "", nil).decode(t, &pub)
		if fmt.Sprint(pub.PoolIDs) != fmt.Sprint(inItem) {
			t.Fatalf("pool %v, want the item's agencies %v", pub.PoolIDs, inItem)
		}
		seed, agencies, inspectors := recomputeDraw(pub)
		if seed != pub.Seed {
			t.Fatalf("seed: recomputed %s, published %s", seed, pub.Seed)
		}
		if len(pub.Targets) != 3 {
			t.Fatalf("targets: %+v", pub.Targets)
		}
		for i, tg := range pub.Targets {
			if tg.AgencyID != agencies[i] || fmt.Sprint(tg.Inspectors) != fmt.Sprint(inspectors[i]) {
				t.Errorf("target %d: published %d %v, recomputed %d %v", i, tg.AgencyID, tg.Inspectors, agencies[i], inspectors[i])
			}
		}
	})

	t.Run("results: fail is a credit event, public", func(t *testing.T) {
		target := created.Targets[0].AgencyID
		path := fmt.Sprintf("/api/v1/inspections/%d/results", created.ID)
		if r := w.do("POST", path, w.dept, map[string]any{"agency_id": target, "result": "fail"}); r.Status != 400 || r.errorCode(t) != "findings_required" {
			t.Errorf("fail without findings: %d %s", r.Status, r.Body)
		}
		if r := w.do("POST", path, w.dept2, map[string]any{"agency_id": target, "result": "pass"}); r.Status != 403 {
			t.Errorf("another department: %d", r.Status)
		}
		notDrawn := inItem[0]
		for _, tg := range created.Targets {
			if tg.AgencyID == notDrawn {
				notDrawn = 0
			}
		}
		if notDrawn != 0 {
			if r := w.do("POST", path, w.dept, map[string]any{"agency_id": notDrawn, "result": "pass"}); r.Status != 404 {
				t.Errorf("agency not drawn: %d", r.Status)
			}
		}
		r := w.do("POST", path, w.dept, map[string]any{"agency_id": target, "result": "fail", "findings": "报告未按规范编制，关键数据缺失"})
		if r.Status != 200 {
			t.Fatalf("fail: %d %s", r.Status, r.Body)
		}
		if r := w.do("POST", path, w.dept, map[string]any{"agency_id": target, "result": "pass"}); r.Status != 409 {
			t.Errorf("second result: %d", r.Status)
		}
		if r := w.do("POST", path, w.dept, map[string]any{"agency_id": created.Targets[1].AgencyID, "result": "pass"}); r.Status != 200 {
			t.Errorf("pass: %d %s", r.Status, r.Body)
		}
		c := w.credit(t, target, "")
		if c.Score != 90 || c.Events[0].Kind != "inspection_failed" || c.Events[0].Evidence != "" {
			t.Errorf("credit after failed inspection: %+v", c)
		}
		var list struct {
			Items []publicInspection
			Total int
		}
		w.do("GET", "/api/v1/inspections", "", nil).decode(t, &list)
		if list.Total != 1 || list.Items[0].Targets[0].Result != "fail" || list.Items[0].Targets[1].Result != "pass" {
			b, _ := json.Marshal(list)
			t.Errorf("public list: %s", b)
		}
	})
}
