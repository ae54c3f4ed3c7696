// Package catalog lists the products the shop sells.
package catalog

import (
	"sort"
	"strings"
)

//go:generate go run gen_items.go

// Item is one product.
type Item struct {
	SKU   string
	Name  string
	Price int64 // cents
}

// Catalog is a set of items keyed by SKU.
type Catalog struct {
	items map[string]Item
}

// New returns a catalog holding items.
func New(items ...Item) *Catalog {
	c := &Catalog{items: make(map[string]Item, len(items))}
	for _, it := range items {
		c.items[strings.ToUpper(it.SKU)] = it
	}
	return c
}

// Lookup returns the item with the given SKU.
func (c *Catalog) Lookup(sku string) (Item, bool) {
	it, ok := c.items[strings.ToUpper(sku)]
	return it, ok
}

// SKUs returns every SKU in order.
func (c *Catalog) SKUs() []string {
	skus := make([]string, 0, len(c.items))
	for sku := range c.items {
		skus = append(skus, sku)
	}
	sort.Strings(skus)
	return skus
}
