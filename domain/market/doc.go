// Package market is the market context: the projects an owner posts and
// the agencies bid for, and the state machine every project moves through
// (SPEC §3). It holds the rules that need nothing but the kernel and the
// leaf packages: the state machine, declared as data (Transitions) so that
// the use cases, the architecture test and the published diagram
// (docs/lifecycle.md) read one table, and the two functions that write a
// project's status through it (Fire, CloseRows); the project itself, its
// checks that need neither the catalogue nor the clock, its avoid list and
// the restrictive-clause check; the lifecycle's Period; the funding sources
// and selection methods; the composite weights and the rankings; the
// abnormally-low-price threshold; the bid and its terms check, the
// reverse auction's value types and price rules, the selection's input and
// score check; and the lifecycle's objections, notice amendments, bidders'
// questions and the contract. Its use cases so far are the questions'
// (Questions) and those after bidding closes (PostAward: the lifecycle's
// core, the award, the contract's signing, payments and evaluations), each
// over the narrow stores and ports it declares, which domain fills.
// Package domain keeps the old names as
// aliases (domain/market_alias.go and the tops of some files), so api/,
// web/, jobs/ and storage/ did not change.
package market
