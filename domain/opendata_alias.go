package domain

import (
	"io"
	"net/netip"
	"time"

	"marketplace/domain/kernel"
	"marketplace/domain/opendata"
)

// Open data (OCDS, events, the outbox, webhooks, notifications, statistics,
// the CSV writer) lives in domain/opendata; these aliases keep the names
// api/, web/, jobs/, storage/, tools/ and the other contexts write.

type (
	OpenDataConfig = opendata.Config
	Mailer         = opendata.Mailer
	Mail           = opendata.Mail

	OutboxMessage  = opendata.OutboxMessage
	OutboxEntry    = opendata.OutboxEntry
	LeaseQuery     = opendata.LeaseQuery
	OutboxOutcome  = opendata.OutboxOutcome
	Outbound       = opendata.Outbound
	OutboundResult = opendata.OutboundResult
	LaneLimits     = opendata.LaneLimits

	Event        = opendata.Event
	EventParties = opendata.EventParties
	Notification = opendata.Notification
	ClosingBid   = opendata.ClosingBid

	Webhook         = opendata.Webhook
	WebhookInput    = opendata.WebhookInput
	WebhookDelivery = opendata.WebhookDelivery
	WebhookRequest  = opendata.WebhookRequest
	WebhookSender   = opendata.WebhookSender
	HostResolver    = opendata.HostResolver

	Stats              = opendata.Stats
	StatCount          = opendata.StatCount
	DepartmentSpending = opendata.DepartmentSpending

	CSVWriter = opendata.CSVWriter

	OCDSEventRef       = opendata.OCDSEventRef
	OCDSValue          = opendata.OCDSValue
	OCDSIdentifier     = opendata.OCDSIdentifier
	OCDSAddress        = opendata.OCDSAddress
	OCDSParty          = opendata.OCDSParty
	OCDSOrgRef         = opendata.OCDSOrgRef
	OCDSPeriod         = opendata.OCDSPeriod
	OCDSClassification = opendata.OCDSClassification
	OCDSItem           = opendata.OCDSItem
	OCDSTender         = opendata.OCDSTender
	OCDSAward          = opendata.OCDSAward
	OCDSMilestone      = opendata.OCDSMilestone
	OCDSTransaction    = opendata.OCDSTransaction
	OCDSImplementation = opendata.OCDSImplementation
	OCDSContract       = opendata.OCDSContract
	OCDSRelease        = opendata.OCDSRelease
	OCDSPublisher      = opendata.OCDSPublisher
	OCDSReleasePackage = opendata.OCDSReleasePackage
	OCDSRecord         = opendata.OCDSRecord
	OCDSRecordPackage  = opendata.OCDSRecordPackage
	OCDSDocument       = opendata.OCDSDocument
	OCDSAmendment      = opendata.OCDSAmendment
	OCDSOrg            = opendata.OCDSOrg
	OCDSCandidate      = opendata.OCDSCandidate
	OCDSDelivery       = opendata.OCDSDelivery
	OCDSPayment        = opendata.OCDSPayment
	OCDSEvent          = opendata.OCDSEvent
)

const (
	EventsTopic  = opendata.EventsTopic
	WebhookTopic = opendata.WebhookTopic
	EmailTopic   = opendata.EmailTopic

	MaxWebhookURLBytes        = opendata.MaxWebhookURLBytes
	MaxWebhookEventTypes      = opendata.MaxWebhookEventTypes
	MaxWebhooksPerAccount     = opendata.MaxWebhooksPerAccount
	WebhookPort               = opendata.WebhookPort
	DefaultWebhookConcurrency = opendata.DefaultWebhookConcurrency
	MaxWebhookConcurrency     = opendata.MaxWebhookConcurrency
	DefaultWebhookTimeout     = opendata.DefaultWebhookTimeout
	MaxWebhookTimeout         = opendata.MaxWebhookTimeout
	EmailConcurrency          = opendata.EmailConcurrency
	EmailTimeout              = opendata.EmailTimeout

	ClosingSoonWindow = opendata.ClosingSoonWindow
	OCDSLicense       = opendata.OCDSLicense
)

// ErrWebhookTargetRefused is the dial-time refusal of an address.
var ErrWebhookTargetRefused = opendata.ErrWebhookTargetRefused

// EventTypes and MethodDetails are opendata's maps themselves (not copies).
var (
	EventTypes    = opendata.EventTypes
	MethodDetails = opendata.MethodDetails
)

func OutboxBackoff(attempts int) time.Duration { return opendata.OutboxBackoff(attempts) }

func EventTypeNames() []string { return opendata.EventTypeNames() }

func PublicEvent(a *kernel.AuditEntry, parties *EventParties, ocidPrefix string) (*Event, bool) {
	return opendata.PublicEvent(a, parties, ocidPrefix)
}

func SignWebhook(secret string, ts int64, body []byte) string {
	return opendata.SignWebhook(secret, ts, body)
}

func PublicAddr(ip netip.Addr) bool { return opendata.PublicAddr(ip) }

func CheckWebhookDial(ap netip.AddrPort, allowPrivate bool) error {
	return opendata.CheckWebhookDial(ap, allowPrivate)
}

func CheckWebhookURL(raw string, allowPrivate bool) error {
	return opendata.CheckWebhookURL(raw, allowPrivate)
}

func NewCSVWriter(w io.Writer) *CSVWriter { return opendata.NewCSVWriter(w) }

func CSVSafeCell(s string) string { return opendata.CSVSafeCell(s) }

func OCDSReleaseActions() []string { return opendata.OCDSReleaseActions() }

func OCDSPartyID(o OCDSOrg) string { return opendata.OCDSPartyID(o) }

func ParseOCID(prefix, ocid string) (int64, error) { return opendata.ParseOCID(prefix, ocid) }
