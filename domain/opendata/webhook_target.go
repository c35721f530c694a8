package opendata

import (
	"context"
	"errors"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"marketplace/domain/kernel"
)

// WebhookPort is the only port a production webhook may target (HTTPS).
// Development (AllowPrivateWebhooks) lifts the port, scheme and address
// rules so that local receivers on any port work.
const WebhookPort = 443

// webhookResolveTimeout bounds the registration-time lookup of a host name.
const webhookResolveTimeout = 3 * time.Second

// HostResolver looks host names up (net.Resolver has this method); the
// registration-time check uses it. The dial-time check is the one that
// counts: a name may resolve elsewhere later (DNS rebinding).
type HostResolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// specialPurpose lists the IANA special-purpose address blocks (RFC 6890
// and its updates) and other ranges no public endpoint lives in. A webhook
// may target none of them.
var specialPurpose = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		// IPv4
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
		"192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16",
		"192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
		// IPv6 (IPv4-mapped, NAT64 64:ff9b::/96 and 6to4 2002::/16 are
		// unwrapped to their IPv4 address before this list is consulted)
		"::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "2620:4f:8000::/48", "3fff::/20",
		"5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// embeddedIPv4 returns the IPv4 address an IPv6 address stands for
// (IPv4-mapped, NAT64 well-known prefix, 6to4), or ip itself.
func embeddedIPv4(ip netip.Addr) netip.Addr {
	ip = ip.Unmap()
	if !ip.Is6() {
		return ip
	}
	b := ip.As16()
	switch {
	case nat64.Contains(ip):
		return netip.AddrFrom4([4]byte(b[12:16]))
	case sixToFour.Contains(ip):
		return netip.AddrFrom4([4]byte(b[2:6]))
	}
	return ip
}

// PublicAddr reports whether ip is a public unicast address: after
// unwrapping the IPv4 it may embed, a global unicast address outside every
// special-purpose block.
func PublicAddr(ip netip.Addr) bool {
	ip = embeddedIPv4(ip.WithZone(""))
	if !ip.IsValid() || !ip.IsGlobalUnicast() {
		return false
	}
	for _, p := range specialPurpose {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// ErrWebhookTargetRefused is the dial-time refusal of an address.
var ErrWebhookTargetRefused = errors.New("webhook: refused to connect to a non-public address or port")

// CheckWebhookDial is the rule a sender applies to every address it is
// about to connect to, after name resolution: so a name that resolved to
// a public address at registration and to an internal one now is refused.
func CheckWebhookDial(ap netip.AddrPort, allowPrivate bool) error {
	if allowPrivate {
		return nil
	}
	if ap.Port() != WebhookPort || !PublicAddr(ap.Addr()) {
		return ErrWebhookTargetRefused
	}
	return nil
}

var errWebhookPrivate = kernel.FieldError("url", "webhook_url_private", "Webhook URLs may not point to loopback, private or other special-purpose addresses.")

// CheckWebhookURL refuses URLs that are not absolute HTTPS on port 443,
// carry credentials, or name a loopback, private or other special-purpose
// address (SSRF). allowPrivate lifts the scheme, port and address rules
// for development and tests. Names are not resolved here (see
// Publisher.checkWebhookTarget).
func CheckWebhookURL(raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || len(raw) > MaxWebhookURLBytes {
		return kernel.FieldError("url", "webhook_url_invalid", "url must be an absolute https URL.")
	}
	if u.Scheme != "https" && !(allowPrivate && u.Scheme == "http") {
		return kernel.FieldError("url", "webhook_url_not_https", "Webhook URLs must use https.")
	}
	if u.User != nil || u.Fragment != "" {
		return kernel.FieldError("url", "webhook_url_invalid", "Webhook URLs may not carry credentials or a fragment.")
	}
	if allowPrivate {
		return nil
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return errWebhookPrivate
	}
	if ip, err := netip.ParseAddr(host); err == nil && !PublicAddr(ip) {
		return errWebhookPrivate
	} else if err != nil && strings.Contains(host, ":") {
		return kernel.FieldError("url", "webhook_url_invalid", "url must be an absolute https URL.")
	}
	if p := u.Port(); p != "" && p != strconv.Itoa(WebhookPort) {
		return kernel.FieldError("url", "webhook_url_port", "Webhook URLs must use the standard HTTPS port %d.", WebhookPort)
	}
	return nil
}

// checkWebhookTarget is CheckWebhookURL plus, with a resolver, a lookup of
// the host name: a name that resolves to an internal address now is
// refused at once rather than at every delivery.
func (pub *Publisher) checkWebhookTarget(ctx context.Context, raw string) error {
	allow := pub.Config.AllowPrivateWebhooks
	if err := CheckWebhookURL(raw, allow); err != nil || allow || pub.Config.Resolver == nil {
		return err
	}
	u, _ := url.Parse(raw)
	host := u.Hostname()
	if _, err := netip.ParseAddr(host); err == nil {
		return nil
	}
	rctx, cancel := context.WithTimeout(ctx, webhookResolveTimeout)
	defer cancel()
	addrs, err := pub.Config.Resolver.LookupNetIP(rctx, "ip", host)
	if err != nil || len(addrs) == 0 {
		return kernel.FieldError("url", "webhook_host_unresolvable", "The webhook host %q does not resolve.", host)
	}
	for _, a := range addrs {
		if !PublicAddr(a) {
			return errWebhookPrivate
		}
	}
	return nil
}
