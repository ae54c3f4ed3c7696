// Package shop holds the types shared by the whole shop.
package shop

// Version is the release of the shop service.
const Version = "0.3.1"

// Money is an amount in cents.
type Money int64
