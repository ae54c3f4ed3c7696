// Package store is saved in storage/, so importers must write store.Open.
package store
