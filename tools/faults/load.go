package main

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"marketplace/tools/apiclient"
)

// ledger is what one client knows about its own agency's bid: the last
// price the server acknowledged, and the prices sent after it whose answer
// never came (a kill may have committed them or not).
type ledger struct {
	email     string
	lastAcked int64 // fen; 0: none acknowledged
	unsure    []int64
}

type tally struct {
	requests, acked, refused atomic.Int64
	firstOKAfter             atomic.Int64 // unix nanos of the first 2xx after mark
	mark                     atomic.Int64
}

// load runs one client per agency, each placing and replacing its own
// sealed bid on the project until stop is closed. One agency per client
// keeps the order of its bids known, so the database can be checked exactly.
func load(c *apiclient.Client, project int64, agencies []agency, stop <-chan struct{}, t *tally) []*ledger {
	ledgers := make([]*ledger, len(agencies))
	var wg sync.WaitGroup
	for i, a := range agencies {
		l := &ledger{email: a.email}
		ledgers[i] = l
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, seed*7+1))
			for {
				select {
				case <-stop:
					return
				default:
				}
				fen := int64(100_000 + r.IntN(9_000_000))
				t.requests.Add(1)
				err := c.Call("PUT", fmt.Sprintf("/api/v1/projects/%d/bids/mine", project), a.token,
					map[string]any{"price": fmt.Sprintf("%d.%02d", fen/100, fen%100), "proposal": "故障实验投标方案", "service_days": 10}, nil)
				var he *apiclient.HTTPError
				switch {
				case err == nil:
					t.acked.Add(1)
					if t.mark.Load() != 0 {
						t.firstOKAfter.CompareAndSwap(0, time.Now().UnixNano())
					}
					l.lastAcked, l.unsure = fen, nil
				case errors.As(err, &he) && he.Status < 500:
					t.refused.Add(1) // answered and refused: nothing written
				default:
					l.unsure = append(l.unsure, fen)
					time.Sleep(10 * time.Millisecond) // server down: do not spin
				}
			}
		}(uint64(i + 1))
	}
	wg.Wait()
	return ledgers
}
