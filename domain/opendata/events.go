package opendata

import (
	"context"
	"encoding/json"
	"sort"
	"strconv"
	"time"

	"marketplace/domain/kernel"
)

// Event is a public lifecycle event as webhooks receive it. ID is stable
// ("evt_" + the audit row id), so a receiver drops redeliveries by it.
type Event struct {
	ID         string         `json:"id"`
	Type       string         `json:"type"`
	OccurredAt time.Time      `json:"occurred_at"`
	ProjectID  *int64         `json:"project_id,omitempty"`
	OCID       string         `json:"ocid,omitempty"`
	AgencyID   *int64         `json:"agency_id,omitempty"`
	Data       map[string]any `json:"data"`
}

// EventParties are the accounts an event concerns, read by the store.
type EventParties struct {
	ProjectID       int64
	ProjectTitle    string
	ItemCode        string
	OwnerID         int64
	AwardedAgencyID int64
	BidderIDs       []int64 // agencies with a live bid (after close, or own bid)
	ItemAgencyIDs   []int64 // active agencies offering the item (publish only)
	ObjectorID      int64
	AgencyID        int64 // credit events: the agency concerned
}

// Audiences of a notification.
const (
	toItemAgencies = 1 << iota
	toOwner
	toBidders
	toAwarded
	toObjector
	toAgency
)

// eventType describes one public event type: the summary fields that may
// be published (a whitelist, so nothing confidential is forwarded by
// accident), who is notified, and the notice's title.
type eventType struct {
	fields   []string
	audience int
	title    string
}

// EventTypes are the public event types webhooks may subscribe to. bid.*
// and auction.bid are absent on purpose: sealed bids are confidential and
// auction bidders anonymous. Objection events never carry the objector.
var EventTypes = map[string]eventType{
	"project.published":         {[]string{"bidding_closes_at", "method"}, toItemAgencies, "新项目发布"},
	"project.cancelled":         {[]string{"reason"}, toBidders, "项目已取消"},
	"project.reposted":          {[]string{"previous_round_id"}, 0, "项目重新发布"},
	"project.closed":            {[]string{"status", "valid_bids", "min_bids"}, toOwner | toBidders, "投标已截止"},
	"project.failed":            {[]string{"reason"}, toOwner | toBidders, "项目流标"},
	"project.result_published":  {[]string{"method", "agency_id", "price"}, toOwner | toBidders, "中选结果公示"},
	"project.candidate_dropped": {nil, toOwner | toAwarded, "中选候选人变更"},
	"project.publicity_resumed": {[]string{"publicity_ends_at"}, toOwner | toAwarded, "公示恢复"},
	"project.awarded":           {[]string{"agency_id", "price", "signing_due_at"}, toOwner | toAwarded, "已确定中选机构，请签订合同"},
	"contract.signed":           {nil, toOwner | toAwarded, "合同签订"},
	"contract.declined":         {nil, toOwner | toAwarded, "合同被拒签"},
	"project.delivered":         {nil, toOwner, "服务成果已交付"},
	"project.delivery_accepted": {[]string{"evaluation_due_at"}, toOwner | toAwarded, "成果已验收，请评价"},
	"project.delivery_returned": {[]string{"reason"}, toAwarded, "成果被退回"},
	"project.overdue":           {[]string{"service_due_at"}, toOwner | toAwarded, "服务逾期"},
	"project.evaluated":         {[]string{"quality", "timeliness", "attitude", "fee"}, toAwarded, "收到服务评价"},
	"project.payment_recorded":  {[]string{"amount", "paid_on"}, toAwarded, "付款已登记"},
	"objection.raised":          {nil, toOwner | toAwarded, "收到异议"},
	"objection.answered":        {nil, toObjector, "异议已答复"},
	"objection.escalated":       {nil, toOwner | toAwarded, "异议已转为投诉"},
	"objection.accepted":        {nil, toOwner | toAwarded | toObjector, "异议已办结（投诉期内未投诉）"},
	"objection.decided":         {[]string{"upheld"}, toOwner | toAwarded | toObjector, "投诉已裁决"},
	"credit.event_recorded":     {[]string{"kind", "points", "grade", "score_after"}, toAgency, "信用记录变动"},
	"credit.suspended":          {[]string{"until"}, toAgency, "已被暂停参与竞价"},
	"credit.blacklisted":        {[]string{"until"}, toAgency, "已被列入黑名单"},
	"credit.reinstated":         {nil, toAgency, "已恢复参与竞价"},
	"credit.appeal_decided":     {nil, 0, "申诉已裁决"},
}

// EventTypeNames lists the public event types, sorted.
func EventTypeNames() []string {
	out := make([]string, 0, len(EventTypes))
	for k := range EventTypes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// PublicEvent builds the public event of audit row a, or reports false
// when the action is not public. Only whitelisted summary fields pass.
func PublicEvent(a *kernel.AuditEntry, parties *EventParties, ocidPrefix string) (*Event, bool) {
	et, ok := EventTypes[a.Action]
	if !ok {
		return nil, false
	}
	var summary map[string]any
	_ = json.Unmarshal(a.Summary, &summary)
	ev := &Event{ID: "evt_" + strconv.FormatInt(a.ID, 10), Type: a.Action, OccurredAt: a.At.UTC(), Data: map[string]any{}}
	for _, f := range et.fields {
		if v, ok := summary[f]; ok {
			ev.Data[f] = v
		}
	}
	if parties.ProjectID > 0 {
		id := parties.ProjectID
		ev.ProjectID, ev.OCID = &id, ocidPrefix+strconv.FormatInt(id, 10)
	}
	if parties.AgencyID > 0 {
		id := parties.AgencyID
		ev.AgencyID = &id
	}
	return ev, true
}

// recipients lists the accounts notified of an event of type et.
func (et eventType) recipients(p *EventParties) []int64 {
	seen := map[int64]bool{}
	var out []int64
	add := func(ids ...int64) {
		for _, id := range ids {
			if id > 0 && !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	if et.audience&toItemAgencies != 0 {
		add(p.ItemAgencyIDs...)
	}
	if et.audience&toOwner != 0 {
		add(p.OwnerID)
	}
	if et.audience&toBidders != 0 {
		add(p.BidderIDs...)
	}
	if et.audience&toAwarded != 0 {
		add(p.AwardedAgencyID)
	}
	if et.audience&toObjector != 0 {
		add(p.ObjectorID)
	}
	if et.audience&toAgency != 0 {
		add(p.AgencyID)
	}
	return out
}

// dispatchBatch is how many events one dispatch run handles.
const dispatchBatch = 200

// DispatchEventsJob drains outbox topic 'events' (filled by the audit-log
// trigger in the writing transaction): for each public event it writes the
// in-app notifications (and queues e-mails when a mailer is set) and queues
// one 'webhook' outbox row per subscribed endpoint with the event frozen as
// payload, so every retry sends the same bytes and the same event id. All
// of it runs in the job's transaction: the fan-out happens exactly once.
func (pub *Publisher) DispatchEventsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	if _, err := s.PruneOutbox(ctx, EventsTopic, now.Add(-OutboxRetention)); err != nil {
		return 0, err
	}
	msgs, err := s.ClaimOutboxMessages(ctx, EventsTopic, now, dispatchBatch)
	if err != nil || len(msgs) == 0 {
		return 0, err
	}
	ids := make([]int64, 0, len(msgs))
	for _, msg := range msgs {
		ids = append(ids, msg.ID)
		if err := pub.dispatchEvent(ctx, s, msg, now); err != nil {
			return 0, err
		}
	}
	if err := s.CompleteOutbox(ctx, ids, now); err != nil {
		return 0, err
	}
	return len(msgs), nil
}

func (pub *Publisher) dispatchEvent(ctx context.Context, s Store, msg *OutboxMessage, now time.Time) error {
	a, err := s.FindAuditByID(ctx, msg.Version)
	if err != nil {
		return err
	}
	et, ok := EventTypes[a.Action]
	if !ok {
		return nil // audited but not public (or a future action): nothing to send
	}
	parties, err := s.EventContext(ctx, a)
	if err != nil {
		return err
	}
	ev, _ := PublicEvent(a, parties, pub.OCIDPrefix)
	n := &Notification{Kind: a.Action, Title: et.title, Body: parties.ProjectTitle, EventID: ev.ID,
		DedupeKey: ev.ID, CreatedAt: now}
	if parties.ProjectID > 0 {
		id := parties.ProjectID
		n.ProjectID = &id
	}
	if _, err := Notify(ctx, s, pub.Config.Mailer != nil, n, et.recipients(parties)); err != nil {
		return err
	}
	targets, err := s.FindWebhookTargets(ctx, a.Action)
	if err != nil {
		return err
	}
	body, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	for _, w := range targets {
		out := &OutboxMessage{OutboxEntry: OutboxEntry{Topic: WebhookTopic, Entity: "webhook", EntityID: w.ID, Version: a.ID,
			NextAttemptAt: now}, Payload: body}
		if err := s.EnqueueOutbox(ctx, out); err != nil {
			return err
		}
	}
	return nil
}
