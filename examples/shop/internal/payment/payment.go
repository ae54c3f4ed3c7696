// Package payment charges customers.
package payment

import (
	"errors"
	"fmt"
)

// ErrDeclined is returned when the card issuer refuses a charge.
var ErrDeclined = errors.New("payment: declined")

// Charge is one attempt to take money from a card.
type Charge struct {
	OrderID string
	Amount  int64 // cents
}

// Validate reports whether the charge can be sent to the issuer.
func (c Charge) Validate() error {
	if c.Amount <= 0 {
		return fmt.Errorf("payment: order %s: amount must be positive, got %d", c.OrderID, c.Amount)
	}
	return nil
}
