module github.com/golayout/golayout/integrations/go

go 1.25.0

require (
	github.com/golangci/plugin-module-register v0.1.2
	golang.org/x/tools v0.45.1-0.20260917185718-3dd9077b8066
)
