package market

import (
	"context"
	"time"

	"marketplace/domain/files"
	"marketplace/domain/kernel"
)

// ContractStore persists the project's contract.
type ContractStore interface {
	// SaveContract inserts the project's contract, or replaces an unsigned
	// one for the next candidate; the schema refuses changes once both signed.
	SaveContract(ctx context.Context, c *Contract) error
	FindContract(ctx context.Context, projectID int64) (*Contract, error)
}

// StagedDocument is a file staged in the file storage: kept under its
// content address once the transaction's work succeeded, discarded
// otherwise (files.Staged is one).
type StagedDocument interface {
	// Keep moves the file to its content address; created is false when an
	// identical file was already there.
	Keep() (created bool, err error)
	// Discard removes the temporary file; it does nothing after Keep.
	Discard() error
}

// ContractDocuments is the electronic contract's port (电子合同): domain
// renders the PDF from the contract templates, stages it in the file
// storage and signs it with the platform's key, on the signing
// transaction (domain's lifecycleTx).
type ContractDocuments interface {
	// RenderContract makes the PDF of p's contract k once both have signed,
	// stages it and records its hash, signature and public key on k; it
	// returns nil when the platform makes no PDF.
	RenderContract(ctx context.Context, p *Project, k *Contract) (StagedDocument, error)
	// SigningKeyID names the key of a base64 public key.
	SigningKeyID(publicKey string) string
}

// signingMissed ends an award whose signing period passed unsigned. When the
// agency had not signed, it gets a signing_refused credit event and the next
// candidate enters publicity (or the project fails). When the agency signed
// and only the owner did not, no agency is at fault: the project fails and
// the owner may repost (the spec is silent; punishing the next agency's
// chance for the owner's delay would be worse).
func (pa *PostAward) signingMissed(ctx context.Context, s LifecycleTx, p *Project, l *Lifecycle, now time.Time) error {
	k, err := s.FindContract(ctx, p.ID)
	if err != nil {
		return err
	}
	if k.AgencySignedAt != nil {
		if err := Fire(ctx, s, p, EventOwnerUnsigned, kernel.SystemActor); err != nil {
			return err
		}
		l.SigningDueAt = nil
		if err := s.SaveLifecycle(ctx, l); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(kernel.SystemActor, "project.failed", "project", ProjectSubject(p.ID),
			map[string]any{"reason": "owner did not sign the contract in time"}))
	}
	if _, err := s.RecordCreditEvent(ctx, CreditEvent{AgencyID: k.AgencyID, Kind: CreditSigningRefused, Source: CreditSourceScheduler,
		Reason: "The contract was not signed within the signing period.", ProjectID: p.ID}); err != nil {
		return err
	}
	return pa.DropCandidate(ctx, s, kernel.SystemActor, p, l, CandidateLapsed, "signing period passed", now)
}

// lockAwardedContract locks an awarded project's lifecycle and reads its
// contract, for the parties' signing and refusal.
func (pa *PostAward) lockAwardedContract(ctx context.Context, s LifecycleTx, projectID int64) (*Project, *Lifecycle, time.Time, *Contract, error) {
	p, l, now, err := pa.LockLifecycle(ctx, s, projectID)
	if err != nil {
		return nil, nil, now, nil, err
	}
	if p.Status != ProjectAwarded {
		return nil, nil, now, nil, ErrNotAwarded
	}
	k, err := s.FindContract(ctx, projectID)
	if err != nil {
		return nil, nil, now, nil, err
	}
	return p, l, now, k, nil
}

// SignContract records the signature of the owner or the awarded agency.
// When both have signed the contract is immutable, the project contracted,
// and the contract's hash goes into the audit chain.
func (pa *PostAward) SignContract(ctx context.Context, actor kernel.Actor, projectID int64) (*Contract, error) {
	if err := kernel.Authorize(actor, kernel.ActSignContract); err != nil {
		return nil, err
	}
	pa.Settle(ctx, projectID)
	var out *Contract
	err := files.KeepLast(ctx, pa.Files, func(keep func(files.Keeper, string) error) error {
		return pa.InTx(ctx, func(s LifecycleTx) error {
			p, l, now, k, err := pa.lockAwardedContract(ctx, s, projectID)
			if err != nil {
				return err
			}
			complete, err := k.Sign(actor.ID, now)
			if err != nil {
				return err
			}
			var staged StagedDocument
			if complete {
				if staged, err = s.RenderContract(ctx, p, k); err != nil {
					return err
				}
				if staged != nil {
					defer staged.Discard()
				}
			}
			if err := s.SaveContract(ctx, k); err != nil {
				return err
			}
			summary := map[string]any{"party": actor.Role, "complete": complete}
			if !complete {
				// The first signer signed these terms; the PDF does not exist
				// until the second signature, whose entry carries its hash.
				summary["terms_hash"] = k.ComputeHash()
			}
			if complete {
				summary["document_sha256"], summary["signature"], summary["key_id"] = k.DocumentSHA256, k.DocumentSignature, s.SigningKeyID(k.SigningPublicKey)
				due := now.Add(time.Duration(k.ServiceDays) * 24 * time.Hour)
				if err := Fire(ctx, s, p, EventSign, actor); err != nil {
					return err
				}
				l.SigningDueAt, l.ServiceDueAt = nil, &due
				if err := s.SaveLifecycle(ctx, l); err != nil {
					return err
				}
				summary["hash"], summary["price"], summary["service_days"], summary["start_date"], summary["service_due_at"] =
					k.Hash, k.Price, k.ServiceDays, k.StartDate, due
			}
			out = k
			if err := s.AppendAudit(ctx, kernel.NewAudit(actor, "contract.signed", "project", ProjectSubject(projectID), summary)); err != nil {
				return err
			}
			if staged == nil {
				return nil
			}
			// the PDF's address, set by RenderContract
			return keep(staged, k.DocumentSHA256)
		})
	})
	return out, err
}

// DeclineContract is the awarded agency refusing the contract (for direct
// selection: declining the pick). It is a signing_refused credit event; the
// next candidate enters publicity, or the project fails. It returns the
// project as it now stands.
func (pa *PostAward) DeclineContract(ctx context.Context, actor kernel.Actor, projectID int64, reason string) (*Project, error) {
	if err := kernel.Authorize(actor, kernel.ActDeclineContract); err != nil {
		return nil, err
	}
	pa.Settle(ctx, projectID)
	reason, err := kernel.ValidateText("reason", reason, MaxContractReasonRunes)
	if err != nil {
		return nil, err
	}
	var out *Project
	err = pa.InTx(ctx, func(s LifecycleTx) error {
		p, l, now, k, err := pa.lockAwardedContract(ctx, s, projectID)
		if err != nil {
			return err
		}
		if actor.ID != k.AgencyID {
			return kernel.Errorf(kernel.EFORBIDDEN, "not_awarded_agency", "Only the awarded agency can decline the contract.")
		}
		if k.AgencySignedAt != nil {
			return kernel.Errorf(kernel.ECONFLICT, "already_signed", "You have already signed this contract.")
		}
		if _, err := s.RecordCreditEvent(ctx, CreditEvent{AgencyID: k.AgencyID, Kind: CreditSigningRefused, Source: CreditSourceSystem,
			Actor: actor, Reason: "The agency refused to sign the contract: " + reason, ProjectID: p.ID}); err != nil {
			return err
		}
		if err := s.AppendAudit(ctx, kernel.NewAudit(actor, "contract.declined", "project", ProjectSubject(p.ID), map[string]any{"reason": reason})); err != nil {
			return err
		}
		if err := pa.DropCandidate(ctx, s, actor, p, l, CandidateDeclined, reason, now); err != nil {
			return err
		}
		out, err = s.FindProjectByID(ctx, projectID, NoLock)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Contract returns a project's contract (public: its terms are the
// published result's).
func (pa *PostAward) Contract(ctx context.Context, projectID int64) (*Contract, error) {
	return pa.Store.FindContract(ctx, projectID)
}
