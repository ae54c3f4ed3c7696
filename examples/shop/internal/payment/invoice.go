// Invoices were meant to get their own package; this file was written for it
// but saved in internal/payment, so go build fails for the whole directory.
package billing

import (
	"fmt"
	"time"
)

// Invoice is the document sent to the customer after a charge.
type Invoice struct {
	Number string
	Issued time.Time
	Total  int64 // cents
}

func (inv Invoice) String() string {
	return fmt.Sprintf("invoice %s (%s): %d.%02d", inv.Number, inv.Issued.Format(time.DateOnly), inv.Total/100, inv.Total%100)
}
