// Command gendata fills a migrated database with N projects and M agencies
// with realistic Chinese titles drawn from the catalogue, rebuilds the
// search documents, and with -bench measures search latency against naive
// ILIKE scans (docs/search.md):
//
//	createdb -h 127.0.0.1 -U postgres search_bench
//	go run ./tools/gendata -dsn postgres://postgres@127.0.0.1:5432/search_bench -projects 200000 -agencies 20000 -bench
//	dropdb -h 127.0.0.1 -U postgres search_bench
//
// Rows are written with INSERT … SELECT over generate_series, with the
// search triggers off (session_replication_role = replica, which needs a
// superuser), then the documents are built in one pass by ReindexSearch.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"marketplace/domain"
	"marketplace/storage"
)

func main() {
	dsn := flag.String("dsn", os.Getenv("DATABASE_URL"), "PostgreSQL URL of a database to fill (migrated here)")
	nProjects := flag.Int("projects", 200000, "projects to generate")
	nAgencies := flag.Int("agencies", 20000, "agencies to generate")
	bench := flag.Bool("bench", false, "run the search benchmark afterwards")
	benchOnly := flag.Bool("bench-only", false, "only run the benchmark on existing data")
	reps := flag.Int("reps", 30, "benchmark repetitions per query (indexed engine)")
	naiveReps := flag.Int("naive-reps", 3, "benchmark repetitions per query (ILIKE scan)")
	clients := flag.Int("clients", 0, "then run the queries from this many concurrent clients (0: skip)")
	loadFor := flag.Duration("load-for", 30*time.Second, "duration of the concurrent run")
	flag.Parse()
	if *dsn == "" {
		log.Fatal("gendata: -dsn or DATABASE_URL is required")
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, *dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, nil); err != nil {
		log.Fatal(err)
	}
	if !*benchOnly {
		if err := generate(ctx, db, *nProjects, *nAgencies); err != nil {
			log.Fatal(err)
		}
	}
	if *bench || *benchOnly {
		if *reps > 0 {
			if err := runBench(ctx, db, *reps, *naiveReps); err != nil {
				log.Fatal(err)
			}
		}
		if *clients > 0 {
			m := domain.NewMarketplace(db, storage.DefaultHasher, domain.HourPeriods())
			if err := concurrentBench(ctx, m, *clients, *loadFor); err != nil {
				log.Fatal(err)
			}
		}
	}
}

// Name parts. Places are real prefectures and counties; subjects are the
// kinds of construction projects that need the catalogue's services.
var (
	places = []string{
		"湖北省武汉市", "湖北省宜昌市", "湖北省襄阳市", "湖北省荆州市", "湖北省黄石市", "湖北省十堰市", "湖北省孝感市", "湖北省孝感市应城市",
		"湖北省恩施州", "湖北省黄冈市", "湖北省咸宁市", "湖北省随州市", "湖南省长沙市", "湖南省株洲市", "湖南省岳阳市", "河南省郑州市",
		"河南省洛阳市", "江西省南昌市", "江西省九江市", "安徽省合肥市", "安徽省芜湖市", "四川省成都市", "四川省绵阳市", "重庆市万州区",
		"陕西省西安市", "广东省广州市", "广东省佛山市", "浙江省杭州市", "浙江省宁波市", "江苏省南京市", "江苏省苏州市", "山东省济南市",
		"山东省青岛市", "福建省福州市", "广西壮族自治区南宁市", "贵州省贵阳市", "云南省昆明市", "河北省石家庄市", "山西省太原市", "辽宁省沈阳市",
	}
	subjects = []string{
		"化工园区扩建项目", "城区污水处理厂提标改造工程", "一级公路改建工程", "垃圾焚烧发电项目", "医院迁建项目", "安置小区建设项目",
		"矿山开采项目", "物流园建设项目", "水库除险加固工程", "风电场项目", "原化工厂地块", "退役加油站地块", "跨河桥梁工程",
		"滨江公园防洪工程", "取水工程", "高速公路建设项目", "新区开发项目", "学校建设项目", "产业园区基础设施项目", "安置房项目",
		"办公楼建设项目", "输变电工程", "旅游开发项目", "跨江大桥工程", "水电站工程", "光伏电站项目", "综合楼新建工程", "仓储中心项目",
		"老城区改造项目", "危险化学品仓库建设项目", "金属冶炼建设项目", "电子厂建设项目", "水泥厂技改项目", "市政道路工程",
		"商业综合体项目", "棚户区改造项目", "国有企业改制项目", "数据中心项目", "钢铁项目", "污水管网工程", "智慧园区项目",
		"轨道交通站点综合开发项目", "冷链物流基地项目", "新能源汽车零部件项目", "生物医药产业园项目",
	}
	suffixes       = []string{"", "服务", "技术服务", "项目", "采购", "委托", "（第二次）"}
	agencyWords    = []string{"绿源", "中南", "楚天", "长江", "华安", "天平", "荆楚", "华云", "江汉", "职安", "城建", "文博", "绿野", "地大", "鄂旅", "恒信", "正衡", "信达", "宏图", "鼎盛", "汇智", "博远", "瑞丰", "中勘", "华测", "三峡", "东湖", "光谷", "汉江", "清江"}
	agencyKinds    = []string{"环境科技有限公司", "工程咨询有限公司", "勘察设计院有限公司", "测绘地理信息有限公司", "安全评价有限公司", "资产评估事务所", "工程造价咨询有限公司", "气象科技服务有限公司", "水利水电咨询有限公司", "职业健康技术有限公司", "交通规划研究院有限公司", "岩土工程有限公司", "节能技术有限公司", "社会风险评估中心有限公司", "林业调查规划有限公司"}
	projectStatus  = []string{"draft", "draft", "draft", "bidding", "bidding", "bidding", "bidding", "bidding", "evaluating", "failed", "publicity", "awarded", "awarded", "contracted", "contracted", "delivered", "accepted", "completed", "completed", "cancelled"}
	agencySentence = []string{"专业从事%s等技术服务，", "拥有注册执业人员，长期承接%s业务，", "主营%s，"}
)

func sqlArray(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "'" + strings.ReplaceAll(x, "'", "''") + "'"
	}
	return "ARRAY[" + strings.Join(q, ",") + "]"
}

func generate(ctx context.Context, db *storage.DB, nProjects, nAgencies int) error {
	conn := db.SQL()
	t0 := time.Now()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	steps := []struct{ name, sql string }{
		{"triggers off", "SET LOCAL session_replication_role = replica"},
		{"enterprises", fmt.Sprintf(`INSERT INTO accounts (role, name, uscc, email, password_hash, region)
			SELECT 'enterprise', (%[1]s)[1 + i %% %[2]d] || (ARRAY['新材料','建工','城投','能源','化工','物流','置业','水务','交通','医药'])[1 + (i / 7) %% 10] || '有限公司',
			       '92' || lpad(i::text, 16, '0'), 'gen-e' || i || '@example.cn', 'x', (%[1]s)[1 + i %% %[2]d]
			FROM generate_series(1, %[3]d) i`, sqlArray(places), len(places), max(nProjects/100, 10))},
		{"agencies", fmt.Sprintf(`INSERT INTO accounts (role, name, uscc, email, password_hash, region)
			SELECT 'agency', substr(p, strpos(p, '省') + 1, 2) || (%[1]s)[1 + abs(hashint4(i + 5)) %% %[2]d] || (%[3]s)[1 + abs(hashint4(i + 7)) %% %[4]d],
			       '91' || lpad(i::text, 16, '0'), 'gen-a' || i || '@example.cn', 'x', p
			FROM generate_series(1, %[5]d) i, LATERAL (SELECT (%[6]s)[1 + abs(hashint4(i)) %% %[7]d] AS p) x`,
			sqlArray(agencyWords), len(agencyWords), sqlArray(agencyKinds), len(agencyKinds), nAgencies, sqlArray(places), len(places))},
		{"agency items", `INSERT INTO agency_items (agency_id, item_code)
			SELECT DISTINCT a.id, c.codes[1 + abs(hashint4(a.id::int * 4 + k)) % array_length(c.codes, 1)]
			FROM accounts a, (SELECT array_agg(code ORDER BY code) AS codes FROM catalogue_items WHERE status = 'retained') c,
			     generate_series(0, 3) k
			WHERE a.role = 'agency' AND k <= a.id % 4`},
		{"agency profiles", fmt.Sprintf(`INSERT INTO agency_profiles (account_id, description, region, credit_score, credit_grade)
			SELECT a.id, format((%[1]s)[1 + a.id %% 3], it.names) || '服务范围覆盖' || a.region || '及周边地区。', a.region, s,
			       CASE WHEN s >= 90 THEN 'A' WHEN s >= 75 THEN 'B' WHEN s >= 60 THEN 'C' ELSE 'D' END
			FROM accounts a
			JOIN LATERAL (SELECT string_agg(ci.name, '、') AS names FROM agency_items ai JOIN catalogue_items ci ON ci.code = ai.item_code WHERE ai.agency_id = a.id) it ON true,
			LATERAL (SELECT CASE WHEN a.id %% 10 = 0 THEN 55 + a.id %% 30 ELSE 85 + a.id %% 35 END AS s) sc
			WHERE a.role = 'agency'
			ON CONFLICT (account_id) DO UPDATE SET description = EXCLUDED.description, region = EXCLUDED.region,
			       credit_score = EXCLUDED.credit_score, credit_grade = EXCLUDED.credit_grade`, sqlArray(agencySentence))},
		{"projects", fmt.Sprintf(`INSERT INTO projects (owner_id, title, description, item_code, region, funding, budget_code, method,
				bidding_closes_at, closes_at, service_days, min_bids, status, cancel_reason, published_at, created_at)
			SELECT o.id, substr(pl, greatest(strpos(pl, '省'), strpos(pl, '区')) + 1) || sj || ci.name || sf,
			       '项目位于' || pl || '，' || sj || '需开展' || ci.name || '工作。依据' || left(ci.legal_basis, 60) ||
			       '，服务期限' || (20 + i %% 60) || '天，成果须通过主管部门审查。' || ci.conditions,
			       ci.code, pl, CASE WHEN i %% 4 = 0 THEN 'budget' ELSE 'self' END, CASE WHEN i %% 4 = 0 THEN 'YS2026-' || i ELSE '' END,
			       'lowest_price', t + interval '10 days', t + interval '10 days', 20 + i %% 60, 1, st,
			       CASE WHEN st = 'cancelled' THEN '业主撤销' ELSE '' END,
			       CASE WHEN st = 'draft' THEN NULL ELSE t END, t
			FROM generate_series(1, %[1]d) i,
			LATERAL (SELECT (%[2]s)[1 + abs(hashint4(i)) %% %[3]d] AS pl, (%[4]s)[1 + abs(hashint4(i + 1000003)) %% %[5]d] AS sj,
			                (%[6]s)[1 + (i * 3) %% %[7]d] AS sf, (%[8]s)[1 + abs(hashint4(i + 2000003)) %% %[9]d] AS st,
			                timestamptz '2024-01-01' + (i * interval '4 minutes') AS t) x,
			(SELECT array_agg(code ORDER BY code) AS codes FROM catalogue_items WHERE status = 'retained') c,
			catalogue_items ci,
			LATERAL (SELECT id FROM accounts WHERE role = 'enterprise' AND uscc = '92' || lpad((1 + i %% %[10]d)::text, 16, '0')) o
			WHERE ci.code = c.codes[1 + abs(hashint4(i + 3000017)) %% array_length(c.codes, 1)]`,
			nProjects, sqlArray(places), len(places), sqlArray(subjects), len(subjects), sqlArray(suffixes), len(suffixes),
			sqlArray(projectStatus), len(projectStatus), max(nProjects/100, 10))},
	}
	for _, s := range steps {
		t := time.Now()
		res, err := tx.ExecContext(ctx, s.sql)
		if err != nil {
			return fmt.Errorf("gendata %s: %w", s.name, err)
		}
		n, _ := res.RowsAffected()
		log.Printf("%-16s %8d rows  %6.1fs", s.name, n, time.Since(t).Seconds())
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	m := domain.NewMarketplace(db, storage.DefaultHasher, domain.HourPeriods())
	t := time.Now()
	lastLog := time.Time{}
	err = m.Searches().Reindex(ctx, func(stage string, done, total int) {
		if time.Since(lastLog) > 5*time.Second || done == total {
			log.Printf("reindex %-20s %8d / %d", stage, done, total)
			lastLog = time.Now()
		}
	})
	if err != nil {
		return err
	}
	log.Printf("reindex took %.1fs; generation total %.1fs", time.Since(t).Seconds(), time.Since(t0).Seconds())
	_, err = conn.ExecContext(ctx, "VACUUM ANALYZE")
	return err
}
