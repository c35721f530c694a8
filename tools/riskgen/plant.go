package riskgen

import (
	"fmt"
	"strings"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

// plantPerProject plants the schemes the close job should find, each on a
// project shared with 2–5 honest bidders.
func (m *Market) plantPerProject() {
	c := m.cfg
	for i := 0; i < c.SharedClient; i++ {
		ring := m.ringAgencies(2+i%2, "")
		client := ring[0].Client // one person submits for the whole ring
		var plans []bidPlan
		for _, a := range ring {
			plans = append(plans, bidPlan{agency: a, share: m.honestShare(), proposal: m.honestProposal(a), client: client, status: market.BidValid})
		}
		p := m.project(m.owner(), m.pickHonest(2+m.r.IntN(4)), plans)
		m.Schemes = append(m.Schemes, Scheme{Indicator: supervision.IndicatorSharedClient, Agencies: ids(ring), ProjectID: p.ID})
	}
	for i := 0; i < c.Identical; i++ {
		ring := m.ringAgencies(2+i%2, "")
		text := m.honestProposal(ring[0])
		var plans []bidPlan
		for j, a := range ring {
			t := text
			if j%2 == 1 { // re-typeset: spacing and line breaks only
				t = strings.ReplaceAll(text, "。", "。\n ")
			}
			plans = append(plans, bidPlan{agency: a, share: m.honestShare(), proposal: t, client: a.Client, status: market.BidValid})
		}
		p := m.project(m.owner(), m.pickHonest(2+m.r.IntN(4)), plans)
		m.Schemes = append(m.Schemes, Scheme{Indicator: supervision.IndicatorIdenticalDocuments, Agencies: ids(ring), ProjectID: p.ID})
	}
	for i := 0; i < c.Similar; i++ {
		ring := m.ringAgencies(2, "")
		base := m.honestProposal(ring[0])
		// the copy: the partner's name, and one sentence swapped for another
		copyText := strings.Replace(base, ring[0].Name, ring[1].Name, 1)
		copyText = strings.Replace(copyText, "。", "。"+sentences[m.r.IntN(len(sentences))]+"。", 1)
		plans := []bidPlan{
			{agency: ring[0], share: m.honestShare(), proposal: base, client: ring[0].Client, status: market.BidValid},
			{agency: ring[1], share: m.honestShare(), proposal: copyText, client: ring[1].Client, status: market.BidValid},
		}
		p := m.project(m.owner(), m.pickHonest(2+m.r.IntN(4)), plans)
		m.Schemes = append(m.Schemes, Scheme{Indicator: supervision.IndicatorSimilarProposals, Agencies: ids(ring), ProjectID: p.ID})
	}
	for i := 0; i < c.Progression; i++ {
		ring := m.ringAgencies(3, "")
		m.nextCeiling = domain.Money((5 + m.r.IntN(46)) * 1_000_000)
		// the ring's prices: a start, then equal steps of a round sum or equal percentages
		price := m.nextCeiling * domain.Money(80+m.r.IntN(6)) / 100
		step := domain.Money(1000 * (1 + m.r.IntN(5)) * 100) // 1,000–5,000 yuan
		var plans []bidPlan
		for _, a := range ring {
			plans = append(plans, bidPlan{agency: a, price: price, proposal: m.honestProposal(a), client: a.Client, status: market.BidValid})
			if i%2 == 1 {
				price = price * 102 / 100 // ×1.02, to the fen
			} else {
				price += step
			}
		}
		p := m.project(m.owner(), m.pickHonest(2+m.r.IntN(4)), plans)
		m.Schemes = append(m.Schemes, Scheme{Indicator: supervision.IndicatorPriceProgression, Agencies: ids(ring), ProjectID: p.ID})
	}
	fields := []string{"contact_phone", "email", "legal_representative"}
	for i := 0; i < c.Identity; i++ {
		ring := m.ringAgencies(2, fields[i%len(fields)])
		var plans []bidPlan
		for _, a := range ring {
			plans = append(plans, bidPlan{agency: a, share: m.honestShare(), proposal: m.honestProposal(a), client: a.Client, status: market.BidValid})
		}
		p := m.project(m.owner(), m.pickHonest(2+m.r.IntN(4)), plans)
		m.Schemes = append(m.Schemes, Scheme{Indicator: supervision.IndicatorSharedIdentity, Agencies: ids(ring), ProjectID: p.ID})
	}
}

// plantHistory plants the schemes only the award history shows.
func (m *Market) plantHistory() {
	c := m.cfg
	for i := 0; i < c.Rotation; i++ {
		ring := m.ringAgencies(4, "")
		for k := 0; k < 8; k++ {
			w := k % len(ring) // the ring's turn
			var plans []bidPlan
			for j, a := range ring {
				share := 0.93 + 0.06*m.r.Float64() // cover bids near the ceiling
				if j == w {
					share = 0.70 + 0.08*m.r.Float64()
				}
				plans = append(plans, bidPlan{agency: a, share: share, proposal: m.honestProposal(a), client: a.Client, status: market.BidValid})
			}
			m.project(m.owner(), m.pickHonest(m.r.IntN(2)), plans)
		}
		m.Schemes = append(m.Schemes, Scheme{Indicator: supervision.IndicatorBidRotation, Agencies: ids(ring)})
	}
	for i := 0; i < c.Yields; i++ {
		ring := m.ringAgencies(2, "")
		low, win := ring[0], ring[1]
		ends := []struct{ status, candidate string }{{market.BidWithdrawn, ""}, {market.BidValid, "declined"}, {market.BidInvalid, ""}}
		for k := 0; k < 3; k++ {
			e := ends[(i+k)%len(ends)]
			plans := []bidPlan{
				{agency: low, share: 0.60, proposal: m.honestProposal(low), client: low.Client, status: e.status, candidate: e.candidate},
				{agency: win, share: 0.985, proposal: m.honestProposal(win), client: win.Client, status: market.BidValid},
			}
			m.project(m.owner(), m.pickHonest(1+m.r.IntN(2)), plans, -1)
			h := &m.History[len(m.History)-1]
			// the partner wins: the honest bids it beat were disqualified, or it was the only one left
			winner := len(h.Bids) - 1
			for j := range h.Bids[:len(h.Bids)-2] {
				h.Bids[j].Candidate = "disqualified"
			}
			h.AwardedAgency, h.AwardPrice = h.Bids[winner].AgencyID, h.Bids[winner].Price
			h.Bids[winner].Candidate = "selected"
		}
		m.Schemes = append(m.Schemes, Scheme{Indicator: supervision.IndicatorLowestYields, Agencies: ids(ring)})
	}
	for i := 0; i < c.Favoured; i++ {
		fav := m.ringAgencies(1, "")[0]
		o := m.owners[i%len(m.owners)]
		for k := 0; k < 10; k++ {
			honest := m.pickHonest(3 + m.r.IntN(3))
			plans := []bidPlan{{agency: fav, share: 0.97, proposal: m.honestProposal(fav), client: fav.Client, status: market.BidValid}}
			if k < 7 { // the favoured agency wins, whatever the price
				m.project(o, honest, plans, len(honest))
			} else {
				m.project(o, honest, plans)
			}
		}
		m.Schemes = append(m.Schemes, Scheme{Indicator: supervision.IndicatorOwnerConcentration, Agencies: []int64{fav.ID}, OwnerID: o.ID})
	}
	var depts []Owner
	for _, o := range m.owners {
		if o.Funding == market.FundingBudget {
			depts = append(depts, o)
		}
	}
	for i := 0; i < c.NearCeiling && len(depts) > 0; i++ {
		a := m.ringAgencies(1, "")[0]
		o := depts[i%len(depts)]
		for k := 0; k < 3; k++ {
			// the rivals' bids were invalid: the partner stands alone
			plans := []bidPlan{{agency: a, share: 0.96 + 0.04*m.r.Float64(), proposal: m.honestProposal(a), client: a.Client, status: market.BidValid}}
			rival := m.pickHonest(1)[0]
			plans = append(plans, bidPlan{agency: rival, share: m.honestShare(), proposal: m.honestProposal(rival), client: rival.Client, status: market.BidInvalid})
			m.project(o, nil, plans, 0)
		}
		m.Schemes = append(m.Schemes, Scheme{Indicator: supervision.IndicatorSingleBidNearCeiling, Agencies: []int64{a.ID}, OwnerID: o.ID})
	}
}

// String describes a scheme.
func (s Scheme) String() string {
	return fmt.Sprintf("%s agencies=%v project=%d owner=%d", s.Indicator, s.Agencies, s.ProjectID, s.OwnerID)
}
