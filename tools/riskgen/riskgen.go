// Package riskgen generates synthetic markets for the risk indicators
// (docs/risk.md): honest agencies bidding independently, and planted
// schemes — rings sharing a client, copied or lightly edited proposals,
// price ladders, shared identities, bid rotation, lowest bidders yielding
// to a partner, favoured agencies and lone near-ceiling department awards.
// Evaluate scores flags against the planted truth (precision, recall, and
// the share of honest agencies wrongly named). It imports only domain, so
// both the domain-level benchmark and the end-to-end test use it.
package riskgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

// Config sizes a market. IDs start at Base so that a test database can hold
// the market beside its own rows.
type Config struct {
	Seed           uint64
	Base           int64
	HonestAgencies int
	Owners         int // the last third are departments
	HonestProjects int
	// Schemes planted, per indicator.
	SharedClient, Identical, Similar, Progression, Identity, Rotation, Yields, Favoured, NearCeiling int
}

// Default is a market of 200 honest agencies, 30 owners and 400 honest
// projects, with 3 planted schemes of every kind.
func Default() Config {
	return Config{Seed: 20261125, Base: 1_000_000, HonestAgencies: 200, Owners: 30, HonestProjects: 400,
		SharedClient: 3, Identical: 3, Similar: 3, Progression: 3, Identity: 3, Rotation: 3, Yields: 3, Favoured: 3, NearCeiling: 3}
}

// Agency is a generated agency with its client (IP, user agent).
type Agency struct {
	supervision.RiskAgency
	Client supervision.BidClient
	Honest bool
}

// Scheme is one planted scheme: the indicator meant to find it, its
// agencies, and its project (per-project schemes) or owner (designation).
type Scheme struct {
	Indicator string
	Agencies  []int64
	ProjectID int64
	OwnerID   int64
}

// Owner is a generated project owner.
type Owner struct {
	ID      int64
	Funding string
	Region  string
}

// Market is a generated market: every project both as the close job sees it
// (with bid evidence) and as the history job sees it (with its outcome).
type Market struct {
	Agencies []*Agency
	Owners   []Owner
	Projects []*supervision.RiskProject
	History  []supervision.HistoryProject
	Schemes  []Scheme

	cfg     Config
	r       *rand.Rand
	next    int64
	byID    map[int64]*Agency
	honest  []*Agency
	owners  []Owner
	regions []string
	// nextCeiling, when set, is the ceiling of the next project (a ladder
	// is planned against it)
	nextCeiling domain.Money
}

var regions = []string{"湖北省武汉市", "湖北省宜昌市", "湖北省襄阳市", "湖北省黄石市"}

var userAgents = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/121.0 Safari/537.36 Edg/121.0",
	"Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 Chrome/109.0 Safari/537.36 QIHU 360SE",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.1 Safari/605.1.15",
	"Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0.44",
	"Mozilla/5.0 (Linux; Android 13; V2254A) AppleWebKit/537.36 Chrome/116.0 Mobile Safari/537.36",
}

// Generate builds a market from cfg, deterministically from cfg.Seed.
func Generate(cfg Config) *Market {
	m := &Market{cfg: cfg, r: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5eed)), next: cfg.Base, byID: map[int64]*Agency{}, regions: regions}
	for i := 0; i < cfg.Owners; i++ {
		o := Owner{ID: m.id(), Funding: market.FundingSelf, Region: regions[i%len(regions)]}
		if i >= cfg.Owners*2/3 {
			o.Funding = market.FundingBudget
		}
		m.owners = append(m.owners, o)
	}
	m.Owners = m.owners
	for i := 0; i < cfg.HonestAgencies; i++ {
		m.honest = append(m.honest, m.agency(true))
	}
	// co-working spaces: a few honest agencies share an office's public IP
	for i := 0; i+1 < len(m.honest) && i < 10; i += 2 {
		m.honest[i+1].Client.IP = m.honest[i].Client.IP
	}
	for i := 0; i < cfg.HonestProjects; i++ {
		o := m.owners[m.r.IntN(len(m.owners))]
		m.project(o, m.pickHonest(3+m.r.IntN(5)), nil)
	}
	m.plantPerProject()
	m.plantHistory()
	return m
}

func (m *Market) id() int64 { m.next++; return m.next }

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
var givenChars = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国志文斌宇浩凯鑫晨辉俊峰雪梅琳")

func (m *Market) agency(honest bool) *Agency {
	id := m.id()
	name := string(surnames[m.r.IntN(len(surnames))]) + string(givenChars[m.r.IntN(len(givenChars))]) + string(givenChars[m.r.IntN(len(givenChars))])
	a := &Agency{RiskAgency: supervision.RiskAgency{ID: id, Name: fmt.Sprintf("合成咨询机构%d有限公司", id), LegalRepresentative: name,
		ContactPhone: fmt.Sprintf("13%09d", id%1_000_000_000), Email: fmt.Sprintf("agency%d@example.cn", id)},
		Client: supervision.BidClient{IP: fmt.Sprintf("%d.%d.%d.%d", 36+m.r.IntN(180), m.r.IntN(256), m.r.IntN(256), 1+m.r.IntN(254)),
			UserAgent: userAgents[m.r.IntN(len(userAgents))]}, Honest: honest}
	m.Agencies = append(m.Agencies, a)
	m.byID[id] = a
	return a
}

func (m *Market) pickHonest(n int) []*Agency {
	out := make([]*Agency, 0, n)
	seen := map[int64]bool{}
	for len(out) < n {
		a := m.honest[m.r.IntN(len(m.honest))]
		if !seen[a.ID] {
			seen[a.ID] = true
			out = append(out, a)
		}
	}
	return out
}

// bidPlan is one bid to place: price as a share of the ceiling, proposal,
// client, and how it ends.
type bidPlan struct {
	agency    *Agency
	share     float64
	price     domain.Money // when set, the exact price (a planted ladder)
	proposal  string
	client    supervision.BidClient
	status    string
	candidate string
}

// honestShare is an independent price: 70–100% of the ceiling.
func (m *Market) honestShare() float64 { return 0.70 + 0.30*m.r.Float64() }

// project creates a project of owner o: honest bidders bid independently;
// extra are planted bids. The lowest valid, non-yielding bid wins unless a
// plan says otherwise (winner >= 0 is an index into the plans).
func (m *Market) project(o Owner, honest []*Agency, extra []bidPlan, winner ...int) *supervision.RiskProject {
	id := m.id()
	ceiling := m.nextCeiling
	if ceiling == 0 {
		ceiling = domain.Money((5 + m.r.IntN(46)) * 1_000_000) // 50,000–500,000 yuan
	}
	m.nextCeiling = 0
	var plans []bidPlan
	for _, a := range honest {
		// honest noise: some bids are withdrawn, some fail eligibility at close
		status := market.BidValid
		switch x := m.r.Float64(); {
		case x < 0.04:
			status = market.BidWithdrawn
		case x < 0.07:
			status = market.BidInvalid
		}
		plans = append(plans, bidPlan{agency: a, share: m.honestShare(), proposal: m.honestProposal(a), client: a.Client, status: status})
	}
	plans = append(plans, extra...)
	p := &supervision.RiskProject{ID: id, OwnerID: o.ID, Region: o.Region, Ceiling: &ceiling, Agencies: map[int64]supervision.RiskAgency{}}
	h := supervision.HistoryProject{ID: id, OwnerID: o.ID, Funding: o.Funding, Method: market.MethodLowestPrice, Region: o.Region, Ceiling: &ceiling}
	best := -1
	for i, b := range plans {
		price := domain.Money(float64(ceiling)*b.share) / 1000 * 1000 // to 10 yuan
		if b.share >= 1 {
			price = ceiling
		}
		if b.price > 0 {
			price = b.price
		}
		if b.status == market.BidValid && b.candidate == "" && (best < 0 || price < h.Bids[best].Price) {
			best = i
		}
		e := supervision.NewBidEvidence(domain.Actor{ID: b.agency.ID, Role: domain.RoleAgency}, id, supervision.EvidenceSubmit, b.client, b.proposal, At)
		rb := supervision.RiskBid{AgencyID: b.agency.ID, Price: price, Status: b.status, Evidence: []*supervision.BidEvidence{e}}
		if b.status == market.BidWithdrawn {
			w := supervision.NewBidEvidence(domain.Actor{ID: b.agency.ID, Role: domain.RoleAgency}, id, supervision.EvidenceWithdraw, b.client, b.proposal, At)
			rb.Evidence = append(rb.Evidence, w)
		}
		p.Bids = append(p.Bids, rb)
		p.Agencies[b.agency.ID] = b.agency.RiskAgency
		h.Bids = append(h.Bids, supervision.HistoryBid{AgencyID: b.agency.ID, Price: price, Status: b.status, Candidate: b.candidate})
	}
	if len(winner) > 0 {
		best = winner[0]
	}
	if best >= 0 {
		h.AwardedAgency, h.AwardPrice = h.Bids[best].AgencyID, h.Bids[best].Price
		if h.Bids[best].Candidate == "" {
			h.Bids[best].Candidate = "selected"
		}
	}
	m.Projects = append(m.Projects, p)
	m.History = append(m.History, h)
	return p
}

var sentences = []string{
	"成立专项项目组由注册工程师担任项目负责人", "收到委托后三日内完成现场踏勘与资料收集", "采用国家现行技术导则和行业标准开展工作",
	"建立三级校审制度确保成果质量", "配备无人机航测与全站仪等专业设备", "与建设单位保持每周例会沟通进度",
	"对周边敏感目标开展补充监测", "编制工作大纲并报业主确认", "按审批部门意见及时修改完善报告",
	"提供成果电子版及纸质版各八份", "安排专人跟踪技术评审全过程", "承诺不因人员变动影响工期",
	"结合同类项目经验优化技术路线", "对关键参数进行敏感性分析", "组织专家咨询会论证重大技术问题",
	"建立项目档案实行全过程留痕管理", "针对雨季施工制定专项保障措施", "收费严格执行市场调节价并一次包干",
	"成果通过评审后提供一年免费技术咨询", "设立驻场联络人员随时响应业主需求", "运用数值模拟软件开展定量预测",
	"引用最新统计年鉴及区域规划资料", "对历史资料进行系统梳理与复核", "采取网格化布点提高调查精度",
	"编制风险防控措施及应急预案", "配合开展公众参与及信息公开工作", "提交阶段性成果供业主审查",
	"严格遵守保密规定不泄露业主资料", "项目完成后开展满意度回访", "以往三年同类项目均一次性通过审查",
	"采用北斗定位系统进行控制测量", "开展室内试验获取岩土物理参数", "对照负面清单逐项核查合规性",
	"绘制一比五百专题图件", "安排两名高级工程师全程参与", "编写技术交底文件指导现场作业",
	"设置质量控制点实行旁站监督", "结合地方标准提出针对性建议", "以书面形式报送每月工作简报",
	"对不确定因素提出跟踪监测计划", "合理划分工作阶段确保节点可控", "成果资料按档案管理要求归档",
}

// honestProposal writes an independent proposal: the agency's own choice
// of sentences, in its own order, with its name.
func (m *Market) honestProposal(a *Agency) string {
	idx := m.r.Perm(len(sentences))[:4+m.r.IntN(3)]
	parts := []string{a.Name + "投标方案："}
	for _, i := range idx {
		parts = append(parts, sentences[i])
	}
	return strings.Join(parts, "。") + "。"
}

// ringAgencies makes n colluding agencies; shared, if given, sets one
// identity field to the same value across the ring.
func (m *Market) ringAgencies(n int, shared string) []*Agency {
	out := make([]*Agency, n)
	for i := range out {
		out[i] = m.agency(false)
		switch shared {
		case "contact_phone":
			out[i].ContactPhone = out[0].ContactPhone
		case "email":
			out[i].Email = strings.Replace(out[0].Email, "@", fmt.Sprintf("+%d@", i), 1)
		case "legal_representative":
			out[i].LegalRepresentative = out[0].LegalRepresentative
		}
	}
	return out
}

func ids(as []*Agency) []int64 {
	out := make([]int64, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}

func (m *Market) owner() Owner { return m.owners[m.r.IntN(len(m.owners))] }

// At is the time stamped on generated evidence.
var At = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)
