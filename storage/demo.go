package storage

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/agency"
	"marketplace/domain/commitment"
	"marketplace/domain/credit"
	"marketplace/domain/identity"
	"marketplace/domain/jobrun"
	"marketplace/domain/market"
)

// DemoPassword is the password of every demo account.
const DemoPassword = "demo-password-2026"

// DemoLogin is one demo account to print.
type DemoLogin struct {
	Role, Name, Email string
}

// demoRegions and demoFirms name the demo agencies (fictional firms).
var (
	demoRegions = []string{"武汉", "襄阳", "宜昌", "黄石", "十堰", "荆州", "孝感", "黄冈", "咸宁", "随州", "恩施", "鄂州"}
	demoFirms   = []string{"绿源环境科技", "华测检测技术", "长江勘测设计", "楚天安全评价", "江汉工程咨询", "中南测绘地理信息",
		"荆楚规划设计", "汉江水利水电咨询", "九州资产评估", "同济工程造价咨询", "东湖生态环境", "鼎诚安全技术"}
	// demoProfiles is each firm's 简介, in the same order as demoFirms.
	demoProfiles = []string{
		"从事建设项目环境影响评价、排污许可申报和环境监测方案编制，配备环评工程师 12 名。",
		"具备 CMA 资质认定的第三方检测机构，承接水质、大气、噪声和土壤检测。",
		"承接工程勘察、地形测量和岩土工程设计，参与过多条城市道路和桥梁项目。",
		"从事安全预评价、验收评价和安全现状评价，服务化工、冶金和建材企业。",
		"提供项目建议书、可行性研究报告和节能评估报告编制等工程咨询服务。",
		"承接地籍测绘、不动产测绘和地理信息数据建库，持有乙级测绘资质。",
		"从事城乡规划编制、建设项目选址论证和规划条件核实技术服务。",
		"承接水土保持方案、防洪影响评价和水资源论证报告编制。",
		"提供资产评估、土地估价和项目投资价值分析，服务国有企业改制。",
		"承接工程概预算、工程量清单、招标控制价编制和竣工结算审核。",
		"从事生态环境调查、生态修复方案设计和碳排放核查。",
		"提供安全生产标准化咨询、应急预案编制和职业病危害评价。",
	}
	// demoPeople are the demo firms' 法定代表人 (invented names).
	demoPeople = []string{"王建国", "李晓燕", "陈志强", "刘海波", "杨丽华", "赵德明", "黄文静", "周立新", "吴红梅", "徐国栋",
		"孙丽娟", "马俊杰", "朱明辉", "胡晓东", "郭秀英", "何永刚", "高建华", "林志勇", "罗静怡", "梁宏伟"}
	// Items without a statutory qualification, so any agency may offer them.
	demoItems = []string{"NAT-01", "NAT-03", "NAT-06", "NAT-12", "NAT-17", "NAT-19"}
)

// demoWorld carries what the steps of SeedDemo share.
type demoWorld struct {
	m         *domain.Marketplace
	db        *DB
	logins    []DemoLogin
	dept      domain.Actor
	dept2     domain.Actor
	admin     domain.Actor
	owners    []domain.Actor
	agencies  []domain.Actor
	startedAt time.Time
	copy      int // 0 for the demo; 1… for the copies of SeedDemoCopies
}

// demoCopyStride separates the USCC numbers of the copies of the world.
const demoCopyStride = 1000

// email is a demo address, made unique in the copies.
func (w *demoWorld) email(e string) string {
	if w.copy == 0 {
		return e
	}
	return fmt.Sprintf("c%d-%s", w.copy, e)
}

// SeedDemo loads the demo world into an empty database through the real use
// cases, so that every rule and audit row applies, and returns the logins:
// a platform admin, two departments, three enterprises and 36 agencies with
// varied credit, and projects in the states the platform can reach so far.
// The world is built on a clock set ten days back, so that bidding windows
// of the default length have closed by the time it is done; the clock is
// restored after. Moving the clock is only safe on a database nobody uses
// yet, so SeedDemo does nothing (and moves nothing) when the database holds
// any account, project, audit row or job run; and it seeds under a
// database-wide lock, so that of two processes started together with
// SEED_DEMO one loads the world and the other, once it may look, finds the
// database in use.
func SeedDemo(ctx context.Context, m *domain.Marketplace, db *DB) ([]DemoLogin, error) {
	return SeedDemoCopies(ctx, m, db, 1)
}

// SeedDemoCopies is SeedDemo with n copies of the world (the copies' e-mail
// addresses start with "cK-"), for tests that need the demo's variety at a
// larger size. Each copy is built on the same back-dated clock.
func SeedDemoCopies(ctx context.Context, m *domain.Marketplace, db *DB, n int) ([]DemoLogin, error) {
	unlock, err := db.lockDemoSeed(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if inUse, err := db.inUse(ctx); err != nil || inUse {
		return nil, err
	}
	now, err := db.Now(ctx)
	if err != nil {
		return nil, err
	}
	startedAt := now.Add(-10 * 24 * time.Hour)
	prev := db.Clock().get()
	defer db.Clock().Set(prev)
	m = demoMarket(m)
	var logins []DemoLogin
	for c := 0; c < n; c++ {
		w := &demoWorld{m: m, db: db, startedAt: startedAt, copy: c}
		db.Clock().Set(func() time.Time { return w.startedAt })
		for _, step := range []func(context.Context) error{w.accounts, w.credit, w.projects, w.lifecycle} {
			if err := step(ctx); err != nil {
				return nil, fmt.Errorf("storage: demo data: %w", err)
			}
		}
		logins = append(logins, w.logins...)
	}
	return logins, nil
}

// demoLoginEmails are the accounts SeedDemo prints, in its order.
var demoLoginEmails = []string{"admin@demo.gov.cn", "eco@demo.gov.cn", "land@demo.gov.cn", "enterprise@demo.cn", "agency@demo.cn"}

// LoadedDemoLogins returns the demo accounts an earlier SeedDemo left in the
// database (none in a database that never held the demo), so that every
// start of a demo server can print its logins, not only the first.
func LoadedDemoLogins(ctx context.Context, db *DB) ([]DemoLogin, error) {
	var rows []DemoLogin
	emails := textArray(demoLoginEmails)
	err := db.db.WithContext(ctx).Table("accounts").Select("role, name, email").Where("email = ANY(CAST(? AS text[]))", emails).
		Order(clause.OrderBy{Expression: gorm.Expr("array_position(CAST(? AS text[]), email)", emails)}).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: loaded demo logins: %w", err)
	}
	return rows, nil
}

// demoSeedLockKey names the advisory lock SeedDemo holds while it checks
// and fills the database.
const demoSeedLockKey = "marketplace.seed_demo"

// lockDemoSeed takes the session advisory lock of SeedDemo on a connection
// of its own (the seeding itself runs many transactions) and returns its
// release. A connection whose unlock fails is discarded, never pooled with
// the lock still held.
func (s *DB) lockDemoSeed(ctx context.Context) (func(), error) {
	conn, err := s.SQL().Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("storage: demo seed lock: %w", err)
	}
	key := advisoryKey(demoSeedLockKey)
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
		conn.Close()
		return nil, fmt.Errorf("storage: demo seed lock: %w", err)
	}
	return func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", key); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}, nil
}

// inUse reports whether the database holds anything but what migrations
// put there: an account, a project, an audit row, a job run or a job's
// health (the scheduler has run here).
// demoInUseSQL: queries/demo_in_use.sql.
var demoInUseSQL = loadQuery("demo_in_use")

func (s *DB) inUse(ctx context.Context) (bool, error) {
	var used bool
	err := s.db.WithContext(ctx).Raw(demoInUseSQL).Scan(&used).Error
	if err != nil {
		return false, fmt.Errorf("storage: is the database in use: %w", err)
	}
	return used, nil
}

func (w *demoWorld) staff(ctx context.Context, in identity.StaffAccountInput) (domain.Actor, error) {
	in.Password = DemoPassword
	in.Email = w.email(in.Email)
	a, err := w.m.Accounts().CreateStaffAccount(ctx, in)
	if err != nil {
		return domain.Actor{}, err
	}
	w.logins = append(w.logins, DemoLogin{a.Role, a.Name, a.Email})
	return domain.Actor{ID: a.ID, Role: a.Role, Name: a.Name}, nil
}

func (w *demoWorld) accounts(ctx context.Context) error {
	var err error
	if w.admin, err = w.staff(ctx, identity.StaffAccountInput{Role: domain.RoleAdmin, Name: "平台管理员", Email: "admin@demo.gov.cn"}); err != nil {
		return err
	}
	if w.dept, err = w.staff(ctx, identity.StaffAccountInput{Role: domain.RoleDepartment, Name: "某市生态环境局", Email: "eco@demo.gov.cn", Region: "湖北省武汉市", Level: "市级"}); err != nil {
		return err
	}
	if w.dept2, err = w.staff(ctx, identity.StaffAccountInput{Role: domain.RoleDepartment, Name: "某市自然资源和规划局", Email: "land@demo.gov.cn", Region: "湖北省武汉市", Level: "市级"}); err != nil {
		return err
	}
	enterprises := []string{"武汉光谷新材料有限公司", "湖北长江航运物流有限公司", "襄阳汉江食品股份有限公司"}
	for i, name := range enterprises {
		email := fmt.Sprintf("enterprise%d@demo.cn", i+1)
		if i == 0 {
			email = "enterprise@demo.cn"
		}
		a, err := w.register(ctx, domain.RoleEnterprise, name, email, 100+i)
		if err != nil {
			return err
		}
		w.owners = append(w.owners, a)
		if i == 0 {
			w.logins = append(w.logins, DemoLogin{a.Role, a.Name, w.email(email)})
		}
	}
	for i := 0; i < 36; i++ {
		// every (city, firm) pair once: the firm shifts by one each round
		// through the cities
		firm := (i*5 + i/len(demoRegions)) % len(demoFirms)
		name := fmt.Sprintf("%s%s有限公司", demoRegions[i%len(demoRegions)], demoFirms[firm])
		email := fmt.Sprintf("agency%d@demo.cn", i+1)
		if i == 0 {
			email = "agency@demo.cn"
		}
		a, err := w.register(ctx, domain.RoleAgency, name, email, 200+i)
		if err != nil {
			return err
		}
		items := []string{demoItems[i%len(demoItems)], demoItems[(i+1)%len(demoItems)], demoItems[(i+3)%len(demoItems)]}
		region := "湖北省" + demoRegions[i%len(demoRegions)] + "市"
		desc := demoProfiles[firm]
		if _, err := w.m.Agencies().UpdateProfile(ctx, a, agency.Patch{ServiceItems: &items, Region: &region, Description: &desc}); err != nil {
			return err
		}
		w.agencies = append(w.agencies, a)
		if i == 0 {
			w.logins = append(w.logins, DemoLogin{a.Role, a.Name, w.email(email)})
		}
	}
	return nil
}

func (w *demoWorld) register(ctx context.Context, role, name, email string, n int) (domain.Actor, error) {
	// Demo registrants accept the registration commitment in force, as
	// every registrant does (信用承诺).
	commitments, err := w.m.Commitments().List(ctx, commitment.Registration)
	if err != nil {
		return domain.Actor{}, err
	}
	a, err := w.m.Accounts().Register(ctx, identity.RegisterInput{Role: role, Name: name, USCC: DemoUSCC(n + w.copy*demoCopyStride), LegalRepresentative: demoPeople[n%len(demoPeople)],
		ContactPhone: fmt.Sprintf("138%08d", n), Email: w.email(email), Password: DemoPassword,
		AcceptCommitmentVersion: commitment.Version(commitments.Current[commitment.Registration])})
	if err != nil {
		return domain.Actor{}, fmt.Errorf("register %s: %w", name, err)
	}
	return domain.Actor{ID: a.ID, Role: a.Role, Name: a.Name}, nil
}

// credit gives the agencies a varied record: late
// deliveries, department violations (one leaving an agency in grade D and
// suspended) and one collusion finding (blacklisted).
func (w *demoWorld) credit(ctx context.Context) error {
	record := func(agency domain.Actor, kind string, points int, source, reason string) error {
		return w.m.Store.InTx(ctx, func(s domain.Store) error {
			return w.m.RecordCreditEvent(ctx, s, credit.Event{AgencyID: agency.ID, Kind: kind, Points: points, Source: source, Reason: reason})
		})
	}
	for i, a := range w.agencies {
		// Evaluation credit comes only from the evaluations of the
		// lifecycle step: a credit without its evaluation would not add up.
		switch i % 6 {
		case 2:
			if err := record(a, credit.KindLateDelivery, -3, credit.SourceScheduler, "逾期交付服务成果"); err != nil {
				return err
			}
		case 4:
			if _, err := w.m.Credit().RecordViolation(ctx, w.dept, credit.ViolationInput{AgencyID: a.ID, Kind: credit.KindViolation,
				Severity: credit.Severity(1 + i%3), Evidence: "现场检查记录（演示数据）", Reason: "报告编制不规范"}); err != nil {
				return err
			}
		}
	}
	// Agency 35: three grave violations → grade D → suspended.
	for k := 0; k < 3; k++ {
		if _, err := w.m.Credit().RecordViolation(ctx, w.dept2, credit.ViolationInput{AgencyID: w.agencies[35].ID, Kind: credit.KindViolation,
			Severity: 3, Evidence: fmt.Sprintf("检查通报第 %d 号（演示数据）", k+1), Reason: "出具虚假结论"}); err != nil {
			return err
		}
	}
	// Agency 34: collusion → blacklisted for three years.
	_, err := w.m.Credit().RecordViolation(ctx, w.dept, credit.ViolationInput{AgencyID: w.agencies[34].ID, Kind: credit.KindCollusion,
		Evidence: "围标串标查处决定书（演示数据）", Reason: "与其他投标人串通报价"})
	return err
}

// projects posts projects and bids on them, on the clock ten days back:
// some still open (their deadline is after the real now), some closed.
func (w *demoWorld) projects(ctx context.Context) error {
	money := func(yuan int64) *domain.Money { m := domain.Money(yuan * 100); return &m }
	day := 24 * time.Hour
	type plan struct {
		owner   domain.Actor
		title   string
		item    string
		method  string
		closeIn time.Duration // from the demo start; > 10 days is still open now
		ceiling int64
		bidders int
		weights *market.Weights
		state   string // "draft", "cancel", or "" to publish
	}
	plans := []plan{
		{w.owners[0], "光谷新材料产业园二期项目环境影响报告书编制", "NAT-01", market.MethodLowestPrice, 14 * day, 380000, 4, nil, ""},
		{w.owners[1], "长江航运物流园水土保持方案编制", "NAT-03", market.MethodComposite, 13 * day, 150000, 3, &market.Weights{Price: 40, Credit: 20, Technical: 40}, ""},
		{w.owners[2], "汉江食品产业园地质灾害危险性评估", "NAT-06", market.MethodRandomDraw, 12 * day, 90000, 3, nil, ""},
		{w.dept, "城区大气污染源解析气候可行性论证（财政资金）", "NAT-12", market.MethodLowestPrice, 15 * day, 260000, 3, nil, ""},
		{w.dept, "生态环境局办公楼改造工程造价咨询", "NAT-17", market.MethodReverseAuction, 11 * day, 200000, 0, nil, ""},
		{w.owners[0], "新材料产业园三期社会稳定风险评估", "NAT-19", market.MethodComposite, 4 * day, 120000, 4, &market.Weights{Price: 50, Credit: 10, Technical: 40}, ""},
		{w.owners[1], "物流园仓储扩建工程造价咨询", "NAT-17", market.MethodLowestPrice, 4 * day, 60000, 1, nil, ""},
		{w.owners[2], "食品产业园污水处理站环境影响报告表编制", "NAT-01", market.MethodLowestPrice, 5 * day, 80000, 0, nil, "cancel"},
		{w.owners[0], "研发中心水土保持方案编制（草稿）", "NAT-03", market.MethodLowestPrice, 20 * day, 50000, 0, nil, "draft"},
	}
	for i, pl := range plans {
		in := market.ProjectInput{Title: pl.title, Description: "项目概况、服务范围与成果要求详见附件，按国家和地方相关技术规范编制。",
			ItemCode: pl.item, Region: "湖北省武汉市", Method: pl.method, BiddingClosesAt: w.startedAt.Add(pl.closeIn),
			ServiceDays: 30, CeilingPrice: money(pl.ceiling), Weights: pl.weights}
		if pl.owner.Role == domain.RoleDepartment {
			in.BudgetCode = fmt.Sprintf("2026-ECO-%03d", i+1)
			two := 2
			in.MinBids = &two
		} else {
			three := 2
			in.MinBids = &three
		}
		if pl.method == market.MethodReverseAuction {
			in.MinStep = money(pl.ceiling / 100)
		}
		switch i {
		case 0: // an enterprise's avoid list: published as it is
			in.Avoid = []market.Avoid{{AgencyID: w.agencies[30].ID, ReasonCode: market.AvoidPriorInvolvement, Reason: "承担本项目可行性研究报告编制"}}
		case 3: // a department's: confirmed by the second department below
			in.Avoid = []market.Avoid{{AgencyID: w.agencies[33].ID, ReasonCode: market.AvoidAffiliation, Reason: "原局属事业单位，脱钩未满三年"}}
		}
		p, err := w.m.Projects().Create(ctx, pl.owner, in)
		if err != nil {
			return fmt.Errorf("create %s: %w", pl.title, err)
		}
		if pl.owner.Role == domain.RoleDepartment && len(in.Avoid) > 0 {
			if err := w.confirmAvoidList(ctx, p.ID); err != nil {
				return err
			}
		}
		if pl.state == "draft" {
			continue
		}
		if _, err := w.m.Projects().Publish(ctx, pl.owner, p.ID); err != nil {
			return fmt.Errorf("publish %s: %w", pl.title, err)
		}
		if pl.state == "cancel" {
			if _, err := w.m.Projects().Cancel(ctx, pl.owner, p.ID, "业主调整建设方案，本项目终止采购"); err != nil {
				return err
			}
			continue
		}
		placed := 0
		for k := 0; placed < pl.bidders && k < len(w.agencies)-2; k++ {
			a := w.agencies[(i*7+k)%(len(w.agencies)-2)]
			price := domain.Money(pl.ceiling*100) * domain.Money(80+(k*7)%19) / 100
			if _, err := w.m.Bidding().PlaceBid(ctx, a, p.ID, market.BidInput{Price: price, Proposal: "技术方案：组建项目组，现场踏勘后编制成果，按期提交。", ServiceDays: 25}); err == nil {
				placed++
			}
		}
		if pl.method == market.MethodReverseAuction {
			best := domain.Money(pl.ceiling * 100)
			for k := 0; k < 5; k++ {
				best -= domain.Money(pl.ceiling) * 2 // 2% steps
				if _, err := w.m.PlaceAuctionBid(ctx, w.agencies[[]int{1, 7, 13, 1, 19}[k]], p.ID, best); err != nil {
					return fmt.Errorf("auction bid: %w", err)
				}
			}
		}
	}
	return nil
}

// confirmAvoidList has the second department confirm project id's avoid list.
func (w *demoWorld) confirmAvoidList(ctx context.Context, id int64) error {
	queue, err := w.m.ListConfirmations(ctx, w.dept2, domain.ConfirmationFilter{Status: domain.ConfirmationPending,
		Subject: domain.ConfirmSubjectAvoidList, Page: domain.Page{Page: 1, PerPage: 200}})
	if err != nil {
		return err
	}
	for _, c := range queue.Items {
		if c.SubjectID == id {
			_, err := w.m.Confirm(ctx, w.dept2, c.ID)
			return err
		}
	}
	return fmt.Errorf("demo: project %d's avoid list is not waiting for confirmation", id)
}

// at moves the demo clock to the demo start plus d.
func (w *demoWorld) at(d time.Duration) {
	t := w.startedAt.Add(d)
	w.db.Clock().Set(func() time.Time { return t })
}

// jobs runs the time-driven jobs once, in lifecycle order.
func (w *demoWorld) jobs(ctx context.Context) error {
	closeAll := func(ctx context.Context, s domain.Store, now time.Time) (int, bool, error) {
		n, err := w.m.CloseBiddingJob(ctx, s, now)
		return n, false, err
	}
	for _, j := range []struct {
		name  string
		batch jobrun.BatchFunc[domain.Store]
	}{{"close_bidding", closeAll}, {"select_results", w.m.SelectResultsBatch}, {"end_publicity", w.m.EndPublicityBatch}} {
		if _, _, err := w.m.Jobs().RunBatched(ctx, j.name, "seed-demo", j.batch); err != nil {
			return fmt.Errorf("%s: %w", j.name, err)
		}
	}
	return nil
}

// lifecycle walks six more projects on the moving demo clock into every
// later state: one in publicity with an open objection, then awarded,
// contracted, delivered, accepted and completed (evaluated).
func (w *demoWorld) lifecycle(ctx context.Context) error {
	day := 24 * time.Hour
	w.at(0)
	titles := []string{"港区仓储中心交通影响评价", "食品产业园二期环境影响报告表编制", "新材料中试基地水土保持方案编制",
		"物流园区地质灾害危险性评估", "产业园配套道路气候可行性论证", "研发大楼工程造价咨询"}
	items := []string{"NAT-19", "NAT-01", "NAT-03", "NAT-06", "NAT-12", "NAT-17"}
	var ids []int64
	var bidders [][]domain.Actor
	for i, title := range titles {
		closes := w.startedAt.Add(3*day + time.Hour)
		if i == 0 {
			closes = w.startedAt.Add(8 * day) // still in publicity at the real now
		}
		ceiling := domain.Money(int64(100000+20000*i) * 100)
		two := 2
		p, err := w.m.Projects().Create(ctx, w.owners[i%len(w.owners)], market.ProjectInput{Title: title,
			Description: "服务范围、技术要求与成果形式详见需求说明。", ItemCode: items[i], Region: "湖北省武汉市",
			Method: market.MethodLowestPrice, BiddingClosesAt: closes, ServiceDays: 30, CeilingPrice: &ceiling, MinBids: &two})
		if err != nil {
			return fmt.Errorf("create %s: %w", title, err)
		}
		if _, err := w.m.Projects().Publish(ctx, w.owners[i%len(w.owners)], p.ID); err != nil {
			return fmt.Errorf("publish %s: %w", title, err)
		}
		var bs []domain.Actor
		for k := 0; len(bs) < 3 && k < len(w.agencies)-2; k++ {
			a := w.agencies[(i*5+k)%(len(w.agencies)-2)]
			price := ceiling * domain.Money(78+(k*11)%20) / 100
			if _, err := w.m.Bidding().PlaceBid(ctx, a, p.ID, market.BidInput{Price: price, Proposal: "按规范开展工作，按期提交成果。", ServiceDays: 25}); err == nil {
				bs = append(bs, a)
			}
		}
		ids, bidders = append(ids, p.ID), append(bidders, bs)
	}
	w.at(3*day + 2*time.Hour) // closed and selected: publicity
	if err := w.jobs(ctx); err != nil {
		return err
	}
	w.at(6*day + 3*time.Hour) // publicity over: awarded
	if err := w.jobs(ctx); err != nil {
		return err
	}
	for i := 2; i < len(ids); i++ { // contracted and onwards
		p, err := w.m.Projects().Get(ctx, domain.SystemActor, ids[i])
		if err != nil {
			return err
		}
		winner, err := w.winner(ctx, p)
		if err != nil {
			return err
		}
		if _, err := w.m.PostAward().SignContract(ctx, owner(p), p.ID); err != nil {
			return fmt.Errorf("owner signs %s: %w", p.Title, err)
		}
		if _, err := w.m.PostAward().SignContract(ctx, winner, p.ID); err != nil {
			return fmt.Errorf("agency signs %s: %w", p.Title, err)
		}
		if i < 3 {
			continue
		}
		w.at(6*day + 5*time.Hour)
		if _, err := w.m.PostAward().Deliver(ctx, winner, p.ID, "提交最终成果报告（演示数据）", "", nil); err != nil {
			return fmt.Errorf("deliver %s: %w", p.Title, err)
		}
		if i < 4 {
			continue
		}
		if _, err := w.m.PostAward().DecideDelivery(ctx, owner(p), p.ID, true, ""); err != nil {
			return fmt.Errorf("accept %s: %w", p.Title, err)
		}
		if i < 5 {
			continue
		}
		if _, err := w.m.PostAward().Evaluate(ctx, owner(p), p.ID, market.EvaluationInput{Quality: 5, Timeliness: 4, Attitude: 5, Fee: 5, Comment: "成果质量好，沟通及时。"}); err != nil {
			return fmt.Errorf("evaluate %s: %w", p.Title, err)
		}
	}
	w.at(8*day + time.Hour) // the first project closes: publicity, with an objection
	if err := w.jobs(ctx); err != nil {
		return err
	}
	p, err := w.m.Projects().Get(ctx, domain.SystemActor, ids[0])
	if err != nil {
		return err
	}
	winner, err := w.winner(ctx, p)
	if err != nil {
		return err
	}
	for _, b := range bidders[0] {
		if b.ID != winner.ID {
			if _, err := w.m.PostAward().RaiseObjection(ctx, b, p.ID, "中选人报价明显低于成本，请业主核实其技术方案的可行性。"); err != nil {
				return fmt.Errorf("objection: %w", err)
			}
			break
		}
	}
	w.db.Clock().Set(nil)
	return nil
}

// winner is the selected agency of a project with a result.
func (w *demoWorld) winner(ctx context.Context, p *market.Project) (domain.Actor, error) {
	var r market.Result
	if err := json.Unmarshal(p.Result, &r); err != nil || r.AgencyID == 0 {
		return domain.Actor{}, fmt.Errorf("project %d has no result (%s)", p.ID, p.Status)
	}
	for _, a := range w.agencies {
		if a.ID == r.AgencyID {
			return a, nil
		}
	}
	return domain.Actor{}, fmt.Errorf("winner %d of project %d is not a demo agency", r.AgencyID, p.ID)
}

// DemoUSCC returns a valid unified social credit code numbered n.
func DemoUSCC(n int) string {
	first := fmt.Sprintf("91420100MA%07d", n)
	return first + string(identity.USCCCheckChar(first))
}

// owner is the acting owner of a project.
func owner(p *market.Project) domain.Actor {
	return domain.Actor{ID: p.OwnerID, Role: p.OwnerRole, Name: p.OwnerName}
}

// demoMarket is m with the periods the demo's back-dated timeline is written
// for (hours, not working days): the world moves its clock by days and
// hours, and must land in the same states whatever the configured periods.
func demoMarket(m *domain.Marketplace) *domain.Marketplace {
	return &domain.Marketplace{Store: m.Store, Hasher: m.Hasher, Periods: domain.HourPeriods(), Calendar: m.Calendar,
		Auctions: m.Auctions, Files: m.Files, Risk: m.Risk, OpenData: m.OpenData, Log: m.Log, JobStaleAfter: m.JobStaleAfter, Signer: m.Signer}
}
