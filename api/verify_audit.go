package api

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"marketplace/domain"
	"marketplace/domain/audit"
)

// savedCheckpoints is the file verify-audit reads and writes: the body of
// GET /api/v1/audit/checkpoints (only "items" is read), so that a page
// saved with curl serves as well, plus the public key it was checked with.
type savedCheckpoints struct {
	PublicKey string              `json:"public_key,omitempty"`
	Items     []*audit.Checkpoint `json:"items"`
}

// VerifyAuditCommand is `verify-audit -url URL [-checkpoints FILE] [-save FILE]`.
// It has the server walk its chain (GET /audit/verify), then checks every
// checkpoint, from FILE (saved earlier, outside the platform) or else the
// server's own list: its signature against the platform key, and that the
// chain still has its hash at its position. A checkpoint whose position is
// gone means the tail was cut; a different hash, that it was rewritten.
// -save writes the server's current checkpoints to FILE for next time.
func VerifyAuditCommand(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("verify-audit", flag.ContinueOnError)
	base := fs.String("url", "http://localhost:8080", "base URL of a running server")
	file := fs.String("checkpoints", "", "checkpoints saved earlier (JSON of GET /api/v1/audit/checkpoints)")
	save := fs.String("save", "", "write the server's checkpoints and public key to this file")
	pin := fs.String("public-key", "", "the platform's public key (base64) to trust instead of the server's")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	c := &auditClient{base: strings.TrimRight(*base, "/") + "/api/v1"}

	var key audit.PublicKey
	if err := c.get(ctx, "/audit/public-key", &key); err != nil {
		return err
	}
	var saved savedCheckpoints
	if *file != "" {
		b, err := os.ReadFile(*file)
		if err != nil {
			return fmt.Errorf("verify-audit: %w", err)
		}
		if err := json.Unmarshal(b, &saved); err != nil {
			return fmt.Errorf("verify-audit: %s is not a checkpoint list: %w", *file, err)
		}
	} else {
		items, err := c.allCheckpoints(ctx)
		if err != nil {
			return err
		}
		saved.Items = items
	}
	trusted := key.PublicKey
	switch {
	case *pin != "":
		trusted = *pin
	case saved.PublicKey != "":
		trusted = saved.PublicKey
	}
	if trusted != key.PublicKey {
		fmt.Fprintf(out, "WARNING: the server's public key %s is not the trusted key %s\n", key.KeyID, domain.SigningKeyID(trusted))
	}

	var v audit.Verification
	if err := c.get(ctx, "/audit/verify", &v); err != nil {
		return err
	}
	var problems []string
	if !v.OK {
		problems = append(problems, "the server's chain walk fails: "+v.Reason)
	}
	for _, cp := range saved.Items {
		if p := c.checkpoint(ctx, cp, trusted, v.HeadSeq); p != "" {
			problems = append(problems, p)
		}
	}
	fmt.Fprintf(out, "chain head %d (%s), %d checkpoints checked\n", v.HeadSeq, v.HeadHash, len(saved.Items))
	if *save != "" {
		if err := c.save(ctx, *save, key.PublicKey); err != nil {
			return err
		}
		fmt.Fprintf(out, "checkpoints saved to %s\n", *save)
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(out, "FAIL:", p)
		}
		return fmt.Errorf("verify-audit: %d problem(s); the audit chain does not contain what was checkpointed", len(problems))
	}
	fmt.Fprintln(out, "OK: every checkpoint is in the chain")
	return nil
}

// checkpoint returns what is wrong with one checkpoint, or "".
func (c *auditClient) checkpoint(ctx context.Context, cp *audit.Checkpoint, publicKey string, headSeq int64) string {
	name := fmt.Sprintf("checkpoint seq %d at %s", cp.Seq, cp.At.UTC().Format(time.RFC3339))
	if !domain.VerifySignature(publicKey, cp.SignedMessage(), cp.Signature) {
		return name + ": the signature does not verify with the platform key"
	}
	var link audit.Link
	err := c.get(ctx, "/audit/chain/"+strconv.FormatInt(cp.Seq, 10), &link)
	var nf *notFoundError
	switch {
	case errors.As(err, &nf):
		return fmt.Sprintf("%s: the chain ends at %d, the tail was truncated", name, headSeq)
	case err != nil:
		return fmt.Sprintf("%s: %v", name, err)
	case link.Hash != cp.Hash:
		return fmt.Sprintf("%s: the chain holds %s there, not %s: the tail was rewritten", name, link.Hash, cp.Hash)
	}
	return ""
}

type auditClient struct{ base string }

type notFoundError struct{ path string }

func (e *notFoundError) Error() string { return e.path + ": not found" }

func (c *auditClient) get(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("verify-audit: GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("verify-audit: GET %s: %w", path, err)
	}
	if resp.StatusCode == http.StatusNotFound {
		return &notFoundError{path}
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("verify-audit: GET %s: %s: %.300s", path, resp.Status, body)
	}
	return json.Unmarshal(body, v)
}

// allCheckpoints reads every page of the server's checkpoints.
func (c *auditClient) allCheckpoints(ctx context.Context) ([]*audit.Checkpoint, error) {
	var all []*audit.Checkpoint
	for page := 1; ; page++ {
		var list domain.List[*audit.Checkpoint]
		if err := c.get(ctx, fmt.Sprintf("/audit/checkpoints?per_page=%d&page=%d", domain.MaxPerPage, page), &list); err != nil {
			return nil, err
		}
		all = append(all, list.Items...)
		if len(list.Items) == 0 || len(all) >= list.Total {
			return all, nil
		}
	}
}

func (c *auditClient) save(ctx context.Context, path, publicKey string) error {
	items, err := c.allCheckpoints(ctx)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(savedCheckpoints{PublicKey: publicKey, Items: items}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
