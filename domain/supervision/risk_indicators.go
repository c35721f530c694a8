package supervision

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"marketplace/domain/kernel"
)

// RiskAgency is what the identity indicator reads about an agency.
type RiskAgency struct {
	ID                  int64
	Name                string
	LegalRepresentative string
	ContactPhone        string
	Email               string
}

// RiskBid is one agency's bid on a closed project with its evidence.
type RiskBid struct {
	AgencyID int64
	Price    kernel.Money
	Status   string
	// Evidence of every action on the bid, oldest first; the last
	// submission or revision carries the final proposal's hashes.
	Evidence []*BidEvidence
	// Documents are the SHA-256 of the bid's attached documents (响应文件).
	Documents []string
}

// ClosedProject is a project waiting for risk_on_close: its ID and when it closed.
type ClosedProject struct {
	ID       int64
	ClosedAt time.Time
}

// RiskProject is one closed project as the per-project indicators see it.
type RiskProject struct {
	ID       int64
	OwnerID  int64
	Region   string
	Ceiling  *kernel.Money
	Bids     []RiskBid
	Agencies map[int64]RiskAgency
	// UnansweredQuestions counts the questions left unanswered at the close.
	UnansweredQuestions int
}

func (p *RiskProject) flag(ind string, sev int, agencies []int64, key string, summary kernel.Text, ev map[string]any) RiskFlag {
	id, owner := p.ID, p.OwnerID
	sortIDs(agencies)
	return RiskFlag{Indicator: ind, Severity: clampSeverity(sev), ProjectID: &id, OwnerID: &owner, AgencyIDs: agencies,
		Region: p.Region, Key: key, Summary: summary.English(), SummaryText: &summary, Evidence: ev, Source: "close"}
}

// AnalyseProject runs every per-project indicator.
func AnalyseProject(p *RiskProject, cfg RiskConfig) []RiskFlag {
	var out []RiskFlag
	out = append(out, DetectSharedClient(p)...)
	out = append(out, DetectSimilarProposals(p, cfg)...)
	out = append(out, DetectIdenticalBidDocuments(p)...)
	out = append(out, DetectPriceProgression(p, cfg)...)
	out = append(out, DetectSharedIdentity(p)...)
	out = append(out, DetectUnansweredQuestions(p)...)
	return out
}

// DetectSharedClient flags agencies whose bid actions on one project came
// from the same IP address and user agent (委托同一人办理投标).
func DetectSharedClient(p *RiskProject) []RiskFlag {
	clients := agencyGroups{}
	evIDs := map[string][]int64{}
	for _, b := range p.Bids {
		for _, e := range b.Evidence {
			if e.Fingerprint == "" {
				continue
			}
			clients.add(e.Fingerprint, b.AgencyID)
			evIDs[e.Fingerprint] = append(evIDs[e.Fingerprint], e.ID)
		}
	}
	var out []RiskFlag
	for _, g := range clients.shared() {
		ags := g.agencies
		out = append(out, p.flag(IndicatorSharedClient, 80+5*len(ags), ags,
			fmt.Sprintf("%s:p%d:%s", IndicatorSharedClient, p.ID, joinIDs(ags)),
			kernel.T(TextRiskSharedClient, "Agencies", len(ags), "Project", p.ID),
			map[string]any{"evidence_ids": evIDs[g.key], "agencies": len(ags)}))
	}
	return out
}

// DetectSimilarProposals flags identical proposal documents (same SHA-256)
// and near-identical texts (MinHash similarity of at least cfg.SimilarMinJaccard) of
// different agencies on one project (投标文件异常一致).
func DetectSimilarProposals(p *RiskProject, cfg RiskConfig) []RiskFlag {
	type doc struct {
		agency int64
		e      *BidEvidence
	}
	var docs []doc
	for _, b := range p.Bids {
		if ev := proposalEvidence(b.Evidence); len(ev) > 0 {
			n := len(ev)
			e := ev[n-1]
			if e.Action == EvidenceWithdraw && n > 1 {
				e = ev[n-2]
			}
			if e.DocSHA256 != "" && e.TextRunes >= cfg.MinProposalRunes {
				docs = append(docs, doc{b.AgencyID, e})
			}
		}
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].agency < docs[j].agency })
	var out []RiskFlag
	same := agencyGroups{}
	for _, d := range docs {
		same.add(d.e.DocSHA256, d.agency)
	}
	for _, g := range same.shared() {
		ags := g.agencies
		out = append(out, p.flag(IndicatorIdenticalDocuments, 95, append([]int64(nil), ags...),
			fmt.Sprintf("%s:p%d:%s", IndicatorIdenticalDocuments, p.ID, joinIDs(ags)),
			kernel.T(TextRiskIdenticalDocuments, "Agencies", len(ags), "Project", p.ID),
			map[string]any{"doc_sha256": g.key}))
	}
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			a, b := docs[i], docs[j]
			if a.e.DocSHA256 == b.e.DocSHA256 {
				continue
			}
			if sim := Similarity(a.e.MinHash, b.e.MinHash); sim >= cfg.SimilarMinJaccard {
				ags := []int64{a.agency, b.agency}
				out = append(out, p.flag(IndicatorSimilarProposals, 60+int(30*sim), ags,
					fmt.Sprintf("%s:p%d:%s", IndicatorSimilarProposals, p.ID, joinIDs(ags)),
					kernel.T(TextRiskSimilarProposals, "Project", p.ID, "Percent", textPercent(sim)),
					map[string]any{"similarity": math.Round(sim*1000) / 1000}))
			}
		}
	}
	return out
}

// DetectPriceProgression flags three or more prices that step by the same
// amount or the same ratio (报价呈规律性差异). Adjacent prices (in price
// order) may step by any amount; a progression with a round step (a
// multiple of cfg.RoundStep, or of cfg.RoundRatio) may also skip other bids,
// since an honest bid can fall between a ring's cover prices, while an
// accidental exact ladder among non-adjacent independent prices is common
// enough (many triples) to need the stronger sign of a round step.
func DetectPriceProgression(p *RiskProject, cfg RiskConfig) []RiskFlag {
	type pb struct {
		agency int64
		price  kernel.Money
	}
	var bs []pb
	for _, b := range p.Bids {
		if b.Status != BidWithdrawn && b.Price > 0 {
			bs = append(bs, pb{b.AgencyID, b.Price})
		}
	}
	sort.Slice(bs, func(i, j int) bool {
		return bs[i].price < bs[j].price || bs[i].price == bs[j].price && bs[i].agency < bs[j].agency
	})
	if len(bs) < cfg.MinProgression || len(bs) > 200 {
		return nil
	}
	var best []int
	kind := ""
	n := len(bs)
	for _, mode := range []string{"difference", "ratio"} {
		// length[j][k]: longest progression ending with bids j < k; prev its element before j
		length, prev := make([][]int, n), make([][]int, n)
		for j := range length {
			length[j], prev[j] = make([]int, n), make([]int, n)
		}
		for k := 0; k < n; k++ {
			for j := 0; j < k; j++ {
				length[j][k], prev[j][k] = 2, -1
				for i := 0; i < j; i++ {
					// a round step may skip other bids; any other step must be adjacent
					adjacent := i == j-1 && j == k-1
					if length[i][j]+1 > length[j][k] && regularStep(bs[i].price, bs[j].price, bs[k].price, mode, cfg) &&
						(adjacent || roundStep(bs[i].price, bs[j].price, mode, cfg)) {
						length[j][k], prev[j][k] = length[i][j]+1, i
					}
				}
				if length[j][k] >= cfg.MinProgression && length[j][k] > len(best) {
					run := []int{k, j}
					for a, b := j, k; prev[a][b] >= 0; a, b = prev[a][b], a {
						run = append(run, prev[a][b])
					}
					best, kind = run, mode
				}
			}
		}
	}
	if len(best) < cfg.MinProgression {
		return nil
	}
	sort.Ints(best)
	ags := make([]int64, len(best))
	prices := make([]string, len(best))
	for i, x := range best {
		ags[i], prices[i] = bs[x].agency, bs[x].price.String()
	}
	return []RiskFlag{p.flag(IndicatorPriceProgression, 55+10*(len(best)-cfg.MinProgression+1), ags,
		fmt.Sprintf("%s:p%d", IndicatorPriceProgression, p.ID),
		kernel.T(progressionText(kind), "Prices", len(best), "Project", p.ID),
		map[string]any{"prices": prices, "step": kind})}
}

// roundStep reports whether a→b is a round step: a multiple of
// cfg.RoundStep, or a ratio that is a multiple of cfg.RoundRatio.
func roundStep(a, b kernel.Money, mode string, cfg RiskConfig) bool {
	if mode == "difference" {
		r := (b - a) % cfg.RoundStep
		return r <= cfg.PriceAbsTolerance || cfg.RoundStep-r <= cfg.PriceAbsTolerance
	}
	ratio := float64(b) / float64(a)
	units := math.Round((ratio - 1) / cfg.RoundRatio)
	return units >= 1 && math.Abs(float64(a)*(1+units*cfg.RoundRatio)-float64(b)) <= float64(cfg.PriceAbsTolerance)
}

func regularStep(a, b, c kernel.Money, mode string, cfg RiskConfig) bool {
	d1, d2 := b-a, c-b
	if d1 <= 0 || d2 <= 0 {
		return false
	}
	if mode == "difference" {
		diff := d1 - d2
		return diff <= cfg.PriceAbsTolerance && -diff <= cfg.PriceAbsTolerance
	}
	// equal ratios: c is where b/a would put it, to the same tolerance
	return math.Abs(float64(b)*float64(b)/float64(a)-float64(c)) <= float64(cfg.PriceAbsTolerance)
}

// DetectSharedIdentity flags bidders on one project that share a contact
// phone, an e-mail mailbox (ignoring +tags and case) or a legal representative.
func DetectSharedIdentity(p *RiskProject) []RiskFlag {
	var ids []int64
	for _, b := range p.Bids {
		if _, ok := p.Agencies[b.AgencyID]; ok {
			ids = append(ids, b.AgencyID)
		}
	}
	sortIDs(ids)
	var out []RiskFlag
	for i := range ids {
		for j := i + 1; j < len(ids); j++ {
			a, b := p.Agencies[ids[i]], p.Agencies[ids[j]]
			fields := SharedIdentityFields(a, b)
			if len(fields) == 0 {
				continue
			}
			ags := []int64{a.ID, b.ID}
			f := p.flag(IndicatorSharedIdentity, identitySeverity(fields), ags,
				fmt.Sprintf("%s:%s", IndicatorSharedIdentity, joinIDs(ags)),
				kernel.T(TextRiskSharedIdentity, "Project", p.ID).WithTerms("Fields", riskFieldTexts(fields)...),
				map[string]any{"shared": fields})
			out = append(out, f)
		}
	}
	return out
}

// SharedIdentityFields names what two agencies share.
func SharedIdentityFields(a, b RiskAgency) []string {
	var out []string
	if x := normPhone(a.ContactPhone); x != "" && x == normPhone(b.ContactPhone) {
		out = append(out, "contact_phone")
	}
	if x := normMailbox(a.Email); x != "" && x == normMailbox(b.Email) {
		out = append(out, "email")
	}
	if x := strings.Join(strings.Fields(a.LegalRepresentative), ""); x != "" && x == strings.Join(strings.Fields(b.LegalRepresentative), "") {
		out = append(out, "legal_representative")
	}
	return out
}

func normPhone(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return strings.TrimPrefix(b.String(), "86")
}

func normMailbox(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return s
	}
	local := s[:at]
	if k := strings.IndexByte(local, '+'); k > 0 {
		local = local[:k]
	}
	return local + s[at:]
}

func clampSeverity(s int) int { return max(1, min(100, s)) }

func sortIDs(ids []int64) { sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] }) }

func idSet(m map[int64]bool) []int64 {
	out := make([]int64, 0, len(m))
	for id := range m {
		out = append(out, id)
	}
	sortIDs(out)
	return out
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, "-")
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
