package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"marketplace/storage"
)

// The search fixture: realistic project announcements and agency profiles
// of Hubei, each project labelled with the need it expresses, so that the
// relevance set can say which results are right without hand-listing ids.

type fxTemplate struct {
	label, item string
	titles      []string // %s = place
}

var fxPlaces = []struct{ place, region string }{
	{"武汉市", "湖北省武汉市"}, {"宜昌市", "湖北省宜昌市"}, {"襄阳市", "湖北省襄阳市"}, {"荆州市", "湖北省荆州市"},
	{"黄石市", "湖北省黄石市"}, {"十堰市", "湖北省十堰市"}, {"孝感市", "湖北省孝感市"}, {"应城市", "湖北省孝感市应城市"},
}

var fxTemplates = []fxTemplate{
	{"eia", "NAT-01", []string{"%s化工园区扩建项目环境影响报告书编制", "%s城区污水处理厂提标改造环境影响报告表编制", "%s一级公路改建工程环境影响评价服务", "%s垃圾焚烧发电项目环境影响评价"}},
	{"eia", "NAT-22", []string{"%s造纸厂技改项目环境影响后评价"}},
	{"geo", "NAT-06", []string{"%s安置小区地质灾害危险性评估", "%s矿山开采项目地质灾害危险性评估", "%s物流园建设用地地质灾害危险性评估服务"}},
	{"water", "NAT-03", []string{"%s水库除险加固工程水土保持方案编制", "%s风电场项目水土保持方案报告书编制"}},
	{"soil", "NAT-02", []string{"%s原化工厂地块土壤污染状况调查", "%s退役加油站地块土壤污染状况调查"}},
	{"flood", "NAT-04", []string{"%s跨河桥梁工程洪水影响评价报告编制", "%s滨江公园防洪工程洪水影响评价"}},
	{"waterres", "NAT-05", []string{"%s工业园区取水工程水资源论证报告编制", "%s自来水厂扩建水资源论证"}},
	{"mine", "NAT-07", []string{"%s高速公路建设项目压覆重要矿产资源评估", "%s新区开发压覆重要矿产资源评估报告"}},
	{"survey", "NAT-08", []string{"%s学校建设项目用地勘测定界", "%s产业园区建设项目用地勘测定界技术服务"}},
	{"estate", "NAT-09", []string{"%s安置房项目不动产测绘", "%s办公楼不动产测绘服务"}},
	{"forest", "NAT-10", []string{"%s输变电工程使用林地可行性报告编制", "%s旅游开发项目使用林地可行性报告"}},
	{"quake", "NAT-11", []string{"%s跨江大桥工程场地地震安全性评价", "%s水电站工程地震安全性评价"}},
	{"climate", "NAT-12", []string{"%s风电场气候可行性论证", "%s城市总体规划气候可行性论证"}},
	{"lightning", "NAT-13", []string{"%s光伏电站雷电灾害风险评估", "%s化工园区雷电灾害风险评估服务"}},
	{"lpd", "QX-01", []string{"%s综合楼新建建筑物防雷装置检测"}},
	{"lpd", "QX-02", []string{"%s仓储中心防雷装置设计技术评价"}},
	{"relic", "NAT-14", []string{"%s老城区改造项目文物影响评估", "%s古城墙周边建设工程文物影响评估"}},
	{"safety", "NAT-15", []string{"%s危险化学品仓库建设项目安全预评价"}},
	{"safety", "SC3-n1", []string{"%s金属冶炼建设项目安全预评价报告编制"}},
	{"occ", "NAT-16", []string{"%s电子厂建设项目职业病危害预评价"}},
	{"occ", "NAT-24", []string{"%s水泥厂建设项目职业病危害控制效果评价"}},
	{"cost", "NAT-17", []string{"%s市政道路工程造价咨询", "%s学校建设项目全过程工程造价咨询服务"}},
	{"traffic", "NAT-18", []string{"%s商业综合体交通影响评价", "%s医院新建项目交通影响评价报告"}},
	{"stability", "NAT-19", []string{"%s棚户区改造项目社会稳定风险评估"}},
	{"stability", "CZ-n5", []string{"%s垃圾处理场固定资产投资项目社会稳定风险评估"}},
	{"asset", "NAT-20", []string{"%s国有企业改制资产评估", "%s土地使用权转让资产评估"}},
	{"energy", "YC2022-04", []string{"%s数据中心固定资产投资项目节能报告编制"}},
	{"energy", "LN2016-n1", []string{"%s钢铁项目编制固定资产投资项目节能评估文件"}},
	{"feasibility", "YC2022-02", []string{"%s污水管网工程可行性研究报告编制", "%s智慧园区项目建议书、可行性研究报告编制"}},
	// distractors: share characters or words with the needs above, express none of them
	{"", "NAT-17", []string{"%s环境监测设备采购造价审核", "%s地质勘查资料数字化整理", "%s灾害应急预案编制咨询"}},
	{"", "CZ-n4", []string{"%s水资源费征收政策研究", "%s影响力评价与宣传策划", "%s危险废物转移台账核查"}},
}

type fxAgency struct {
	key, name, region, desc string
	items                   []string
}

var fxAgencies = []fxAgency{
	{"lvyuan", "湖北绿源环境科技有限公司", "湖北省武汉市", "专业从事建设项目环境影响评价、土壤污染状况调查和环境技术咨询。", []string{"NAT-01", "NAT-02", "NAT-22"}},
	{"zhongnan", "武汉中南勘察设计院有限公司", "湖北省武汉市", "岩土工程勘察、地质灾害危险性评估与用地勘测定界。", []string{"NAT-06", "NAT-08"}},
	{"chutian", "楚天测绘地理信息有限公司", "湖北省宜昌市", "甲级测绘资质，承接不动产测绘、地籍测量。", []string{"NAT-09", "NAT-08"}},
	{"changjiang", "长江岩土工程有限公司", "湖北省荆州市", "地质灾害评估、压覆矿产资源评估。", []string{"NAT-06", "NAT-07"}},
	{"huaan", "宜昌华安安全评价有限公司", "湖北省宜昌市", "安全评价甲级资质，建设项目安全预评价和验收评价。", []string{"NAT-15", "SC3-n1"}},
	{"tianping", "襄阳天平资产评估事务所", "湖北省襄阳市", "国有资产评估、土地使用权评估。", []string{"NAT-20"}},
	{"jingchu", "荆楚工程造价咨询有限公司", "湖北省荆州市", "全过程工程造价咨询、结算审核。", []string{"NAT-17"}},
	{"qixiang", "湖北华云气象科技服务有限公司", "湖北省武汉市", "气候可行性论证、雷电灾害风险评估、防雷装置检测。", []string{"NAT-12", "NAT-13", "QX-01"}},
	{"jianghan", "江汉水利水电咨询有限公司", "湖北省荆州市", "水土保持方案、洪水影响评价、水资源论证。", []string{"NAT-03", "NAT-04", "NAT-05"}},
	{"zhian", "湖北职安健康技术有限公司", "湖北省黄石市", "职业病危害预评价与控制效果评价。", []string{"NAT-16", "NAT-24"}},
	{"jiaotong", "武汉城市交通规划研究院有限公司", "湖北省武汉市", "交通影响评价、交通规划。", []string{"NAT-18"}},
	{"wenbo", "武汉文博遗产保护研究有限公司", "湖北省武汉市", "文物影响评估、考古勘探咨询。", []string{"NAT-14"}},
	{"lvye", "十堰绿野林业调查规划有限公司", "湖北省十堰市", "使用林地可行性报告编制、森林资源调查。", []string{"NAT-10"}},
	{"dizhen", "湖北地震工程研究院有限公司", "湖北省武汉市", "工程场地地震安全性评价。", []string{"NAT-11"}},
	{"jieneng", "黄石绿色节能技术有限公司", "湖北省黄石市", "固定资产投资项目节能评估、能源审计。", []string{"YC2022-04", "LN2016-n1"}},
	{"wenwen", "孝感社会稳定风险评估中心有限公司", "湖北省孝感市", "重大决策社会稳定风险评估。", []string{"NAT-19", "CZ-n5"}},
	{"jiance", "荆州环境监测有限公司", "湖北省荆州市", "环境监测、检测服务。", []string{"NAT-25"}},
	{"kance", "宜昌三峡勘察技术有限公司", "湖北省宜昌市", "工程勘察、测量服务。", []string{"NAT-08"}},
}

type fixture struct {
	projectLabel map[int64]string
	projectRegn  map[int64]string
	agencyKey    map[int64]string
	owner        int64
}

var fxSeq atomic.Int64

func fxUSCC() string {
	return fmt.Sprintf("91420100MA%08d", fxSeq.Add(1))
}

// loadFixture writes the fixture with plain SQL (as the other features'
// code would), so every document comes from the triggers.
func loadFixture(tb testing.TB, db *storage.DB) *fixture {
	tb.Helper()
	ctx := context.Background()
	conn := db.SQL()
	f := &fixture{projectLabel: map[int64]string{}, projectRegn: map[int64]string{}, agencyKey: map[int64]string{}}
	f.owner = fxAccount(tb, conn, "enterprise", "湖北长江产业投资集团有限公司")
	n := 0
	pub := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, t := range fxTemplates {
		for ti, title := range t.titles {
			for k := 0; k < 3; k++ {
				pl := fxPlaces[(n*3+ti+k)%len(fxPlaces)]
				n++
				desc := fmt.Sprintf("%s，位于%s。采购人委托具备能力的中介服务机构开展相关技术服务，成果须通过主管部门审查。",
					fmt.Sprintf(title, pl.place), pl.region)
				var id int64
				err := conn.QueryRowContext(ctx, `INSERT INTO projects (owner_id, title, description, item_code, region, funding,
					method, bidding_closes_at, closes_at, service_days, min_bids, status, published_at)
					VALUES ($1, $2, $3, $4, $5, 'self', 'lowest_price', $6, $6, 30, 1, 'bidding', $7) RETURNING id`,
					f.owner, fmt.Sprintf(title, pl.place), desc, t.item, pl.region, pub.Add(time.Duration(n)*24*time.Hour+72*time.Hour),
					pub.Add(time.Duration(n)*time.Hour)).Scan(&id)
				if err != nil {
					tb.Fatalf("insert project: %v", err)
				}
				f.projectLabel[id], f.projectRegn[id] = t.label, pl.region
			}
		}
	}
	for _, a := range fxAgencies {
		id := fxAccount(tb, conn, "agency", a.name)
		mustExec(tb, conn, "INSERT INTO agency_profiles (account_id, description, region) VALUES ($1, $2, $3) ON CONFLICT (account_id) DO UPDATE SET description = $2, region = $3", id, a.desc, a.region)
		for _, it := range a.items {
			mustExec(tb, conn, "INSERT INTO agency_items (agency_id, item_code) VALUES ($1, $2)", id, it)
		}
		f.agencyKey[id] = a.key
	}
	return f
}

func fxAccount(tb testing.TB, conn *sql.DB, role, name string) int64 {
	tb.Helper()
	var id int64
	u := fxUSCC()
	err := conn.QueryRowContext(context.Background(), `INSERT INTO accounts (role, name, uscc, email, password_hash)
		VALUES ($1, $2, $3, $4, 'x') RETURNING id`, role, name, u, strings.ToLower(u)+"@example.cn").Scan(&id)
	if err != nil {
		tb.Fatalf("insert account: %v", err)
	}
	return id
}

func mustExec(tb testing.TB, conn *sql.DB, q string, args ...any) {
	tb.Helper()
	if _, err := conn.ExecContext(context.Background(), q, args...); err != nil {
		tb.Fatalf("%s: %v", strings.SplitN(q, "\n", 2)[0], err)
	}
}
