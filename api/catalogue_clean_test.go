package api_test

import (
	"strings"
	"testing"

	"marketplace/domain/catalogue"
)

// The shipped catalogue lists each item once, names no abolished authority
// as 主管部门, and never calls a fee the applicant does not pay 市场调节价.
func TestCatalogue_ShippedItemsAreConsistent(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	r := app.do("GET", "/api/v1/catalogue/items?per_page=200", "", nil)
	var list struct{ Items []catalogue.Item }
	r.decode(t, &list)
	if len(list.Items) < 30 {
		t.Fatalf("%d items", len(list.Items))
	}
	seen := map[string]string{}
	for _, it := range list.Items {
		if code, dup := seen[it.Name]; dup {
			t.Errorf("%s is listed twice: %s and %s", it.Name, code, it.Code)
		}
		seen[it.Name] = it.Code
		// departments merged away in the 2018 State Council reform
		for _, gone := range []string{"国家安全监管总局", "国家安全生产监督管理总局", "国土资源部", "环境保护部", "国家卫生计生委"} {
			if strings.Contains(it.Department, gone) {
				t.Errorf("%s names the abolished %s", it.Code, gone)
			}
		}
		free := strings.Contains(it.FeeStandard, "不付费") || strings.Contains(it.FeeStandard, "不收费") ||
			strings.Contains(it.FeeStandard, "不向申请人收取") || strings.Contains(it.FeeStandard, "不再付费")
		if free && it.FeeType != catalogue.FeeNotCharged {
			t.Errorf("%s: %q but fee type %s", it.Code, it.FeeStandard, it.FeeType)
		}
	}
}
