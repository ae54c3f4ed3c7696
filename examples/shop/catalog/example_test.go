// An external test package: catalog_test beside catalog is fine.
package catalog_test

import (
	"fmt"

	"example.com/shop/catalog"
)

func ExampleCatalog_SKUs() {
	c := catalog.New(
		catalog.Item{SKU: "tee-02", Name: "T-shirt", Price: 1800},
		catalog.Item{SKU: "mug-01", Name: "Mug", Price: 1200},
	)
	fmt.Println(c.SKUs())
	// Output: [MUG-01 TEE-02]
}
