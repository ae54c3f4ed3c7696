// Email notifications. A bad merge dropped this file's package clause.

import (
	"context"
	"fmt"
	"net/smtp"
)

// Email sends notifications through an SMTP relay.
type Email struct {
	Relay string
	From  string
}

func (e Email) Notify(_ context.Context, to, subject, body string) error {
	msg := fmt.Sprintf("To: %s\r\nSubject: %s\r\n\r\n%s", to, subject, body)
	return smtp.SendMail(e.Relay, nil, e.From, []string{to}, []byte(msg))
}
