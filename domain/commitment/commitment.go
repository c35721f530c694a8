package commitment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// Credit commitments (信用承诺 / 告知承诺): admins keep versioned texts, one
// series for registration (entry) and one for bidding; every version is
// public. Accounts accept the registration text in force when they register
// (or at their next login when a new version is published); each bid
// records the bidding text in force by version and hash. A false commitment
// is a violation of kind false_commitment.

// Commitment kinds.
const (
	Registration = "registration"
	Bidding      = "bidding"
)

// TextMax bounds a commitment text, in characters.
const TextMax = 5000

// Text is one published version of a commitment.
type Text struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	Version     int       `json:"version"`
	Text        string    `json:"text"`
	SHA256      string    `json:"sha256"`
	PublishedAt time.Time `json:"published_at"`
}

// Texts is GET /commitments: every version, newest first, and
// the version in force per kind.
type Texts struct {
	Items   []*Text        `json:"items"`
	Current map[string]int `json:"current"`
}

// Acceptance is an account's acceptance of a registration text.
type Acceptance struct {
	AccountID  int64     `json:"account_id"`
	TextID     int64     `json:"text_id"`
	Version    int       `json:"version"`
	SHA256     string    `json:"sha256"`
	AcceptedAt time.Time `json:"accepted_at"`
}

// Commitment errors.
var (
	ErrNotFound = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "commitment_not_found", Message: "No commitment text with this id."}
	// ErrRequired: the registration commitment in force must be
	// accepted (registration without it, or an existing account's write).
	ErrRequired = &kernel.Error{Code: kernel.EINVALID, Reason: "commitment_required", Field: "accept_commitment_version",
		Message: "Accept the registration commitment in force (accept_commitment_version; see GET /api/v1/commitments)."}
)

// Digest is the hex SHA-256 of a commitment text, as published.
func Digest(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

func checkKind(kind string) error {
	if kind != Registration && kind != Bidding {
		return kernel.FieldError("kind", "commitment_kind", "kind must be registration or bidding.")
	}
	return nil
}

// Book holds the commitments' use cases; domain.Marketplace builds one per
// call from its store.
type Book struct {
	// Store reads outside a transaction.
	Store Store
	// InTx runs a function in one transaction over Tx.
	InTx kernel.TxFunc[Tx]
}

// List returns every published version (public), optionally of one kind.
func (b *Book) List(ctx context.Context, kind string) (*Texts, error) {
	if kind != "" {
		if err := checkKind(kind); err != nil {
			return nil, err
		}
	}
	items, err := b.Store.FindCommitmentTexts(ctx, kind)
	if err != nil {
		return nil, err
	}
	out := &Texts{Items: items, Current: map[string]int{}}
	for _, t := range items {
		out.Current[t.Kind] = max(out.Current[t.Kind], t.Version)
	}
	return out, nil
}

// Publish publishes a new version of a commitment text (admins): the next
// version of its kind, in force from now.
func (b *Book) Publish(ctx context.Context, actor kernel.Actor, kind, text string) (*Text, error) {
	if err := kernel.Authorize(actor, kernel.ActAdminister); err != nil {
		return nil, err
	}
	if err := checkKind(kind); err != nil {
		return nil, err
	}
	text = strings.TrimSpace(text)
	if text == "" || utf8.RuneCountInString(text) > TextMax {
		return nil, kernel.FieldError("text", "commitment_text", "text must be 1 to %d characters.", TextMax)
	}
	t := &Text{Kind: kind, Text: text, SHA256: Digest(text)}
	err := b.InTx(ctx, func(s Tx) error {
		var err error
		if t.PublishedAt, err = s.Now(ctx); err != nil {
			return err
		}
		if err := s.InsertCommitmentText(ctx, t, actor.ID); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "commitment.published", "commitment_text", strconv.FormatInt(t.ID, 10),
			map[string]any{"kind": t.Kind, "version": t.Version, "sha256": t.SHA256}))
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// NeedsRegistration reports whether role registers under the
// registration commitment: the self-registered enterprises and agencies.
func NeedsRegistration(role string) bool {
	return role == kernel.RoleEnterprise || role == kernel.RoleAgency
}

// AcceptRegistration records, in the open transaction s, that account
// accepted registration version `version`, which must be the one in force:
// registration, single sign-on and the login prompt all call it. With no
// registration commitment published it records nothing (nil, nil).
// Accepting again returns the first acceptance.
func AcceptRegistration(ctx context.Context, s Tx, accountID int64, version int) (*Acceptance, error) {
	cur, err := RegistrationInForce(ctx, s, version)
	if err != nil || cur == nil {
		return nil, err
	}
	now, err := s.Now(ctx)
	if err != nil {
		return nil, err
	}
	return s.AcceptCommitment(ctx, accountID, cur, now)
}

// RegistrationInForce returns the registration text in force
// (nil when none is published) after checking that version names it.
func RegistrationInForce(ctx context.Context, s Store, version int) (*Text, error) {
	cur, err := s.CurrentCommitment(ctx, Registration)
	if err != nil || cur == nil {
		return nil, err
	}
	if version == 0 {
		return nil, ErrRequired
	}
	if version != cur.Version {
		e := kernel.FieldError("accept_commitment_version", "commitment_stale", "Version %d is not the registration commitment in force (version %d).", version, cur.Version)
		e.Params = map[string]any{"current": cur.Version}
		return nil, e
	}
	return cur, nil
}

// AcceptText records an acceptance of t (nothing when t is nil).
func AcceptText(ctx context.Context, s Tx, accountID int64, t *Text) error {
	if t == nil {
		return nil
	}
	now, err := s.Now(ctx)
	if err != nil {
		return err
	}
	_, err = s.AcceptCommitment(ctx, accountID, t, now)
	return err
}

// Accept is an existing account accepting the registration text in force,
// by its id (POST /commitments/{id}/accept, the login prompt).
func (b *Book) Accept(ctx context.Context, actor kernel.Actor, textID int64) (*Acceptance, error) {
	if err := kernel.Authorize(actor, kernel.ActAcceptCommitment); err != nil {
		return nil, err
	}
	if !NeedsRegistration(actor.Role) {
		return nil, kernel.ErrForbidden
	}
	var out *Acceptance
	err := b.InTx(ctx, func(s Tx) error {
		t, err := s.FindCommitmentText(ctx, textID)
		if err != nil {
			return err
		}
		if t.Kind != Registration {
			return kernel.Errorf(kernel.ECONFLICT, "commitment_kind", "Only the registration commitment is accepted here; the bidding commitment is accepted with each bid.")
		}
		if out, err = AcceptRegistration(ctx, s, actor.ID, t.Version); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "commitment.accepted", "commitment_text", strconv.FormatInt(t.ID, 10),
			map[string]any{"version": t.Version, "sha256": t.SHA256}))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Pending returns the registration text in force when the actor (an
// enterprise or agency) has not accepted it, else nil.
func (b *Book) Pending(ctx context.Context, actor kernel.Actor) (*Text, error) {
	if !NeedsRegistration(actor.Role) {
		return nil, nil
	}
	return b.Store.PendingRegistrationCommitment(ctx, actor.ID)
}

// Signed returns the account's latest registration acceptance (nil: none),
// shown on an agency's public profile.
func (b *Book) Signed(ctx context.Context, accountID int64) (*Acceptance, error) {
	return b.Store.LatestCommitmentAcceptance(ctx, accountID)
}

// Version is a commitment version as a client sends it: a number,
// or a number in a string (HTML forms and string-valued clients).
type Version int

// UnmarshalJSON accepts 3 or "3".
func (v *Version) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 {
			return kernel.FieldError("accept_commitment_version", "commitment_version", "accept_commitment_version must be a version number.")
		}
		*v = Version(n)
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err != nil || n < 0 {
		return kernel.FieldError("accept_commitment_version", "commitment_version", "accept_commitment_version must be a version number.")
	}
	*v = Version(n)
	return nil
}

// ErrPending refuses a write by an account that has not accepted
// the registration commitment in force (POST /commitments/{id}/accept).
var ErrPending = &kernel.Error{Code: kernel.EFORBIDDEN, Reason: "commitment_required",
	Message: "Accept the registration commitment in force first: POST /api/v1/commitments/{id}/accept (see GET /api/v1/commitments)."}
