package supervision

import (
	"fmt"
	"slices"
	"testing"
)

func TestAgencyGroups_SharedByTwoOrMoreInKeyOrder(t *testing.T) {
	g := agencyGroups{}
	g.add("b", 9)
	g.add("b", 3)
	g.add("b", 9) // the same agency twice counts once
	g.add("a", 5)
	g.add("a", 4)
	g.add("c", 7) // one agency alone shares nothing
	got := g.shared()
	want := []sharedGroup{{"a", []int64{4, 5}}, {"b", []int64{3, 9}}}
	if len(got) != len(want) {
		t.Fatalf("shared %v, want %v", got, want)
	}
	for i := range want {
		if got[i].key != want[i].key || !slices.Equal(got[i].agencies, want[i].agencies) {
			t.Errorf("group %d: %v, want %v", i, got[i], want[i])
		}
	}
}

func TestProjectTally_ThresholdRegionDeclineAndKeyOrder(t *testing.T) {
	tally := newProjectTally[int64]()
	tally.add(2, 10, "湖北省宜昌市")
	tally.add(2, 11, "湖北省武汉市")
	tally.add(2, 12, "湖北省武汉市")
	tally.add(1, 20, "广东省")
	tally.add(1, 21, "广东省")
	tally.add(3, 30, "湖南省") // below the threshold
	tally.add(4, 40, "江西省")
	tally.add(4, 41, "江西省") // declined by build
	type seen struct {
		projects []int64
		region   string
	}
	got := map[int64]seen{}
	flags := tally.flags(2, func(k int64, ps []int64, region string) (RiskFlag, bool) {
		got[k] = seen{ps, region}
		return RiskFlag{Key: fmt.Sprintf("k%d", k)}, k != 4
	})
	if len(flags) != 2 || flags[0].Key != "k1" || flags[1].Key != "k2" {
		t.Fatalf("flags %+v, want k1 then k2", flags)
	}
	if _, asked := got[3]; asked {
		t.Error("build was asked about a key below the threshold")
	}
	if s := got[2]; !slices.Equal(s.projects, []int64{10, 11, 12}) || s.region != "湖北省武汉市" {
		t.Errorf("key 2: %+v, want its three projects in 湖北省武汉市 (the region most lie in)", s)
	}
	if s := got[1]; !slices.Equal(s.projects, []int64{20, 21}) || s.region != "广东省" {
		t.Errorf("key 1: %+v", s)
	}
}

func TestIdentitySeverity(t *testing.T) {
	for _, c := range []struct {
		fields []string
		want   int
	}{
		{[]string{"legal_representative"}, 50},
		{[]string{"contact_phone"}, 80},
		{[]string{"email", "legal_representative"}, 85},
		{[]string{"contact_phone", "email", "legal_representative"}, 90},
	} {
		if got := identitySeverity(c.fields); got != c.want {
			t.Errorf("%v: %d, want %d", c.fields, got, c.want)
		}
	}
}
