// This test was moved here from the old inventory package and kept its
// package clause: it is neither package catalog nor catalog_test.
package inventory_test

import (
	"testing"

	"example.com/shop/catalog"
)

func TestLookupIgnoresCase(t *testing.T) {
	c := catalog.New(catalog.Item{SKU: "mug-01", Name: "Mug", Price: 1200})
	if _, ok := c.Lookup("MUG-01"); !ok {
		t.Fatal("Lookup(MUG-01) found nothing")
	}
}
