package domain

import (
	"context"
	"log/slog"

	"marketplace/domain/kernel"
)

// WithRequestID returns ctx carrying the request id (kernel).
func WithRequestID(ctx context.Context, id string) context.Context {
	return kernel.WithRequestID(ctx, id)
}

// RequestID returns the request id carried by ctx, or "" (kernel).
func RequestID(ctx context.Context) string { return kernel.RequestID(ctx) }

// logger is the logger main passed in (Marketplace.Log), or slog's default
// for a Marketplace built without one (tools, some tests): an error the
// domain cannot return is logged, never dropped.
func (m *Marketplace) logger() *slog.Logger {
	if m.Log != nil {
		return m.Log
	}
	return slog.Default()
}
