package api

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"marketplace/domain"
	"marketplace/domain/market"
)

// VerifyDrawCommand is `verify-draw <project-id> [-url http://localhost:8080]`:
// it fetches the public project from a running server and recomputes its
// random draw from that response alone (market.VerifyPublishedDraw).
func VerifyDrawCommand(ctx context.Context, args []string, out io.Writer) error {
	var id string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		id, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("verify-draw", flag.ContinueOnError)
	base := fs.String("url", "http://localhost:8080", "base URL of a running server")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if id == "" && fs.NArg() == 1 {
		id = fs.Arg(0)
	}
	if id == "" {
		return errors.New("usage: verify-draw <project-id> [-url http://localhost:8080]")
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(*base, "/")+"/api/v1/projects/"+id, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("verify-draw: fetch project: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("verify-draw: read project: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("verify-draw: GET project %s: %s", id, resp.Status)
	}
	d, err := market.VerifyPublishedDraw(body)
	if err != nil {
		fmt.Fprintf(out, "MISMATCH: %s\n", domain.ErrorMessage(err))
		return err
	}
	fmt.Fprintf(out, "OK project %s\ninput: %s\nseed:  %s\norder: %v\n", id, d.Input, d.Seed, d.Order)
	return nil
}
