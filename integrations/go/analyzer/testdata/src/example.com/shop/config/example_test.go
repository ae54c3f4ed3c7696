package config_test

import "example.com/shop/config"

func ExampleLoad() { config.Load() }
