package supervision_test

import (
	"strings"
	"testing"
	"time"

	"marketplace/domain/kernel"
	"marketplace/domain/supervision"
)

var riskNow = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

const proposalA = "本公司拟组建由注册环评工程师牵头的项目组，完成现场踏勘、资料收集、工程分析、环境现状监测与影响预测，编制环境影响报告表并配合生态环境部门技术审查，三十日内提交报批稿。"
const proposalB = "我单位将安排两名高级工程师驻场，首先开展区域污染源调查和声环境监测，随后进行大气扩散模型计算，结合园区规划环评结论提出污染防治措施，并对建设单位进行环保培训与验收指导。"

func ev(agency int64, ip, ua, text string) *supervision.BidEvidence {
	return supervision.NewBidEvidence(kernel.Actor{ID: agency, Role: kernel.RoleAgency}, 1, supervision.EvidenceSubmit,
		supervision.BidClient{IP: ip, UserAgent: ua}, text, riskNow)
}

func project(bids ...supervision.RiskBid) *supervision.RiskProject {
	p := &supervision.RiskProject{ID: 1, OwnerID: 9, Region: "湖北省武汉市", Bids: bids, Agencies: map[int64]supervision.RiskAgency{}}
	for _, b := range bids {
		p.Agencies[b.AgencyID] = supervision.RiskAgency{ID: b.AgencyID, ContactPhone: "1380000000" + string(rune('0'+b.AgencyID%10)),
			Email: "a" + string(rune('0'+b.AgencyID%10)) + "@x.cn", LegalRepresentative: "法人" + string(rune('0'+b.AgencyID%10))}
	}
	return p
}

func bid(agency int64, price kernel.Money, e ...*supervision.BidEvidence) supervision.RiskBid {
	return supervision.RiskBid{AgencyID: agency, Price: price, Status: supervision.BidValid, Evidence: e}
}

func TestMinHash(t *testing.T) {
	n := supervision.NormalizeProposal
	a := supervision.MinHash(n(proposalA))
	min := supervision.DefaultRiskConfig.SimilarMinJaccard
	for _, edited := range []string{strings.Replace(proposalA, "本公司", "我公司", 1), strings.Replace(proposalA, "三十日", "二十八日", 1),
		proposalA + "另附项目组成员名单。"} {
		if s := supervision.Similarity(a, supervision.MinHash(n(edited))); s < min {
			t.Errorf("a small edit leaves only %.2f similarity", s)
		}
	}
	if s := supervision.Similarity(a, supervision.MinHash(n(proposalB))); s >= 0.2 {
		t.Errorf("unrelated proposals are %.2f alike", s)
	}
	if got := supervision.ParseMinHashHex(supervision.MinHashHex(a)); supervision.Similarity(a, got) != 1 {
		t.Error("hex round trip changed the sketch")
	}
	if n("编制，报告 表!") != "编制报告表" {
		t.Errorf("normalisation keeps punctuation: %q", n("编制，报告 表!"))
	}
}

func TestDetectSharedClient(t *testing.T) {
	cases := []struct {
		name string
		p    *supervision.RiskProject
		want int
	}{
		{"same ip and agent", project(bid(1, 100, ev(1, "10.0.0.1", "Firefox", "")), bid(2, 200, ev(2, "10.0.0.1", "Firefox", ""))), 1},
		{"same ip other agent", project(bid(1, 100, ev(1, "10.0.0.1", "Firefox", "")), bid(2, 200, ev(2, "10.0.0.1", "Chrome", ""))), 0},
		{"one agency twice", project(bid(1, 100, ev(1, "10.0.0.1", "Firefox", ""), ev(1, "10.0.0.1", "Firefox", ""))), 0},
		{"unknown client", project(bid(1, 100, ev(1, "", "", "")), bid(2, 200, ev(2, "", "", ""))), 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := supervision.DetectSharedClient(c.p)
			if len(got) != c.want {
				t.Fatalf("got %d flags, want %d: %+v", len(got), c.want, got)
			}
			for _, f := range got {
				if strings.Contains(f.Summary+f.Key, "10.0.0.1") {
					t.Errorf("flag carries the IP address: %+v", f)
				}
			}
		})
	}
}

func TestDetectSimilarProposals(t *testing.T) {
	cfg := supervision.DefaultRiskConfig
	near := strings.Replace(proposalA, "三十日", "二十八日", 1)
	cases := []struct {
		name string
		p    *supervision.RiskProject
		want string
	}{
		{"identical", project(bid(1, 1, ev(1, "", "", proposalA)), bid(2, 2, ev(2, "", "", proposalA+"\n"))), supervision.IndicatorIdenticalDocuments},
		{"near identical", project(bid(1, 1, ev(1, "", "", proposalA)), bid(2, 2, ev(2, "", "", near))), supervision.IndicatorSimilarProposals},
		{"different", project(bid(1, 1, ev(1, "", "", proposalA)), bid(2, 2, ev(2, "", "", proposalB))), ""},
		{"too short", project(bid(1, 1, ev(1, "", "", "按要求完成")), bid(2, 2, ev(2, "", "", "按要求完成"))), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := supervision.DetectSimilarProposals(c.p, cfg)
			if c.want == "" {
				if len(got) != 0 {
					t.Fatalf("unexpected flags %+v", got)
				}
				return
			}
			if len(got) != 1 || got[0].Indicator != c.want {
				t.Fatalf("got %+v, want one %s", got, c.want)
			}
		})
	}
}

func TestDetectPriceProgression(t *testing.T) {
	cfg := supervision.DefaultRiskConfig
	cases := []struct {
		name   string
		prices []kernel.Money
		want   int // agencies in the progression, 0 none
	}{
		{"equal steps", []kernel.Money{9000000, 9200000, 9400000, 9910000}, 3},
		{"equal steps within a yuan", []kernel.Money{9000000, 9200050, 9400000}, 3},
		{"equal ratios", []kernel.Money{9000000, 9180000, 9363600}, 3},
		{"four in a row", []kernel.Money{8000000, 8500000, 9000000, 9500000}, 4},
		{"irregular", []kernel.Money{8000000, 8730000, 9110000, 9870000}, 0},
		{"honest bid inside a round ladder", []kernel.Money{9000000, 9130000, 9200000, 9400000}, 3},
		{"odd step across another bid", []kernel.Money{9000000, 9050000, 9123400, 9246800}, 0},
		{"odd step, adjacent", []kernel.Money{9000000, 9123400, 9246800}, 3},
		{"two bids", []kernel.Money{8000000, 8500000}, 0},
		{"equal prices", []kernel.Money{8000000, 8000000, 8000000}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var bs []supervision.RiskBid
			for i, pr := range c.prices {
				bs = append(bs, bid(int64(i+1), pr))
			}
			got := supervision.DetectPriceProgression(project(bs...), cfg)
			if c.want == 0 {
				if len(got) != 0 {
					t.Fatalf("unexpected %+v", got)
				}
				return
			}
			if len(got) != 1 || len(got[0].AgencyIDs) != c.want {
				t.Fatalf("got %+v, want %d agencies", got, c.want)
			}
		})
	}
	// a withdrawn bid is not part of the prices compared
	p := project(bid(1, 9000000), bid(2, 9200000), bid(3, 9400000))
	p.Bids[1].Status = supervision.BidWithdrawn
	if got := supervision.DetectPriceProgression(p, cfg); len(got) != 0 {
		t.Errorf("withdrawn bid counted: %+v", got)
	}
}

func TestSharedIdentityFields(t *testing.T) {
	a := supervision.RiskAgency{ID: 1, ContactPhone: "139-1234-5678", Email: "Zhang+a@corp.cn", LegalRepresentative: "张 伟"}
	cases := []struct {
		name string
		b    supervision.RiskAgency
		want string
	}{
		{"phone formatted differently", supervision.RiskAgency{ID: 2, ContactPhone: "+86 13912345678"}, "contact_phone"},
		{"mailbox with tag", supervision.RiskAgency{ID: 2, Email: "zhang+b@corp.cn"}, "email"},
		{"legal representative", supervision.RiskAgency{ID: 2, LegalRepresentative: "张伟"}, "legal_representative"},
		{"nothing", supervision.RiskAgency{ID: 2, ContactPhone: "13900000000", Email: "li@corp.cn", LegalRepresentative: "李娜"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := strings.Join(supervision.SharedIdentityFields(a, c.b), ",")
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
	p := project(bid(1, 1), bid(2, 2))
	p.Agencies[2] = supervision.RiskAgency{ID: 2, LegalRepresentative: p.Agencies[1].LegalRepresentative}
	got := supervision.DetectSharedIdentity(p)
	if len(got) != 1 || got[0].Severity != 50 {
		t.Errorf("a shared legal representative alone: %+v, want one flag of severity 50", got)
	}
}
