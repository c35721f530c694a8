package jobs

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"marketplace/domain"
	"marketplace/domain/opendata"
)

// Engine limits of one Deliverer.
const (
	// deliveryWorkers bounds the sends in flight at once, over all lanes.
	deliveryWorkers = 64
	// claimLimit bounds one claim and the rows this engine holds leased.
	claimLimit = 512
	// recordBatch and recordWait bound how many attempts one recording
	// transaction holds and how long an attempt waits to be recorded.
	recordBatch = 256
	recordWait  = 10 * time.Millisecond
	// pollInterval is how often an idle engine looks for due rows.
	pollInterval = 250 * time.Millisecond
	// finalFlush bounds the recording of the last attempts on shutdown.
	finalFlush = 10 * time.Second
	// claimTimeout bounds one claim, which shutdown does not cancel.
	claimTimeout = 5 * time.Second
)

// Deliverer sends one outbox topic's deliveries (opendata.WebhookTopic,
// opendata.EmailTopic). It claims with a lease, sends outside any
// transaction lane by lane, each lane within its own concurrency and
// timeout and all within a bounded pool of workers, and records the
// attempts in batched short transactions. The rules are the domain's.
type Deliverer struct {
	Market *domain.Marketplace
	Topic  string
	Log    *slog.Logger

	workers chan struct{}
	mu      sync.Mutex
	busy    map[int64]bool // lanes this engine is sending
	held    int            // leased rows not yet recorded
}

// NewDeliverer returns the engine of one topic.
func NewDeliverer(m *domain.Marketplace, topic string, log *slog.Logger) *Deliverer {
	return &Deliverer{Market: m, Topic: topic, Log: log, workers: make(chan struct{}, deliveryWorkers), busy: map[int64]bool{}}
}

// RunOnce claims what is due, sends it, records every attempt, and
// returns how many deliveries were sent (accepted or not).
func (d *Deliverer) RunOnce(ctx context.Context) (int, error) {
	batch, err := d.claim(ctx)
	if err != nil || len(batch) == 0 {
		return 0, err
	}
	results := make(chan opendata.OutboundResult, len(batch))
	var wg sync.WaitGroup
	d.startLanes(ctx, batch, results, &wg)
	wg.Wait()
	close(results)
	sent := 0
	var all []opendata.OutboundResult
	for r := range results {
		all = append(all, r)
		if r.Skipped == "" && !r.Released {
			sent++
		}
	}
	defer func(n int) {
		d.mu.Lock()
		d.held -= n
		d.mu.Unlock()
	}(len(all))
	for len(all) > 0 {
		n := min(len(all), recordBatch)
		if err := d.Market.Publisher().RecordOutbound(context.WithoutCancel(ctx), all[:n]); err != nil {
			return sent, err
		}
		all = all[n:]
	}
	return sent, nil
}

// Run delivers until ctx ends: it claims whenever rows are due and lanes
// are free, without waiting for slow lanes, and records attempts in
// batches. On the way out, unsent deliveries give their lease back.
func (d *Deliverer) Run(ctx context.Context) {
	results := make(chan opendata.OutboundResult, claimLimit)
	recorded := make(chan struct{})
	wake := make(chan struct{}, 1)
	go d.record(results, recorded, wake)
	var wg sync.WaitGroup
	for ctx.Err() == nil {
		// The claim is not cut short by shutdown: a lease statement that
		// PostgreSQL committed while its context was being cancelled
		// would leave its rows leased, unsent, until the lease ran out. A
		// batch claimed as the engine stops is released by send.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), claimTimeout)
		batch, err := d.claim(cctx)
		cancel()
		if err != nil && ctx.Err() == nil {
			d.Log.Error("claim deliveries", "topic", d.Topic, "err", err)
		}
		if len(batch) > 0 {
			d.startLanes(ctx, batch, results, &wg, wake)
			continue
		}
		select {
		case <-ctx.Done():
		case <-wake:
		case <-time.After(pollInterval):
		}
	}
	wg.Wait()
	close(results)
	<-recorded
}

// record writes results in batches of up to recordBatch, at most
// recordWait after the first of a batch arrived. Recording ends the
// leases, so the engine is woken to claim the lanes' next rows.
func (d *Deliverer) record(results <-chan opendata.OutboundResult, done, wake chan<- struct{}) {
	defer close(done)
	var batch []opendata.OutboundResult
	flush := func() {
		if len(batch) == 0 {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), finalFlush)
		defer cancel()
		if err := d.Market.Publisher().RecordOutbound(ctx, batch); err != nil {
			// The leases run out and the rows are sent again: at least once.
			d.Log.Error("record deliveries", "topic", d.Topic, "n", len(batch), "err", err)
		}
		d.mu.Lock()
		d.held -= len(batch)
		d.mu.Unlock()
		batch = batch[:0]
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case r, ok := <-results:
			if !ok {
				flush()
				return
			}
			if len(batch) == 0 {
				timer.Reset(recordWait)
			}
			batch = append(batch, r)
			if len(batch) >= recordBatch {
				timer.Stop()
				flush()
			}
		case <-timer.C:
			flush()
		}
	}
}

// claim leases due deliveries of lanes this engine is not sending, as
// many as it may still hold.
func (d *Deliverer) claim(ctx context.Context) ([]*opendata.Outbound, error) {
	d.mu.Lock()
	free := claimLimit - d.held
	busy := make([]int64, 0, len(d.busy))
	for lane := range d.busy {
		busy = append(busy, lane)
	}
	d.mu.Unlock()
	if free <= 0 {
		return nil, nil
	}
	batch, err := d.Market.Publisher().ClaimOutbound(ctx, d.Topic, free, busy)
	d.mu.Lock()
	d.held += len(batch)
	d.mu.Unlock()
	return batch, err
}

// startLanes sends each lane of batch in its own goroutines; wake (if
// given) is signalled whenever a lane finishes.
func (d *Deliverer) startLanes(ctx context.Context, batch []*opendata.Outbound, out chan<- opendata.OutboundResult, wg *sync.WaitGroup, wake ...chan struct{}) {
	lanes := map[int64][]*opendata.Outbound{}
	var order []int64
	for _, o := range batch {
		if _, ok := lanes[o.Lane]; !ok {
			order = append(order, o.Lane)
		}
		lanes[o.Lane] = append(lanes[o.Lane], o)
	}
	for _, lane := range order {
		d.mu.Lock()
		d.busy[lane] = true
		d.mu.Unlock()
		wg.Add(1)
		go func(lane int64, items []*opendata.Outbound) {
			defer wg.Done()
			d.sendLane(ctx, items, out)
			d.mu.Lock()
			delete(d.busy, lane)
			d.mu.Unlock()
			for _, w := range wake {
				select {
				case w <- struct{}{}:
				default:
				}
			}
		}(lane, lanes[lane])
	}
}

// sendLane sends one lane's deliveries in order, at most the lane's
// concurrency at a time. After as many consecutive failures as disable
// the endpoint, the rest are dropped unsent (opendata.Publisher.LaneGivesUp).
func (d *Deliverer) sendLane(ctx context.Context, items []*opendata.Outbound, out chan<- opendata.OutboundResult) {
	limits := d.Market.Publisher().LaneLimits(d.Topic)
	var mu sync.Mutex
	next, failures := 0, 0
	if w := items[0].Webhook; w != nil {
		failures = w.Failures
	}
	var wg sync.WaitGroup
	for range min(limits.Concurrency, len(items)) {
		wg.Go(func() {
			for {
				mu.Lock()
				if next == len(items) {
					mu.Unlock()
					return
				}
				o := items[next]
				next++
				givesUp := d.Market.Publisher().LaneGivesUp(o, failures)
				mu.Unlock()
				r := d.send(ctx, o, givesUp)
				if r.Skipped == "" && !r.Released {
					mu.Lock()
					if r.OK() {
						failures = 0
					} else {
						failures++
					}
					mu.Unlock()
				}
				out <- r
			}
		})
	}
	wg.Wait()
}

func (d *Deliverer) send(ctx context.Context, o *opendata.Outbound, givesUp bool) opendata.OutboundResult {
	if givesUp && o.Drop == "" {
		return opendata.OutboundResult{Outbound: o, Skipped: "endpoint disabled after consecutive failures"}
	}
	if o.Drop != "" {
		return opendata.OutboundResult{Outbound: o, Skipped: o.Drop}
	}
	select {
	case d.workers <- struct{}{}:
	case <-ctx.Done():
		return opendata.OutboundResult{Outbound: o, Released: true}
	}
	defer func() { <-d.workers }()
	r := d.Market.Publisher().SendOutbound(ctx, o)
	if r.Err != nil && ctx.Err() != nil {
		// Cut short by shutdown: not the receiver's failure.
		return opendata.OutboundResult{Outbound: o, Released: true}
	}
	return r
}
