package opendata

// Webhook limits (the OpenAPI document quotes them through domain's aliases).
const (
	MaxWebhookURLBytes   = 2000
	MaxWebhookEventTypes = 50
)
