// Package market is the market context: the projects an owner posts and
// the agencies bid for, and the state machine every project moves through
// (SPEC §3). It starts with the rules that need nothing but the kernel:
// the state machine, declared as data (Transitions) so that the use cases,
// the architecture test and the published diagram (docs/lifecycle.md) read
// one table; the funding sources and selection methods; the composite
// weights and the rankings; the abnormally-low-price threshold. Package
// domain keeps the old names as aliases (domain/market_alias.go), so api/,
// web/, jobs/ and storage/ did not change.
package market
