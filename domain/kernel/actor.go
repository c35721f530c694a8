package kernel

// Roles of an account (SPEC §2).
const (
	// RoleSystem is the role of SystemActor: the scheduler, and every request
	// that first applies a time-driven transition already due.
	RoleSystem     = "system"
	RoleEnterprise = "enterprise"
	RoleAgency     = "agency"
	RoleDepartment = "department"
	RoleAdmin      = "admin"
)

// Account statuses. Suspended, blacklisted and exited apply to agencies.
const (
	StatusActive      = "active"
	StatusSuspended   = "suspended"
	StatusBlacklisted = "blacklisted"
	StatusExited      = "exited"
)

// Actor is whoever performs a use case: an authenticated account, or the
// system itself (scheduler), or the anonymous public (ID 0, Role "").
type Actor struct {
	ID   int64
	Role string
	Name string
	// CommitmentPending: the account must accept the registration
	// commitment in force before it writes (信用承诺).
	CommitmentPending bool
}

// SystemActor is the scheduler and command-line tools.
var SystemActor = Actor{ID: 0, Role: RoleSystem, Name: "system"}

// IsAnonymous reports whether the actor is the unauthenticated public.
func (a Actor) IsAnonymous() bool { return a.Role == "" }
