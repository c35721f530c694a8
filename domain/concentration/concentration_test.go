package concentration

import (
	"reflect"
	"testing"
)

// world is the hand-computed market of the tests (amounts in yuan ×100 = fen):
//
//	2026 湖北省武汉市, 12 awards, total 1,000,000 yuan:
//	  A 5 × 110,000 = 550,000 (55 %), B 70,000 + 70,000 + 60,000 = 200,000 (20 %),
//	  C 100,000 (10 %), D, E, F 50,000 each (5 %)
//	  HHI = 55² + 20² + 10² + 3 × 5² = 3025 + 400 + 100 + 75 = 3600
//	  CR4 = 55 + 20 + 10 + 5 = 90; max 55; 6 winners → alerts hhi, dominant, cr4
//	2026 湖北省宜昌市: G 1,000,000 (one award: no alert, too few projects)
//	2026 湖北省 = both: total 2,000,000: G 50 %, A 27.5 %, B 10 %, C 5 %, D, E, F 2.5 %
//	  HHI = 2500 + 756.25 + 100 + 25 + 3 × 6.25 = 3400; CR4 = 92.5; max 50
//	  → alerts hhi and cr4, not dominant (50 % is not above 50 %)
//	2025 湖北省武汉市: A 40,000, B 30,000, C 30,000 → HHI 3400, CR4 100
//	  → 2026 trend: HHI +200, CR4 −10
func world() []Award {
	const yuan = 100
	var out []Award
	add := func(region string, year int, agency int64, amounts ...int64) {
		for _, a := range amounts {
			out = append(out, Award{ItemCode: "NAT-01", ItemName: "环评", Region: region, Year: year, AgencyID: agency, AmountFen: a * yuan})
		}
	}
	add("湖北省武汉市洪山区", 2026, 1, 110000, 110000, 110000, 110000, 110000)
	add("湖北省武汉市", 2026, 2, 70000, 70000, 60000)
	add("湖北省武汉市", 2026, 3, 100000)
	add("湖北省武汉市", 2026, 4, 50000)
	add("湖北省武汉市", 2026, 5, 50000)
	add("湖北省武汉市", 2026, 6, 50000)
	add("湖北省宜昌市", 2026, 7, 1000000)
	add("湖北省武汉市", 2025, 1, 40000)
	add("湖北省武汉市", 2025, 2, 30000)
	add("湖北省武汉市", 2025, 3, 30000)
	return out
}

func find(t *testing.T, fs []Figures, level, region string, year int) Figures {
	t.Helper()
	for _, f := range fs {
		if f.Level == level && f.Region == region && f.Year == year {
			return f
		}
	}
	t.Fatalf("no market %s %s %d in %+v", level, region, year, fs)
	return Figures{}
}

func ptr(v float64) *float64 { return &v }

func TestConcentrationComputeHandWorld(t *testing.T) {
	fs := Compute(world())
	if len(fs) != 5 {
		t.Fatalf("markets = %d, want 5 (province 2025, 2026; 武汉 2025, 2026; 宜昌 2026)", len(fs))
	}
	wh := find(t, fs, LevelCity, "湖北省武汉市", 2026)
	if wh.Projects != 12 || wh.Winners != 6 || wh.HHI != 3600 || wh.CR4 != 90 || wh.MaxShare != 55 || wh.LargestAgency != 1 || wh.AmountFen != 100000000 || wh.Amount != "1000000.00" {
		t.Errorf("武汉 2026 = %+v", wh)
	}
	if !reflect.DeepEqual(wh.Alerts, []string{AlertReasonHHI, AlertReasonDominant, AlertReasonCR4}) {
		t.Errorf("武汉 alerts = %v", wh.Alerts)
	}
	if wh.PreviousHHI == nil || *wh.PreviousHHI != 3400 || *wh.HHIChange != 200 || *wh.PreviousCR4 != 100 || *wh.CR4Change != -10 {
		t.Errorf("武汉 trend = %v %v %v %v", wh.PreviousHHI, wh.HHIChange, wh.PreviousCR4, wh.CR4Change)
	}
	wantShares := []Share{{1, "", 55000000, "550000.00", 5, 55}, {2, "", 20000000, "200000.00", 3, 20}, {3, "", 10000000, "100000.00", 1, 10}, {4, "", 5000000, "50000.00", 1, 5}, {5, "", 5000000, "50000.00", 1, 5}, {6, "", 5000000, "50000.00", 1, 5}}
	if !reflect.DeepEqual(wh.Shares, wantShares) {
		t.Errorf("武汉 shares = %+v", wh.Shares)
	}
	hb := find(t, fs, LevelProvince, "湖北省", 2026)
	if hb.Projects != 13 || hb.Winners != 7 || hb.HHI != 3400 || hb.CR4 != 92.5 || hb.MaxShare != 50 || hb.LargestAgency != 7 {
		t.Errorf("湖北 2026 = %+v", hb)
	}
	if !reflect.DeepEqual(hb.Alerts, []string{AlertReasonHHI, AlertReasonCR4}) {
		t.Errorf("湖北 alerts = %v (50 %% is not above 50 %%)", hb.Alerts)
	}
	yc := find(t, fs, LevelCity, "湖北省宜昌市", 2026)
	if yc.HHI != 10000 || yc.MaxShare != 100 || len(yc.Alerts) != 0 || yc.PreviousHHI != nil {
		t.Errorf("宜昌 = %+v", yc)
	}
	old := find(t, fs, LevelCity, "湖北省武汉市", 2025)
	if old.HHI != 3400 || old.CR4 != 100 || old.Winners != 3 || len(old.Alerts) != 0 {
		t.Errorf("武汉 2025 = %+v", old)
	}
	if fs[0].Level != LevelProvince || fs[0].Year != 2025 {
		t.Errorf("order: first %+v", fs[0].Key)
	}
}

func TestConcentrationMeasureRounding(t *testing.T) {
	// thirds: each 33.333…%; HHI = 3 × 1111.11… = 3333.33; CR4 = 100
	f := Measure([]Share{{AgencyID: 3, AmountFen: 1}, {AgencyID: 1, AmountFen: 1}, {AgencyID: 2, AmountFen: 1}})
	if f.HHI != 3333.33 || f.CR4 != 100 || f.MaxShare != 33.33 || f.LargestAgency != 1 || f.Shares[0].AgencyID != 1 {
		t.Errorf("thirds = %+v", f)
	}
	// 2/3 and 1/3: 66.67 %, 33.33 %; HHI = (4 + 1) / 9 × 10000 = 5555.56
	f = Measure([]Share{{AgencyID: 1, AmountFen: 2}, {AgencyID: 2, AmountFen: 1}})
	if f.HHI != 5555.56 || f.MaxShare != 66.67 {
		t.Errorf("2/3 = %+v", f)
	}
	// five equal firms: CR4 counts four of them
	var five []Share
	for i := int64(1); i <= 5; i++ {
		five = append(five, Share{AgencyID: i, AmountFen: 100})
	}
	if f = Measure(five); f.CR4 != 80 || f.HHI != 2000 {
		t.Errorf("five = %+v", f)
	}
	if f = Measure(nil); f.Winners != 0 || f.HHI != 0 || f.Shares == nil {
		t.Errorf("empty = %+v", f)
	}
}

func TestConcentrationAlertsThresholds(t *testing.T) {
	cases := []struct {
		f    Figures
		want []string
	}{
		{Figures{Projects: 9, HHI: 10000, MaxShare: 100, CR4: 100}, []string{}},
		{Figures{Projects: 10, HHI: 2500, MaxShare: 50, CR4: 80}, []string{}},
		{Figures{Projects: 10, HHI: 2500.01}, []string{AlertReasonHHI}},
		{Figures{Projects: 10, MaxShare: 50.01}, []string{AlertReasonDominant}},
		{Figures{Projects: 10, CR4: 80.01}, []string{AlertReasonCR4}},
	}
	for _, c := range cases {
		if got := Alerts(c.f); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Alerts(%+v) = %v, want %v", c.f, got, c.want)
		}
	}
}

func TestConcentrationSkipsUnplacedAndEmpty(t *testing.T) {
	fs := Compute([]Award{{ItemCode: "X", Region: "", Year: 2026, AgencyID: 1, AmountFen: 100},
		{ItemCode: "X", Region: "湖北省", Year: 2026, AgencyID: 1, AmountFen: 0},
		{ItemCode: "X", Region: "湖北省", Year: 2026, AgencyID: 2, AmountFen: 100}})
	if len(fs) != 1 || fs[0].Region != "湖北省" || fs[0].Projects != 1 || fs[0].Winners != 1 {
		t.Errorf("got %+v", fs)
	}
}

func TestConcentrationLevels(t *testing.T) {
	cases := []struct{ in, province, city string }{
		{"湖北省武汉市洪山区", "湖北省", "湖北省武汉市"},
		{"湖北省", "湖北省", ""},
		{"湖北省恩施土家族苗族自治州恩施市", "湖北省", "湖北省恩施土家族苗族自治州"},
		{"广西壮族自治区南宁市", "广西壮族自治区", "广西壮族自治区南宁市"},
		{"内蒙古自治区锡林郭勒盟", "内蒙古自治区", "内蒙古自治区锡林郭勒盟"},
		{"黑龙江省大兴安岭地区", "黑龙江省", "黑龙江省大兴安岭地区"},
		{"上海市浦东新区", "上海市", "上海市浦东新区"},
		{"重庆市", "重庆市", ""},
		{"420111", "420000", "420100"},
		{"420000", "420000", ""},
		{" 湖北省宜昌市 ", "湖北省", "湖北省宜昌市"},
		{"武汉", "", ""},
		{"", "", ""},
		{"000000", "", ""},
	}
	for _, c := range cases {
		if p, ci := Levels(c.in); p != c.province || ci != c.city {
			t.Errorf("Levels(%q) = %q, %q; want %q, %q", c.in, p, ci, c.province, c.city)
		}
	}
}
