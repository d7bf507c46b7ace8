// Package app is the UI-free core of x360Sync Desktop. Its subpackages decide everything the
// desktop app does (registration wizard, credential vault, PIN, session, local configuration)
// without importing Fyne, so that all of it is tested without a screen.
package app
