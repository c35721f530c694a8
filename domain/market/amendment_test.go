package market

import (
	"testing"
	"time"

	"marketplace/domain/kernel"
)

func TestAmendment_ChangesAndClose(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	project := func() *Project {
		c := kernel.Money(10000000)
		return &Project{Description: "原描述", CeilingPrice: &c, ServiceDays: 30, Method: MethodLowestPrice, Funding: FundingSelf,
			ClosesAt: now.Add(24 * time.Hour), BiddingClosesAt: now.Add(24 * time.Hour)}
	}
	str := func(s string) *string { return &s }
	days := func(n int) *int { return &n }
	later, earlier := now.Add(48*time.Hour), now.Add(time.Hour)

	cases := []struct {
		name   string
		in     AmendmentInput
		fields []string
		err    error
	}{
		{"same values change nothing", AmendmentInput{Description: str("原描述"), ServiceDays: days(30), Method: str(MethodLowestPrice), Funding: str(FundingSelf)}, nil, nil},
		{"description and days", AmendmentInput{Description: str("新描述"), ServiceDays: days(20)}, []string{AmendDescription, AmendServiceDays}, nil},
		{"later close", AmendmentInput{ClosesAt: &later}, []string{AmendClosesAt}, nil},
		{"earlier close", AmendmentInput{ClosesAt: &earlier}, nil, ErrAmendmentEarlierClose},
		{"method", AmendmentInput{Method: str(MethodComposite)}, nil, ErrAmendmentMethod},
		{"funding", AmendmentInput{Funding: str(FundingBudget)}, nil, ErrAmendmentFunding},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := project()
			got, err := c.in.ChangesTo(p)
			if err != c.err {
				t.Fatalf("err %v, want %v", err, c.err)
			}
			if len(got) != len(c.fields) {
				t.Fatalf("changes %+v, want fields %v", got, c.fields)
			}
			for i, f := range c.fields {
				if got[i].Field != f {
					t.Errorf("change %d is %s, want %s", i, got[i].Field, f)
				}
			}
		})
	}

	t.Run("the close moves only when too little remains", func(t *testing.T) {
		p := project() // 24 h left
		if !ExtendClose(p, now, 72*time.Hour) || !p.ClosesAt.Equal(now.Add(72*time.Hour)) || !p.BiddingClosesAt.Equal(p.ClosesAt) {
			t.Errorf("24 h left, 72 h minimum: closes %v", p.ClosesAt)
		}
		p = project()
		if ExtendClose(p, now, 12*time.Hour) || !p.ClosesAt.Equal(now.Add(24*time.Hour)) {
			t.Errorf("24 h left, 12 h minimum: closes %v", p.ClosesAt)
		}
	})
}
