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
	"strings"
	"time"

	"marketplace/domain"
)

// VerifyContractCommand is `verify-contract FILE.pdf -url URL [-public-key KEY]`.
// URL is the contract's notice, GET /api/v1/projects/{id}/contract/signature
// (a project's …/contract/document URL is accepted too), or a JSON file of
// it saved earlier (-url file.json). It checks FILE offline against what is
// published: the SHA-256 of the file must be the published one, and the
// platform's Ed25519 signature of it must verify with the public key — the
// published one, or KEY when given (to trust a key learnt elsewhere, e.g.
// GET /api/v1/audit/public-key).
func VerifyContractCommand(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("verify-contract", flag.ContinueOnError)
	fs.SetOutput(out)
	src := fs.String("url", "", "the contract notice: URL of GET /api/v1/projects/{id}/contract/signature, or a saved copy")
	pin := fs.String("public-key", "", "the platform's public key (base64) to trust instead of the published one")
	// The file may come before the flags (verify-contract FILE -url URL).
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if fs.NArg() > 0 || file == "" {
		return errors.New("usage: verify-contract FILE.pdf -url URL [-public-key KEY]")
	}
	if *src == "" {
		return errors.New("verify-contract: -url is required (the contract's …/contract/signature URL)")
	}
	pdf, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("verify-contract: %w", err)
	}
	notice, err := readContractNotice(ctx, *src)
	if err != nil {
		return err
	}
	if *pin != "" && *pin != notice.PublicKey {
		fmt.Fprintf(out, "WARNING: the published key %s is not the trusted key %s; checking with the trusted key\n", notice.KeyID, domain.SigningKeyID(*pin))
		notice.PublicKey = *pin
	}
	sum, err := domain.VerifyContractDocument(pdf, notice)
	if err != nil {
		fmt.Fprintln(out, "FAIL:", err)
		return fmt.Errorf("verify-contract: %s is not the contract the platform signed for project %d", file, notice.ProjectID)
	}
	fmt.Fprintf(out, "OK: %s is the signed contract of project %d\n  SHA-256 %s\n  signed with Ed25519 key %s\n  %s (%s) and %s (%s), %s, %s to %s\n",
		file, notice.ProjectID, sum, domain.SigningKeyID(notice.PublicKey),
		notice.Owner.Name, notice.Owner.USCC, notice.Agency.Name, notice.Agency.USCC, notice.Price, notice.PeriodStart, notice.PeriodEnd)
	return nil
}

// readContractNotice reads the notice from a URL or a saved file.
func readContractNotice(ctx context.Context, src string) (*domain.ContractNotice, error) {
	var body []byte
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		u := src
		if strings.HasSuffix(u, "/contract/document") {
			u = strings.TrimSuffix(u, "document") + "signature"
		}
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, fmt.Errorf("verify-contract: %w", err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, fmt.Errorf("verify-contract: GET %s: %w", u, err)
		}
		defer resp.Body.Close()
		if body, err = io.ReadAll(io.LimitReader(resp.Body, 1<<20)); err != nil {
			return nil, fmt.Errorf("verify-contract: GET %s: %w", u, err)
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("verify-contract: GET %s: %s: %.300s", u, resp.Status, body)
		}
	} else {
		var err error
		if body, err = os.ReadFile(src); err != nil {
			return nil, fmt.Errorf("verify-contract: %w", err)
		}
	}
	var n domain.ContractNotice
	if err := json.Unmarshal(body, &n); err != nil || n.DocumentSHA256 == "" || n.Signature == "" || n.PublicKey == "" {
		return nil, fmt.Errorf("verify-contract: %s is not a contract notice (GET …/contract/signature)", src)
	}
	return &n, nil
}
