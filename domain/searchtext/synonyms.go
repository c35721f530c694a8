package searchtext

import (
	"sort"
	"strings"
)

// Synonyms maps the abbreviations people type (行业简称) to the full
// terms used in titles and the catalogue. Bigram matching finds any
// substring of a full term by itself (危险性评估, 土壤污染); what it cannot
// find is an abbreviation whose characters are not adjacent in the full
// term: 环评 is 环(境影响)评(价). Both engines use this one table: the
// PostgreSQL engine expands the query, Meilisearch gets it as its synonyms
// setting, and the PostgreSQL index's synonym function is generated from it
// when the database is migrated (storage/search_synonyms.go). Keep entries
// specific: an expansion ORs more documents in.
var Synonyms = map[string][]string{
	"环评":   {"环境影响评价", "环境影响报告", "环境影响后评价", "环境技术评估"},
	"地灾":   {"地质灾害"},
	"地灾评估": {"地质灾害危险性评估"},
	"水保":   {"水土保持"},
	"安评":   {"安全评价", "安全预评价"},
	"能评":   {"节能评估", "节能报告"},
	"稳评":   {"社会稳定风险评估"},
	"社稳":   {"社会稳定"},
	"雷评":   {"雷电灾害风险评估"},
	"防雷检测": {"防雷装置检测"},
	"震评":   {"地震安全性评价"},
	"职评":   {"职业病危害"},
	"职卫":   {"职业卫生", "职业病危害"},
	"洪评":   {"洪水影响评价"},
	"水评":   {"水资源论证"},
	"压矿":   {"压覆重要矿产资源", "压覆矿产"},
	"林评":   {"使用林地可行性"},
	"交评":   {"交通影响评价"},
	"文评":   {"文物影响评估"},
	"可研":   {"可行性研究"},
	"图审":   {"施工图设计文件审查"},
	"勘界":   {"勘测定界"},
	"环保验收": {"竣工环境保护验收", "环境保护验收"},
	"气候论证": {"气候可行性论证"},
	"资评":   {"资产评估"},
	"复垦":   {"土地复垦"},
}

// ExpandSynonyms returns word and its alternatives: every synonym key
// contained in word replaced by each of its expansions as a separate run
// (环评报告 → "环境影响报告 报告", …), so the expansion and the rest of
// the word must both occur but need not be adjacent. The result starts
// with word itself.
func ExpandSynonyms(word string) []string {
	out := []string{word}
	seen := map[string]bool{word: true}
	keys := make([]string, 0, len(Synonyms))
	for k := range Synonyms {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic order
	for _, k := range keys {
		if !strings.Contains(word, k) {
			continue
		}
		for _, full := range Synonyms[k] {
			alt := strings.TrimSpace(strings.ReplaceAll(word, k, " "+full+" "))
			if !seen[alt] {
				seen[alt] = true
				out = append(out, alt)
			}
		}
	}
	return out
}
