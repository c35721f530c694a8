package domain

import (
	"reflect"
	"testing"
)

func TestSplitRegion(t *testing.T) {
	for in, want := range map[string][2]string{
		"湖北省武汉市":           {"湖北省", "武汉市"},
		"湖北省武汉市洪山区":        {"湖北省", "武汉市"},
		"湖北省恩施土家族苗族自治州恩施市": {"湖北省", "恩施土家族苗族自治州"},
		"北京市海淀区":           {"北京市", "海淀区"},
		"广西壮族自治区南宁市":       {"广西壮族自治区", "南宁市"},
		"湖北省":              {"湖北省", ""},
		"武汉":               {"武汉", ""},
	} {
		if p, c := SplitRegion(in); p != want[0] || c != want[1] {
			t.Errorf("SplitRegion(%q) = %q, %q; want %q, %q", in, p, c, want[0], want[1])
		}
	}
}

func TestRegionTree(t *testing.T) {
	got := RegionTree([]string{"湖北省武汉市洪山区", "湖北省宜昌市", "湖北省武汉市", "湖南省长沙市", "湖北省"})
	want := []RegionProvince{{Name: "湖北省", Cities: []string{"宜昌市", "武汉市"}}, {Name: "湖南省", Cities: []string{"长沙市"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("RegionTree = %+v, want %+v", got, want)
	}
}
