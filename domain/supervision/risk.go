package supervision

import (
	"crypto/sha256"
	"encoding/hex"
	"hash/fnv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// Risk indicators (docs/risk.md gives the rationale of each). A flag is a
// signal for a department to look at, never a sanction by itself.
const (
	IndicatorSharedClient         = "shared_client"
	IndicatorIdenticalDocuments   = "identical_documents"
	IndicatorSimilarProposals     = "similar_proposals"
	IndicatorPriceProgression     = "price_progression"
	IndicatorSharedIdentity       = "shared_identity"
	IndicatorBidRotation          = "bid_rotation"
	IndicatorLowestYields         = "lowest_yields"
	IndicatorOwnerConcentration   = "owner_concentration"
	IndicatorSingleBidNearCeiling = "single_bid_near_ceiling"
	IndicatorUnansweredQuestions  = "unanswered_questions"
	IndicatorStagePairAffiliated  = "stage_pair_affiliated"
	// IndicatorMarketConcentration flags a market (item × province or city
	// × year) whose awards are concentrated beyond the thresholds of package
	// concentration; its region is the market's, so the departments of that
	// region see it.
	IndicatorMarketConcentration = "market_concentration"
	// IndicatorPersistentLowPrice flags an agency repeatedly rejected (or
	// silent) on abnormally low prices; domain's low-price rules raise it.
	IndicatorPersistentLowPrice = "persistent_low_price"
)

// RiskIndicators lists every indicator, in the order docs/risk.md describes them.
var RiskIndicators = []string{IndicatorSharedClient, IndicatorIdenticalDocuments, IndicatorSimilarProposals,
	IndicatorPriceProgression, IndicatorSharedIdentity, IndicatorBidRotation, IndicatorLowestYields,
	IndicatorOwnerConcentration, IndicatorSingleBidNearCeiling, IndicatorUnansweredQuestions, IndicatorStagePairAffiliated,
	IndicatorMarketConcentration, IndicatorPersistentLowPrice}

// IsRiskIndicator reports whether name is a known indicator.
func IsRiskIndicator(name string) bool {
	for _, i := range RiskIndicators {
		if i == name {
			return true
		}
	}
	return false
}

// RiskConfig holds every threshold of the indicators and the evidence
// retention. DefaultRiskConfig is THE table of defaults; each field's
// comment gives the reason for its default (repeated in docs/risk.md).
type RiskConfig struct {
	SimilarMinJaccard       float64       // estimated Jaccard similarity for "near-identical"
	MinProposalRunes        int           // shorter texts are not compared
	PriceAbsTolerance       kernel.Money  // equal steps or ratios: the third price within this of the ladder
	MinProgression          int           // bids in a regular progression
	RoundStep               kernel.Money  // a step that is a multiple of this is "round"
	RoundRatio              float64       // a ratio step that is a multiple of this is "round"
	RotationMinProjects     int           // projects a group bid on together
	RotationMinCoBidRatio   float64       // shared projects / projects of the less active member
	RotationMinWinners      int           // distinct winners inside the group
	RotationMinGroupWins    float64       // share of the group's projects won by a member
	YieldMinCount           int           // times the same lowest bidder yields to the same winner
	ConcentrationMinWins    int           // awards of one owner to one agency
	ConcentrationMaxPValue  float64       // chance of that many wins under fair competition
	NearCeilingRatio        float64       // award price / ceiling counted as "near the ceiling"
	NearCeilingMinCount     int           // single-bid near-ceiling awards of one owner to one agency
	HistoryWindow           time.Duration // closed projects the history job reads
	HistoryEvery            time.Duration // how often risk_history really recomputes
	EvidenceRetention       time.Duration // bid evidence (IP, user agent) kept this long
	EvidencePurgeBatch      int           // rows purged per batch
	CloseScanBatch          int           // projects analysed per batch by risk_on_close
	HistoryFlagsMaxPerGroup int           // cap of agencies named in one rotation flag
}

// DefaultRiskConfig is the one table of risk thresholds.
var DefaultRiskConfig = RiskConfig{
	// 0.6: independent proposals for one project share its vocabulary but
	// stay below ~0.2 of their 3-character shingles; a copy with names and
	// a few phrases changed keeps 0.7–0.95 (measured on tools/riskgen).
	SimilarMinJaccard: 0.6,
	// Below ~40 characters proposals are boilerplate ("按要求完成") and alike by nature.
	MinProposalRunes: 40,
	// One yuan: a hand-made ladder (steps of 2,000 yuan, or ×1.02 rounded
	// to the fen) is exact to the yuan; independent prices almost never are.
	PriceAbsTolerance: 100,
	// Three is the smallest progression (条例 第40条: 报价呈规律性差异).
	MinProgression: 3,
	// 100 yuan and 0.5%: the steps people choose by hand; a progression
	// with such a step may skip other bidders' prices (see DetectPriceProgression).
	RoundStep:  10000,
	RoundRatio: 0.005,
	// Four shared projects: fewer cannot show a rotation of three winners.
	RotationMinProjects: 4,
	// 70%: honest agencies meet by chance; a ring moves together.
	RotationMinCoBidRatio: 0.7,
	// Three winners: a ring "takes turns"; two could be plain rivals.
	RotationMinWinners: 3,
	// 75%: a ring wins (nearly) every project it bids on together.
	RotationMinGroupWins: 0.75,
	// Twice: once is an accident, twice for the same partner is a pattern.
	YieldMinCount: 2,
	// Three awards: fewer is not a pattern whatever the odds.
	ConcentrationMinWins: 3,
	// 0.5%: only owner–agency pairs with at least ConcentrationMinWins
	// awards are tested (a few dozen in a market of hundreds of agencies),
	// so chance hits stay well under one a night; a stricter level misses
	// an agency given 7 of an owner's 10 projects among 4–6 bidders (p ≈ 0.001–0.003).
	ConcentrationMaxPValue: 0.005,
	// 95% of the ceiling: competition drives prices down; a lone bidder at the
	// ceiling knew it would be alone.
	NearCeilingRatio: 0.95,
	// Twice for the same owner and agency ("repeatedly").
	NearCeilingMinCount: 2,
	// Three years, the blacklist period: older patterns no longer bear on a sanction.
	HistoryWindow: 3 * 365 * 24 * time.Hour,
	// Nightly: history moves slowly and the computation reads every closed project.
	HistoryEvery: 24 * time.Hour,
	// Two years: the limitation period of an administrative penalty
	// (《行政处罚法》第36条); after it the evidence cannot found a case.
	EvidenceRetention: 2 * 365 * 24 * time.Hour,
	// Batches keep each purge transaction short.
	EvidencePurgeBatch: 1000,
	CloseScanBatch:     100,
	// A "ring" larger than this is a market, not a conspiracy; the flag names the first members.
	HistoryFlagsMaxPerGroup: 12,
}

// RiskFlag is one indicator firing on one set of facts.
type RiskFlag struct {
	ID        int64   `json:"id"`
	Indicator string  `json:"indicator"`
	Severity  int     `json:"severity"`
	ProjectID *int64  `json:"project_id"`
	OwnerID   *int64  `json:"owner_id"`
	AgencyIDs []int64 `json:"agency_ids"`
	Region    string  `json:"region"`
	Key       string  `json:"-"`
	Summary   string  `json:"summary"`
	// SummaryText is Summary as a message id and params, for pages.
	SummaryText *kernel.Text   `json:"summary_text,omitempty"`
	Evidence    map[string]any `json:"evidence"`
	Source      string         `json:"source"`
	DetectedAt  time.Time      `json:"detected_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
}

// Bid evidence actions: the bid's own, and the attachment of a document
// to it (whose evidence carries the file's hash, not the proposal's).
const (
	EvidenceSubmit         = "submit"
	EvidenceRevise         = "revise"
	EvidenceWithdraw       = "withdraw"
	EvidenceDocumentAdd    = "document_add"
	EvidenceDocumentRemove = "document_remove"
)

// The bid statuses, the funding and the method of a project that the
// indicators read, as domain writes them (market/bid.go, market/project.go) and the store
// loads them into RiskBid, HistoryBid and HistoryProject. Domain owns these
// values; a test there keeps these copies equal to them.
const (
	BidValid      = "valid"
	BidInvalid    = "invalid"
	BidWithdrawn  = "withdrawn"
	FundingBudget = "budget"
	MethodDirect  = "direct"
)

// BidClient is who sent a bid request (kernel.Client: the market passes it
// along, supervision records it).
type BidClient = kernel.Client

// BidEvidence is what the platform records about one bid action, for
// supervision only: departments and admins read it; it is deleted after
// RiskConfig.EvidenceRetention.
type BidEvidence struct {
	ID          int64     `json:"id"`
	ProjectID   int64     `json:"project_id"`
	AgencyID    int64     `json:"agency_id"`
	AccountID   int64     `json:"account_id"`
	Action      string    `json:"action"`
	ClientIP    string    `json:"client_ip"`
	UserAgent   string    `json:"user_agent"`
	Fingerprint string    `json:"fingerprint"`
	DocSHA256   string    `json:"doc_sha256"`
	MinHash     []uint32  `json:"-"`
	MinHashHex  string    `json:"minhash"`
	TextRunes   int       `json:"text_runes"`
	At          time.Time `json:"at"`
}

// NewBidEvidence builds the evidence of one action on a bid with the given
// proposal text (bids carry no uploaded document, so the SHA-256 is the
// proposal text's, normalised).
func NewBidEvidence(actor kernel.Actor, projectID int64, action string, client BidClient, proposal string, at time.Time) *BidEvidence {
	ip, ua := kernel.TruncateRunes(client.IP, 64), kernel.TruncateRunes(client.UserAgent, 512)
	e := &BidEvidence{ProjectID: projectID, AgencyID: actor.ID, AccountID: actor.ID, Action: action,
		ClientIP: ip, UserAgent: ua, Fingerprint: BidClient{IP: ip, UserAgent: ua}.Fingerprint(), At: at}
	norm := NormalizeProposal(proposal)
	if norm != "" {
		h := sha256.Sum256([]byte(norm))
		e.DocSHA256 = hex.EncodeToString(h[:])
		e.MinHash = MinHash(norm)
		e.MinHashHex = MinHashHex(e.MinHash)
		e.TextRunes = utf8.RuneCountInString(norm)
	}
	return e
}

// NormalizeProposal keeps letters and digits only, lower-cased: spacing,
// punctuation and line breaks must not hide a copy.
func NormalizeProposal(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// MinHashSize is the number of hash functions of a proposal sketch.
const MinHashSize = 64

// MinHash is the MinHash sketch of normalised text over character
// 3-shingles: Chinese has no spaces, so characters, not words, are the
// unit. Two sketches agree in a share of positions that estimates the
// Jaccard similarity of the two texts' shingle sets (±0.06 at 64 hashes).
func MinHash(norm string) []uint32 {
	r := []rune(norm)
	if len(r) == 0 {
		return nil
	}
	out := make([]uint32, MinHashSize)
	for i := range out {
		out[i] = ^uint32(0)
	}
	add := func(sh string) {
		h := fnv.New64a()
		h.Write([]byte(sh))
		v := h.Sum64()
		for i := range out {
			if x := uint32(splitmix(v+uint64(i)*0x9e3779b97f4a7c15) >> 32); x < out[i] {
				out[i] = x
			}
		}
	}
	if len(r) < 3 {
		add(string(r))
	} else {
		for i := 0; i+3 <= len(r); i++ {
			add(string(r[i : i+3]))
		}
	}
	return out
}

func splitmix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// Similarity estimates the Jaccard similarity of two sketches (0 when
// either is missing).
func Similarity(a, b []uint32) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// MinHashHex encodes a sketch as hex (8 digits a hash).
func MinHashHex(m []uint32) string {
	b := make([]byte, 0, len(m)*4)
	for _, v := range m {
		b = append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	return hex.EncodeToString(b)
}

// ParseMinHashHex decodes MinHashHex ("" gives nil).
func ParseMinHashHex(s string) []uint32 {
	b, err := hex.DecodeString(s)
	if err != nil || len(b)%4 != 0 || len(b) == 0 {
		return nil
	}
	out := make([]uint32, len(b)/4)
	for i := range out {
		out[i] = uint32(b[4*i])<<24 | uint32(b[4*i+1])<<16 | uint32(b[4*i+2])<<8 | uint32(b[4*i+3])
	}
	return out
}
