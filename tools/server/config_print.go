package server

import (
	"encoding"
	"fmt"
	"io"
	"net"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// setting is one field of Config as its struct tags describe it.
type setting struct {
	Field   string // Go field name
	Name    string // environment variable
	Default string // envDefault ("" when none)
	Desc    string
	Secret  string // "", "true" or "url"
	Value   reflect.Value
}

// settings lists c's fields that come from the environment, in the
// struct's order.
func settings(c *Config) []setting {
	v := reflect.ValueOf(c).Elem()
	var out []setting
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("env"), ",")
		if name == "" || name == "-" {
			continue
		}
		out = append(out, setting{Field: f.Name, Name: name, Default: f.Tag.Get("envDefault"), Desc: f.Tag.Get("desc"),
			Secret: f.Tag.Get("secret"), Value: v.Field(i)})
	}
	return out
}

// masked stands for a secret's value.
const masked = "******"

// printConfig writes the effective settings as NAME=value lines, secrets
// masked, so that an operator sees what a command would run with.
func printConfig(w io.Writer, c Config) error {
	for _, s := range settings(&c) {
		if _, err := fmt.Fprintf(w, "%s=%s\n", s.Name, s.display()); err != nil {
			return err
		}
	}
	return nil
}

// display is the value as it would be set, or masked.
func (s setting) display() string {
	v := formatValue(s.Value)
	switch {
	case v == "":
		return ""
	case s.Secret == "url":
		urls := strings.Split(v, ",")
		for i, u := range urls {
			urls[i] = maskURLPassword(u)
		}
		return strings.Join(urls, ",")
	case s.Secret != "":
		return masked
	}
	return v
}

func formatValue(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case time.Duration:
		return x.String()
	case []string:
		return strings.Join(x, ",")
	case []*net.IPNet:
		nets := make([]string, len(x))
		for i, n := range x {
			nets[i] = n.String()
		}
		return strings.Join(nets, ",")
	case encoding.TextMarshaler:
		b, err := x.MarshalText()
		if err != nil {
			return fmt.Sprintf("(%v)", err)
		}
		return string(b)
	}
	return fmt.Sprint(v.Interface())
}

// maskURLPassword hides the password of a database URL, in its user part
// or its query, and keeps the rest to be checked. A value that is not a URL
// (a key=value connection string) is hidden whole if it may hold one.
func maskURLPassword(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		if strings.Contains(strings.ToLower(s), "password") {
			return masked
		}
		return s
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
