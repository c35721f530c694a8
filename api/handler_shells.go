package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// The shells most handlers share: read the path's id and the JSON body,
// call the use case for the request's actor (who is authorised there, in
// domain), answer its result as JSON with status or its error.

// onPath: the path's id, then the use case.
func onPath[Out any](c echo.Context, idOf func(echo.Context) (int64, error), status int,
	call func(ctx context.Context, a domain.Actor, id int64) (Out, error)) error {
	id, err := idOf(c)
	if err != nil {
		return err
	}
	out, err := call(c.Request().Context(), ActorOf(c), id)
	return answer(c, status, out, err)
}

// onPathBody: the path's id, the JSON body, then the use case.
func onPathBody[Req, Out any](c echo.Context, idOf func(echo.Context) (int64, error), status int,
	call func(ctx context.Context, a domain.Actor, id int64, req Req) (Out, error)) error {
	id, err := idOf(c)
	if err != nil {
		return err
	}
	var req Req
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	out, err := call(c.Request().Context(), ActorOf(c), id, req)
	return answer(c, status, out, err)
}

// onPathItems: the path's id, then the use case listing what belongs to
// it, answered 200 as {"items": […]}.
func onPathItems[Item any](c echo.Context, idOf func(echo.Context) (int64, error),
	list func(ctx context.Context, a domain.Actor, id int64) ([]Item, error)) error {
	id, err := idOf(c)
	if err != nil {
		return err
	}
	items, err := list(c.Request().Context(), ActorOf(c), id)
	return answer(c, http.StatusOK, map[string]any{"items": items}, err)
}

// onBody: the JSON body, then the use case.
func onBody[Req, Out any](c echo.Context, status int, call func(ctx context.Context, a domain.Actor, req Req) (Out, error)) error {
	var req Req
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	out, err := call(c.Request().Context(), ActorOf(c), req)
	return answer(c, status, out, err)
}

// answer writes out as JSON with status, or returns err.
func answer[Out any](c echo.Context, status int, out Out, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(status, out)
}
