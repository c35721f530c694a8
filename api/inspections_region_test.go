package api_test

import (
	"fmt"
	"slices"
	"testing"
)

// TestInspection_RegionIsAPrefix: a draw in 湖北省 finds the agencies of
// 湖北省武汉市 and 湖北省宜昌市, as the directory does, and no others.
func TestInspection_RegionIsAPrefix(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	var code string
	if err := w.DB.SQL().QueryRow("SELECT min(code) FROM catalogue_items").Scan(&code); err != nil {
		t.Fatal(err)
	}
	var hubei []int64
	for i, region := range []string{"湖北省武汉市", "湖北省宜昌市", "湖南省长沙市"} {
		id, _ := w.register("agency", fmt.Sprintf("区域抽查%d号咨询有限公司", i))
		storagetestExec(t, w.testApp, fmt.Sprintf("INSERT INTO agency_items VALUES (%d, '%s')", id, code))
		storagetestExec(t, w.testApp, fmt.Sprintf("UPDATE agency_profiles SET region = '%s' WHERE account_id = %d", region, id))
		if i < 2 {
			hubei = append(hubei, id)
		}
	}
	r := w.do("POST", "/api/v1/inspections", w.dept, map[string]any{"item_code": code, "region": "湖北省", "sample_size": 2, "inspectors": []string{"张检查", "李检查"}})
	if r.Status != 201 {
		t.Fatalf("draw in 湖北省: %d %s", r.Status, r.Body)
	}
	var in publicInspection
	r.decode(t, &in)
	slices.Sort(in.PoolIDs)
	if !slices.Equal(in.PoolIDs, hubei) {
		t.Errorf("pool %v, want %v", in.PoolIDs, hubei)
	}
}
