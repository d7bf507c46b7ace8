// Package faulttest holds the vault's tests against go-keyring's mock provider. They live in
// their own package because keyring.MockInit replaces go-keyring's provider for the whole test
// binary and cannot be undone, which would hide the real Secret Service from vault's own tests.
package faulttest
