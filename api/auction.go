package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

type auctionBidRequest struct {
	Price *domain.Money `json:"price" validate:"required"`
}

func (s *Server) handleAuctionBid(c echo.Context) error {
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	var req auctionBidRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	st, err := s.Market.PlaceAuctionBid(c.Request().Context(), ActorOf(c), id, *req.Price,
		supervision.BidClient{IP: c.RealIP(), UserAgent: c.Request().UserAgent()})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, st)
}

func (s *Server) handleAuctionGet(c echo.Context) error {
	return onPath(c, ProjectID, http.StatusOK, s.Market.Bidding().GetAuction)
}

// streamHeartbeat keeps proxies from closing an idle stream.
const streamHeartbeat = 15 * time.Second

// handleAuctionStream sends server-sent events: "state" with the whole
// public state first, then "bid" and "closed" events as any replica
// records them (fanned out through LISTEN/NOTIFY). The stream ends when the
// auction closes or the client goes away.
func (s *Server) handleAuctionStream(c echo.Context) error {
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	st, events, cancel, err := s.Market.Bidding().SubscribeAuction(ctx, ActorOf(c), id)
	if err != nil {
		return err
	}
	defer cancel()
	w := c.Response()
	// The stream outlives the server's read and write timeouts: no read
	// deadline (the request is fully read), and each write gets its own
	// deadline below, so a client that stops reading is still dropped.
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	writeTimeout := s.timeouts().Write
	w.Header().Set(echo.HeaderContentType, "text/event-stream")
	w.Header().Set(echo.HeaderCacheControl, "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	send := func(event, evID string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		_ = rc.SetWriteDeadline(time.Now().Add(writeTimeout))
		if evID != "" {
			fmt.Fprintf(w, "id: %s\n", evID)
		}
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, b); err != nil {
			return err
		}
		w.Flush()
		return nil
	}
	if err := send("state", strconv.Itoa(st.Bids), st); err != nil || st.Status != market.ProjectBidding {
		return nil
	}
	tick := time.NewTicker(streamHeartbeat)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.stopping:
			return nil
		case <-tick.C:
			_ = rc.SetWriteDeadline(time.Now().Add(writeTimeout))
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return nil
			}
			w.Flush()
		case ev := <-events:
			evID := ""
			if ev.Seq > 0 {
				evID = strconv.Itoa(ev.Seq)
			}
			if err := send(ev.Kind, evID, ev); err != nil || ev.Kind == market.AuctionEventClosed {
				return nil
			}
		}
	}
}
