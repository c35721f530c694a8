package main

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"time"

	"marketplace/domain/identity"
	"marketplace/tools/apiclient"
)

const itemCode = "NAT-17" // 工程造价咨询: no statutory qualification, so any agency may bid
const password = "fault-test-password"

type agency struct{ email, token string }

// setUp registers an enterprise and n agencies offering the item, and
// publishes one sealed-bid project that stays open for two hours.
func setUp(c *apiclient.Client, n int) (int64, []agency, error) {
	run := rand.Uint32()
	owner, err := register(c, "enterprise", run, 0)
	if err != nil {
		return 0, nil, err
	}
	var as []agency
	for i := 1; i <= n; i++ {
		email := fmt.Sprintf("fault-%d-agency-%d@example.cn", run, i)
		tok, err := register(c, "agency", run, i)
		if err != nil {
			return 0, nil, err
		}
		if err := c.Call("PATCH", "/api/v1/agencies/me", tok, map[string]any{"service_items": []string{itemCode}}, nil); err != nil {
			return 0, nil, fmt.Errorf("offer item: %w", err)
		}
		as = append(as, agency{email, tok})
	}
	in := map[string]any{"title": "故障实验工程造价咨询项目", "description": "用于故障实验。", "item_code": itemCode,
		"region": "湖北省武汉市", "funding": "self", "method": "lowest_price", "service_days": 10, "min_bids": 1,
		"bidding_closes_at": time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)}
	var p struct{ ID int64 }
	if err := c.Call("POST", "/api/v1/projects", owner, in, &p); err != nil {
		return 0, nil, fmt.Errorf("create project: %w", err)
	}
	if err := c.Call("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), owner, nil, nil); err != nil {
		return 0, nil, fmt.Errorf("publish project: %w", err)
	}
	return p.ID, as, nil
}

func register(c *apiclient.Client, role string, run uint32, i int) (string, error) {
	email := fmt.Sprintf("fault-%d-%s-%d@example.cn", run, role, i)
	first := fmt.Sprintf("91420100%02X%07d", run%200, i)[:17]
	in := map[string]any{"role": role, "name": fmt.Sprintf("故障实验%s%d-%d", role, run, i), "uscc": first + string(identity.USCCCheckChar(first)),
		"legal_representative": "故障实验", "contact_phone": "13800000000", "email": email, "password": password}
	// Registration accepts the registration commitment in force (信用承诺).
	var commitments struct{ Current map[string]int }
	if err := c.Call("GET", "/api/v1/commitments?kind=registration", "", nil, &commitments); err != nil {
		return "", fmt.Errorf("commitments: %w", err)
	}
	in["accept_commitment_version"] = commitments.Current["registration"]
	if err := c.Call("POST", "/api/v1/auth/register", "", in, nil); err != nil {
		return "", fmt.Errorf("register %s: %w", email, err)
	}
	var s struct{ Token string }
	if err := c.Call("POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": password}, &s); err != nil {
		return "", fmt.Errorf("login %s: %w", email, err)
	}
	return s.Token, nil
}

// withDatabase is base with its database name replaced.
func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}
