package restriction

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The patterns below run on normalised text: full-width forms are folded to
// ASCII (so ， is "," and ： is ":"), white space is gone and letters are
// lower case. To extend a class, add a sentence to
// testdata/restrictions.tsv first, then the pattern.

// clauseBreaks end a clause: no pattern and no negation reaches across them.
const clauseBreaks = "，。；,.;:：!！?？"

// Building blocks.
const (
	// near allows a few characters between the parts of a phrase.
	near = `[^` + clauseBreaks + `]{0,8}`
	// nearND is near without digits, so that it never eats the number the
	// pattern is about to read ("成立满3年").
	nearND = `[^` + clauseBreaks + `0-9]{0,8}`
	// num is an Arabic or Chinese number (never a bare unit such as 万).
	num = `[0-9一二三四五六七八九十两][0-9一二三四五六七八九十百千万两]*`

	// localWords name "here" without naming the place.
	localWords = `本地|本省|本市|本县|本区|本镇|本州|当地|我市|我省|我县|我区|省内|市内|区内|县内|镇内|州内|辖区内`
	// provinces are the provincial-level divisions, without 省/市/自治区.
	provinces = `北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|广西|海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆`
	// provinceShort are the one-character names used in 入鄂 / 进湘 registrations.
	provinceShort = `京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕秦甘陇青宁新`
	// place is a named place ending in 省/市/州/县/区; validPlace checks it.
	place = `(?P<place>\p{Han}{2,6}?(?:省|市|州|县|区))`
	// agencyWords name who bids.
	agencyWords = `中介服务机构|中介机构|服务机构|机构|企业|单位|公司|供应商|服务商|中介`
	// threshold words say "at least".
	threshold = `不低于|不少于|不得低于|不得少于|须达到|达到|高于|大于|超过|以上|≥|>=|>`
	// amount is the number after a threshold, kept in the phrase.
	amount = `(?:[^` + clauseBreaks + `]{0,4}?` + num + `(?:万元|亿元|万|亿|元)?)?`
	// perfWords name past performance.
	perfWords = `业绩|类似项目|同类项目|类似工程|同类工程|项目经验|服务经验`
	// brandNames are software and instruments that notices name by brand.
	brandNames = `广联达|斯维尔|品茗|鲁班|晨曦|徕卡|leica|天宝|trimble|拓普康|topcon|南方测绘|南方cass|cass|中海达|华测|索佳|大疆|dji|arcgis|esri|supermap|超图|mapgis|autocad|天正|pkpm|盈建科|yjk|midas|华为|海康|大华|浪潮|联想|戴尔`
)

// notPlaceSuffix are words that end like a place but are not one (园区 is
// a kind of site, 城市 a kind of project).
var notPlaceSuffix = []string{"园区", "厂区", "矿区", "库区", "景区", "小区", "社区", "街区", "校区", "片区",
	"城区", "郊区", "山区", "地区", "护区", "分区", "城市", "都市", "超市", "门市", "夜市", "上市"}

// notPlaceNext follow 省/市/县/区 in words that are not a place (市政, 市场,
// 省级, 区域); 市政府 is a place.
const notPlaceNext = "政场级域容貌民直属委"

func validPlace(text string, a, b int) bool {
	p := text[a:b]
	for _, s := range notPlaceSuffix {
		if strings.HasSuffix(p, s) {
			return false
		}
	}
	next, _ := utf8.DecodeRuneInString(text[b:])
	if strings.ContainsRune(notPlaceNext, next) && !strings.HasPrefix(text[b:], "政府") {
		return false
	}
	return true
}

func rule(class string, parts ...string) restrictionRule {
	return restrictionRule{class: class, re: regexp.MustCompile(strings.Join(parts, ""))}
}

var restrictionRules = []restrictionRule{
	// Region: only agencies from (or registered in) a place may take part.
	// The character before 限 must not make it 期限, 时限, 上限, 不限 ….
	rule(Region, `(?:^|[^期时权年上下界有无不局极额门高低])(?P<m>(?:仅限|只限|限于|限定|限|面向)`, near, `(?:`, localWords, `))`),
	rule(Region, `注册地(?:址|点)?(?:须|需|应|必须|要求|应当|为|在|位于|属于|限|仅限)`, near),
	rule(Region, `(?:须|应|需|必须|要求|优先|仅|只|限)(?:为|是|选择|选用|考虑|接受|面向|由|限|于)?(?:`, localWords, `)(?:的)?(?:`, agencyWords, `)`),
	rule(Region, `(?:外地|外省|外市|外县|外区|非本地|非本省|非本市|非本县|非本区|省外|市外|县外|区外)[^`, clauseBreaks, `]{0,4}?(?:`, agencyWords, `)`),
	rule(Region, `(?:`, localWords, `)[^`, clauseBreaks, `]{0,4}?(?:注册|登记|户籍|户口)`),
	rule(Region, `(?:注册|登记)(?:在|于)(?:`, localWords, `|`, provinces, `)`),
	rule(Region, `(?:在|为|于)`, place, `(?:内)?(?:注册|登记)`),

	// Local presence: an office, branch or staff in the place.
	rule(LocalPresence, `(?:设有|设立|设置|开设|建立|建有|拥有|具有|具备)`, nearND,
		`(?:分支机构|分公司|办事处|办公场所|办公地点|办公场地|办公地址|办公用房|营业场所|经营场所|服务网点|服务站|常驻|驻点|驻场|常设)`),
	rule(LocalPresence, `设(?:分公司|分支机构|办事处|驻点|网点|服务网点)|(?:设立|设置|设有|开设)服务机构`),
	rule(LocalPresence, `(?:`, localWords, `|所在地)`, nearND,
		`(?:设立|设有|设置|办公|分公司|分支机构|办事处|常驻|驻场|驻点|纳税|社保|缴纳|经营|有固定|有实体)`),
	rule(LocalPresence, `在[^`, clauseBreaks, `]{1,10}?(?:有|设|配备)`, nearND, `(?:办公|常驻|驻点|驻场|社保|分支机构|分公司|办事处|实体)`),
	rule(LocalPresence, `常驻(?:于)?(?:`, localWords, `)`),
	rule(LocalPresence, `(?:办公场所|办公用房|经营场所|营业场所|办公地点)`, nearND, `(?:证明|租赁合同|房产证|产权证)`),

	// Registered capital and size: a threshold on capital, turnover, assets,
	// headcount or scale (naming the field alone is fine).
	rule(CapitalSize, `(?:注册资本|注册资金|实缴资本|实收资本|认缴资本)[^`, clauseBreaks, `]{0,6}?(?:`, threshold, `|在?`, num, `)`, amount),
	rule(CapitalSize, `(?:营业收入|营业额|年产值|净资产|总资产|资产总额|纳税额|年收入)[^`, clauseBreaks, `]{0,6}?(?:`, threshold, `|在?`, num, `)`, amount),
	rule(CapitalSize, `(?:员工|职工|人员|人数|工程师|技术人员|专职|在职)`, near, num, `(?:人|名)`),
	rule(CapitalSize, `(?:不少于|不低于|不得少于|至少|拥有|具备|配备|达到)`, num, `(?:名|人)`),
	rule(CapitalSize, `(?:须|应|需|必须|应当|要求)(?:为|是|属于)(?:大型|中型|规模以上)`),
	rule(CapitalSize, `企业规模`, near, `(?:达到|不低于|以上|须为|应为)`),

	// Years in business: a minimum age of the agency, or a founding date.
	rule(YearsInBusiness, `(?:成立|经营|注册|设立|从业|执业|从事)`, nearND,
		`(?:满|不少于|不低于|不得少于|不得低于|超过|达到|已有|已满|须在|在)`, num, `(?:个)?(?:周)?年`),
	rule(YearsInBusiness, `(?:成立|经营|注册|设立|从业|执业|从事)`, nearND, num, `(?:个)?(?:周)?年(?:以上|及以上|之上)`),
	rule(YearsInBusiness, `(?:(?:成立|注册|设立)(?:日期|时间)|营业执照)[^`, clauseBreaks, `]{0,12}?(?:早于|以前|之前)`),
	rule(YearsInBusiness, num, `(?:个)?年(?:以上|及以上)(?:的)?(?:执业|经营|从业|营业)(?:经历|历史|年限)`),

	// Past performance in a region.
	rule(RegionalPerformance, `(?:`, localWords, `|`, provinces, `)`, near, `(?:`, perfWords, `)`),
	rule(RegionalPerformance, `(?:在|于|有|具有|具备|取得)`, place, near, `(?:`, perfWords, `)`),

	// Membership of a (local) list of agencies, a filing with a local
	// authority, or an association.
	rule(LocalList, `(?:中介服务机构|中介机构|服务机构|中介|供应商|服务商|备选|预选|入围|推荐)(?:库|名录|名单)`,
		`|短名单|白名单|名录库|入围机构|入库(?:登记|手续|证明|单位|机构|企业|中介|的)|办理入库|已入库`),
	rule(LocalList, `(?:须|需|应|必须|应当|已)(?:已)?(?:在|于)[^`, clauseBreaks, `向报]{0,14}?(?:厅|局|委|部门|协会|系统|平台|超市|中心)`,
		`[^`, clauseBreaks, `向报]{0,6}?(?:备案|入库|登记在册|登记备案)`),
	rule(LocalList, `在[^`, clauseBreaks, `向报]{0,14}?(?:备案|入库)(?:的)?[^`, clauseBreaks, `]{0,6}?(?:`, agencyWords, `)`),
	rule(LocalList, `会员单位|协会会员|学会会员|商会会员|会员资格|会员证明|会员证书|理事单位`),
	rule(LocalList, `(?:加入|成为)`, nearND, `(?:协会|学会|商会|联合会|联盟)`),
	rule(LocalList, `(?:入|进)[`, provinceShort, `](?:信息)?(?:登记|备案)`),

	// Named brands.
	rule(Brand, `(?:指定|限定|限用|须用|须使用|必须使用|只能使用|仅限|要求|采用|使用|选用)`, nearND, `品牌`),
	rule(Brand, `品牌(?:授权|代理|特约)|(?:原厂|厂家|厂商|制造商)(?:授权|认证)`),
	rule(Brand, `(?:使用|采用|选用|须用|需用|基于|配备|指定|限用)`, nearND, `(?:`, brandNames, `)`),

	// Designated or recommended agencies.
	rule(Designation, `指定(?:的)?(?:[0-9一二两三四五六七八九十]+家)?(?:`, agencyWords, `)|变相指定`),
	rule(Designation, `推荐(?:[0-9一二两三四五六七八九十]+家)?(?:的)?(?:中介服务机构|中介机构|服务机构|机构|单位|中介)`),

	// Past-performance quotas.
	rule(PerformanceQuota, `业绩`, near, `(?:不少于|不低于|至少|以上|要求|`, num, `(?:个|项|份|次|万))`),
	rule(PerformanceQuota, `(?:类似|同类|相关)(?:项目|工程)`, near, num, `(?:个|项|份|次)`),
	rule(PerformanceQuota, num, `(?:个|项)(?:以上|及以上)?(?:的)?(?:类似|同类|相关)(?:项目|工程)`),

	// Qualification grades, certifications and honours beyond the statutory
	// qualification.
	rule(QualificationGrade, `(?:甲|乙|丙|特)级|[一二三123]级`, near, `(?:资质|资格)|资质`, near, `(?:等级|以上)`),
	rule(Certification, `iso`, near, `[0-9]{4,5}|体系认证|aaa|信用等级`, near, `(?:以上|a)`),
	rule(Award, `获奖|荣誉|奖项`),
}
