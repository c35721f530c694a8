package kernel

import "context"

// requestIDKey carries the HTTP request id in a context, so that what the
// domain logs can be matched with the request that caused it.
type requestIDKey struct{}

// WithRequestID returns ctx carrying the request id (set by the HTTP layer).
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id carried by ctx, or "" (a job, a command).
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
