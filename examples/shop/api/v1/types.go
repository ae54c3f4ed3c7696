// Package v1 holds the wire types of version 1 of the shop API.
package v1

import "time"

// Order is an order as the API returns it.
type Order struct {
	ID        string    `json:"id"`
	Items     []string  `json:"items"`
	CreatedAt time.Time `json:"created_at"`
}
