package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

var validate = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	// Report JSON field names, not Go ones.
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name := strings.SplitN(f.Tag.Get("json"), ",", 2)[0]
		if name == "-" {
			return ""
		}
		return name
	})
	return v
}()

// bindJSON decodes the body strictly (unknown fields and trailing data are
// refused) and runs the struct's validate tags.
func bindJSON(c echo.Context, dst any) error {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return he
		}
		return domain.Errorf(domain.EINVALID, "unreadable_body", "The request body could not be read.")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return domain.Errorf(domain.EINVALID, "empty_body", "A JSON request body is required.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonSyntaxError(err)
	}
	if dec.More() {
		return domain.Errorf(domain.EINVALID, "malformed_json", "The request body holds more than one JSON value.")
	}
	if err := checkJSONText(body); err != nil {
		return err
	}
	return validateStruct(dst)
}

func validateStruct(v any) error {
	err := validate.Struct(v)
	var ves validator.ValidationErrors
	if errors.As(err, &ves) && len(ves) > 0 {
		fe := ves[0]
		field := fe.Field()
		msg := "Field \"" + field + "\" is invalid (" + fe.Tag() + ")."
		switch fe.Tag() {
		case "required":
			msg = "Field \"" + field + "\" is required."
		case "oneof":
			msg = "Field \"" + field + "\" must be one of: " + fe.Param() + "."
		case "max":
			msg = "Field \"" + field + "\" is too long or too large (max " + fe.Param() + ")."
		case "min":
			msg = "Field \"" + field + "\" is too short or too small (min " + fe.Param() + ")."
		}
		return &domain.Error{Code: domain.EINVALID, Reason: "invalid_" + fe.Tag(), Field: field, Message: msg}
	}
	var inv *validator.InvalidValidationError
	if errors.As(err, &inv) {
		return nil
	}
	return err
}
