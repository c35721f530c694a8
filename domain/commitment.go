package domain

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Credit commitments (信用承诺 / 告知承诺): admins keep versioned texts, one
// series for registration (entry) and one for bidding; every version is
// public. Accounts accept the registration text in force when they register
// (or at their next login when a new version is published); each bid
// records the bidding text in force by version and hash. A false commitment
// is a violation of kind false_commitment.

// Commitment kinds.
const (
	CommitmentRegistration = "registration"
	CommitmentBidding      = "bidding"
)

// CommitmentTextMax bounds a commitment text, in characters.
const CommitmentTextMax = 5000

// CommitmentText is one published version of a commitment.
type CommitmentText struct {
	ID          int64     `json:"id"`
	Kind        string    `json:"kind"`
	Version     int       `json:"version"`
	Text        string    `json:"text"`
	SHA256      string    `json:"sha256"`
	PublishedAt time.Time `json:"published_at"`
}

// CommitmentTexts is GET /commitments: every version, newest first, and
// the version in force per kind.
type CommitmentTexts struct {
	Items   []*CommitmentText `json:"items"`
	Current map[string]int    `json:"current"`
}

// CommitmentAcceptance is an account's acceptance of a registration text.
type CommitmentAcceptance struct {
	AccountID  int64     `json:"account_id"`
	TextID     int64     `json:"text_id"`
	Version    int       `json:"version"`
	SHA256     string    `json:"sha256"`
	AcceptedAt time.Time `json:"accepted_at"`
}

// Commitment errors.
var (
	ErrCommitmentNotFound = &Error{Code: ENOTFOUND, Reason: "commitment_not_found", Message: "No commitment text with this id."}
	// ErrCommitmentRequired: the registration commitment in force must be
	// accepted (registration without it, or an existing account's write).
	ErrCommitmentRequired = &Error{Code: EINVALID, Reason: "commitment_required", Field: "accept_commitment_version",
		Message: "Accept the registration commitment in force (accept_commitment_version; see GET /api/v1/commitments)."}
)

// CommitmentDigest is the hex SHA-256 of a commitment text, as published.
func CommitmentDigest(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

func checkCommitmentKind(kind string) error {
	if kind != CommitmentRegistration && kind != CommitmentBidding {
		return FieldError("kind", "commitment_kind", "kind must be registration or bidding.")
	}
	return nil
}

// ListCommitments returns every published version (public), optionally of
// one kind.
func (m *Marketplace) ListCommitments(ctx context.Context, kind string) (*CommitmentTexts, error) {
	if kind != "" {
		if err := checkCommitmentKind(kind); err != nil {
			return nil, err
		}
	}
	items, err := m.Store.FindCommitmentTexts(ctx, kind)
	if err != nil {
		return nil, err
	}
	out := &CommitmentTexts{Items: items, Current: map[string]int{}}
	for _, t := range items {
		out.Current[t.Kind] = max(out.Current[t.Kind], t.Version)
	}
	return out, nil
}

// PublishCommitment publishes a new version of a commitment text (admins):
// the next version of its kind, in force from now.
func (m *Marketplace) PublishCommitment(ctx context.Context, actor Actor, kind, text string) (*CommitmentText, error) {
	if err := Authorize(actor, ActAdminister); err != nil {
		return nil, err
	}
	if err := checkCommitmentKind(kind); err != nil {
		return nil, err
	}
	text = strings.TrimSpace(text)
	if text == "" || utf8.RuneCountInString(text) > CommitmentTextMax {
		return nil, FieldError("text", "commitment_text", "text must be 1 to %d characters.", CommitmentTextMax)
	}
	t := &CommitmentText{Kind: kind, Text: text, SHA256: CommitmentDigest(text)}
	err := m.Store.InTx(ctx, func(s Store) error {
		var err error
		if t.PublishedAt, err = s.Now(ctx); err != nil {
			return err
		}
		if err := s.InsertCommitmentText(ctx, t, actor.ID); err != nil {
			return err
		}
		return s.AppendAudit(ctx, NewAudit(actor, "commitment.published", "commitment_text", strconv.FormatInt(t.ID, 10),
			map[string]any{"kind": t.Kind, "version": t.Version, "sha256": t.SHA256}))
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// needsRegistrationCommitment reports whether role registers under the
// registration commitment: the self-registered enterprises and agencies.
func needsRegistrationCommitment(role string) bool {
	return role == RoleEnterprise || role == RoleAgency
}

// AcceptRegistrationCommitment records, in the open transaction s, that
// account accepted registration version `version`, which must be the one in
// force: registration, single sign-on and the login prompt all call it.
// With no registration commitment published it records nothing (nil, nil).
// Accepting again returns the first acceptance.
func (m *Marketplace) AcceptRegistrationCommitment(ctx context.Context, s Store, accountID int64, version int) (*CommitmentAcceptance, error) {
	return acceptRegistrationCommitment(ctx, s, accountID, version)
}

func acceptRegistrationCommitment(ctx context.Context, s Store, accountID int64, version int) (*CommitmentAcceptance, error) {
	cur, err := registrationCommitmentInForce(ctx, s, version)
	if err != nil || cur == nil {
		return nil, err
	}
	now, err := s.Now(ctx)
	if err != nil {
		return nil, err
	}
	return s.AcceptCommitment(ctx, accountID, cur, now)
}

// registrationCommitmentInForce returns the registration text in force
// (nil when none is published) after checking that version names it.
func registrationCommitmentInForce(ctx context.Context, s Store, version int) (*CommitmentText, error) {
	cur, err := s.CurrentCommitment(ctx, CommitmentRegistration)
	if err != nil || cur == nil {
		return nil, err
	}
	if version == 0 {
		return nil, ErrCommitmentRequired
	}
	if version != cur.Version {
		e := FieldError("accept_commitment_version", "commitment_stale", "Version %d is not the registration commitment in force (version %d).", version, cur.Version)
		e.Params = map[string]any{"current": cur.Version}
		return nil, e
	}
	return cur, nil
}

// acceptCommitmentText records an acceptance of t (nothing when t is nil).
func acceptCommitmentText(ctx context.Context, s Store, accountID int64, t *CommitmentText) error {
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

// AcceptCommitment is an existing account accepting the registration text
// in force, by its id (POST /commitments/{id}/accept, the login prompt).
func (m *Marketplace) AcceptCommitment(ctx context.Context, actor Actor, textID int64) (*CommitmentAcceptance, error) {
	if err := Authorize(actor, ActAcceptCommitment); err != nil {
		return nil, err
	}
	if !needsRegistrationCommitment(actor.Role) {
		return nil, ErrForbidden
	}
	var out *CommitmentAcceptance
	err := m.Store.InTx(ctx, func(s Store) error {
		t, err := s.FindCommitmentText(ctx, textID)
		if err != nil {
			return err
		}
		if t.Kind != CommitmentRegistration {
			return Errorf(ECONFLICT, "commitment_kind", "Only the registration commitment is accepted here; the bidding commitment is accepted with each bid.")
		}
		if out, err = acceptRegistrationCommitment(ctx, s, actor.ID, t.Version); err != nil {
			return err
		}
		return s.AppendAudit(ctx, NewAudit(actor, "commitment.accepted", "commitment_text", strconv.FormatInt(t.ID, 10),
			map[string]any{"version": t.Version, "sha256": t.SHA256}))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PendingRegistrationCommitment returns the registration text in force when
// the actor (an enterprise or agency) has not accepted it, else nil.
func (m *Marketplace) PendingRegistrationCommitment(ctx context.Context, actor Actor) (*CommitmentText, error) {
	if !needsRegistrationCommitment(actor.Role) {
		return nil, nil
	}
	return m.Store.PendingRegistrationCommitment(ctx, actor.ID)
}

// SignedCommitment returns the account's latest registration acceptance
// (nil: none), shown on an agency's public profile.
func (m *Marketplace) SignedCommitment(ctx context.Context, accountID int64) (*CommitmentAcceptance, error) {
	return m.Store.LatestCommitmentAcceptance(ctx, accountID)
}

// CommitmentVersion is a commitment version as a client sends it: a number,
// or a number in a string (HTML forms and string-valued clients).
type CommitmentVersion int

// UnmarshalJSON accepts 3 or "3".
func (v *CommitmentVersion) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 {
			return FieldError("accept_commitment_version", "commitment_version", "accept_commitment_version must be a version number.")
		}
		*v = CommitmentVersion(n)
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err != nil || n < 0 {
		return FieldError("accept_commitment_version", "commitment_version", "accept_commitment_version must be a version number.")
	}
	*v = CommitmentVersion(n)
	return nil
}

// ErrCommitmentPending refuses a write by an account that has not accepted
// the registration commitment in force (POST /commitments/{id}/accept).
var ErrCommitmentPending = &Error{Code: EFORBIDDEN, Reason: "commitment_required",
	Message: "Accept the registration commitment in force first: POST /api/v1/commitments/{id}/accept (see GET /api/v1/commitments)."}
