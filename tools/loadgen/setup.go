package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"marketplace/tools/apiclient"
)

// world is what the load phases bid on.
type world struct {
	agencies          []string // tokens
	projects          []int64
	auctions          []int64
	auctionCeilingFen int64
	auctionStepFen    int64
}

const itemCode = "NAT-17" // 工程造价咨询: no statutory qualification, so any agency may bid
const password = "load-test-password"

// setUp registers an enterprise and nAgencies agencies offering the item,
// and publishes nProjects sealed-bid projects and one reverse auction.
func setUp(c *apiclient.Client, nAgencies, nProjects int) (*world, error) {
	run := rand.Uint32()
	w := &world{}
	owner, err := register(c, "enterprise", fmt.Sprintf("负载测试企业%d", run), run, 0)
	if err != nil {
		return nil, err
	}
	for i := 1; i <= nAgencies; i++ {
		tok, err := register(c, "agency", fmt.Sprintf("负载测试中介%d-%d", run, i), run, i)
		if err != nil {
			return nil, err
		}
		if err := c.Call("PATCH", "/api/v1/agencies/me", tok, map[string]any{"service_items": []string{itemCode}}, nil); err != nil {
			return nil, fmt.Errorf("offer item: %w", err)
		}
		w.agencies = append(w.agencies, tok)
	}
	closes := time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)
	create := func(method string, extra map[string]any) (int64, error) {
		in := map[string]any{"title": "负载测试工程造价咨询项目", "description": "用于测量投标吞吐量。", "item_code": itemCode,
			"region": "湖北省武汉市", "funding": "self", "method": method, "bidding_closes_at": closes, "service_days": 10, "min_bids": 1}
		for k, v := range extra {
			in[k] = v
		}
		var p struct{ ID int64 }
		if err := c.Call("POST", "/api/v1/projects", owner, in, &p); err != nil {
			return 0, fmt.Errorf("create project: %w", err)
		}
		if err := c.Call("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), owner, nil, nil); err != nil {
			return 0, fmt.Errorf("publish project: %w", err)
		}
		return p.ID, nil
	}
	for i := 0; i < nProjects; i++ {
		id, err := create("lowest_price", nil)
		if err != nil {
			return nil, err
		}
		w.projects = append(w.projects, id)
	}
	// The smallest step the rules allow (0.5% of the ceiling).
	w.auctionCeilingFen = 1_000_000_00
	w.auctionStepFen = w.auctionCeilingFen / 200
	for i := 0; i < nProjects; i++ {
		id, err := create("reverse_auction", map[string]any{
			"ceiling_price": fmt.Sprintf("%d.00", w.auctionCeilingFen/100), "min_step": fmt.Sprintf("%d.00", w.auctionStepFen/100)})
		if err != nil {
			return nil, err
		}
		w.auctions = append(w.auctions, id)
	}
	return w, nil
}

func register(c *apiclient.Client, role, name string, run uint32, i int) (string, error) {
	email := fmt.Sprintf("load-%d-%s-%d@example.cn", run, role, i)
	first := fmt.Sprintf("91%06d%s", 420100, strings.ToUpper(fmt.Sprintf("%02X%07d", run%200, i)))[:17]
	in := map[string]any{"role": role, "name": name, "uscc": first + string(checkChar(first)), "legal_representative": "负载测试",
		"contact_phone": "13800000000", "email": email, "password": password}
	// Registration accepts the registration commitment in force (信用承诺).
	var commitments struct{ Current map[string]int }
	if err := c.Call("GET", "/api/v1/commitments?kind=registration", "", nil, &commitments); err != nil {
		return "", fmt.Errorf("commitments: %w", err)
	}
	in["accept_commitment_version"] = commitments.Current["registration"]
	if err := c.Call("POST", "/api/v1/auth/register", "", in, nil); err != nil {
		return "", fmt.Errorf("register %s: %w", name, err)
	}
	var s struct{ Token string }
	if err := c.Call("POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": password}, &s); err != nil {
		return "", fmt.Errorf("login %s: %w", email, err)
	}
	return s.Token, nil
}

// checkChar is the GB 32100-2015 check character (the tool keeps no import
// of the product's packages, so that it measures the server from outside).
func checkChar(first17 string) byte {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(alphabet, first17[i]) * weights[i]
	}
	return alphabet[(31-sum%31)%31]
}
