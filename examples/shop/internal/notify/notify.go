// Package notify tells customers what happened to their orders.
package notify

import "context"

// Notifier sends one message to one customer.
type Notifier interface {
	Notify(ctx context.Context, to, subject, body string) error
}
