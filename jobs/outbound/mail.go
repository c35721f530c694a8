package outbound

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"
)

// SMTPMailer sends notification e-mails through an SMTP relay (SMTP_ADDR)
// with go-mail: each message is one session bounded by the caller's
// context (net/smtp has neither contexts nor timeouts). STARTTLS is used
// when the relay offers it; PLAIN auth only with a username. The body is
// UTF-8 in base64, the subject RFC 2047-encoded.
type SMTPMailer struct {
	Addr     string // host:port
	From     string
	Username string
	Password string
}

// Send implements opendata.Mailer.
func (m *SMTPMailer) Send(ctx context.Context, to, subject, body string) error {
	if strings.ContainsAny(to, "\r\n") || strings.ContainsAny(subject, "\r\n") {
		return fmt.Errorf("mail: header injection refused")
	}
	host, port, err := net.SplitHostPort(m.Addr)
	if err != nil {
		return fmt.Errorf("mail: SMTP_ADDR %q: %w", m.Addr, err)
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		return fmt.Errorf("mail: SMTP_ADDR %q: bad port", m.Addr)
	}
	msg := mail.NewMsg(mail.WithEncoding(mail.EncodingB64), mail.WithCharset(mail.CharsetUTF8))
	if err := msg.From(m.From); err != nil {
		return fmt.Errorf("mail: from: %w", err)
	}
	if err := msg.To(to); err != nil {
		return fmt.Errorf("mail: to %s: %w", to, err)
	}
	msg.Subject(subject)
	msg.SetBodyString(mail.TypeTextPlain, body)
	opts := []mail.Option{mail.WithPort(p), mail.WithTLSPolicy(mail.TLSOpportunistic)}
	if dl, ok := ctx.Deadline(); ok {
		// go-mail applies its timeout to every network step of the session.
		opts = append(opts, mail.WithTimeout(time.Until(dl)))
	}
	if m.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername(m.Username), mail.WithPassword(m.Password))
	}
	c, err := mail.NewClient(host, opts...)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send to %s: %w", to, err)
	}
	return nil
}
