package domain

import (
	"context"
	"encoding/base64"
	"fmt"
	"mime"
	"net/smtp"
	"strings"
)

// SMTPMailer sends notification e-mails through an SMTP relay (SMTP_ADDR).
// Auth is optional (PLAIN, which net/smtp allows only over TLS or to
// localhost). The body is UTF-8, base64-encoded, the subject RFC 2047.
type SMTPMailer struct {
	Addr     string // host:port
	From     string
	Username string
	Password string
}

// Send implements Mailer.
func (m *SMTPMailer) Send(_ context.Context, to, subject, body string) error {
	if strings.ContainsAny(to, "\r\n") || strings.ContainsAny(subject, "\r\n") {
		return fmt.Errorf("mail: header injection refused")
	}
	var auth smtp.Auth
	if m.Username != "" {
		host := m.Addr
		if i := strings.LastIndex(host, ":"); i >= 0 {
			host = host[:i]
		}
		auth = smtp.PlainAuth("", m.Username, m.Password, host)
	}
	msg := "From: " + m.From + "\r\nTo: " + to + "\r\nSubject: " + mime.BEncoding.Encode("UTF-8", subject) +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		base64.StdEncoding.EncodeToString([]byte(body)) + "\r\n"
	if err := smtp.SendMail(m.Addr, auth, m.From, []string{to}, []byte(msg)); err != nil {
		return fmt.Errorf("mail: send to %s: %w", to, err)
	}
	return nil
}
