# x360Sync Desktop. `make help` lists the targets; `make run` and `make test` do everything
# on a fresh Debian/Ubuntu machine, installing what is missing through .ci/deps.sh.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export LANG := en_US.UTF-8
export CGO_ENABLED := 1

GO      ?= go
# migrated_fynedo: Fyne's threading model (widgets change only in fyne.Do). no_animations: no
# blinking text cursor or tap ripples; a focused field otherwise redraws the window 60 times a
# second for ever, 5 points of CPU on a software-rendered display (make bench measured it).
TAGS    := migrated_fynedo,no_animations
# accessibility: Fyne 2.8's screen reader bridge (UI Automation on Windows, NSAccessibility on
# macOS; Linux has none). Release builds for those two carry it; .ci/windows.sh says it too.
RELEASE_TAGS := $(TAGS),accessibility
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BUILD   := build
# SLIM: the module file shipped binaries are built with (.ci/slim.sh says why: go.mod less
# phonenumbers' unused geocoding, 2.3 MB).
SLIM    := -modfile=$(BUILD)/slim/go.mod
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOFUMPT     := mvdan.cc/gofumpt@v0.12.0
GOCYCLO     := github.com/fzipp/gocyclo/cmd/gocyclo@v0.6.0

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

.PHONY: deps
deps: ## install the system packages needed to build (apt-get as root, sudo, or says what to run)
	@.ci/deps.sh build

.PHONY: build
build: deps ## build the app and the mock server into build/
	@mkdir -p $(BUILD)
	@.ci/slim.sh >/dev/null
	$(GO) build $(SLIM) -tags $(TAGS) -ldflags '$(LDFLAGS)' -o $(BUILD)/ ./cmd/...
	@.ci/slim.sh check $(BUILD)/x360sync

.PHONY: run
run: build ## build and open the app against the bundled mock server with the demo accounts
	@if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ] && [ "$$(uname -s)" = Linux ]; then \
	  echo "make run: no display (DISPLAY and WAYLAND_DISPLAY are unset). Run it from a desktop session, or start a virtual one: Xvfb :99 & DISPLAY=:99 make run" >&2; exit 1; fi
	$(BUILD)/x360sync --demo

.PHONY: test
test: lint cross ## make lint, make cross, all tests (race detector, real keyring in a private D-Bus session), make e2e, package-check, windows-test, e2e-windows
	@.ci/deps.sh e2e
	.ci/with-keyring.sh $(GO) test -race -count=1 -tags $(TAGS) ./...
	$(MAKE) --no-print-directory e2e
	$(MAKE) --no-print-directory package-check
	$(MAKE) --no-print-directory windows-test
	$(MAKE) --no-print-directory e2e-windows

.PHONY: windows
windows: ## build dist/windows/x360sync.exe and mockserver.exe (icon, version) and the per-user x360sync-*.msi, here on Linux (mingw, wixl)
	@.ci/deps.sh windows
	.ci/windows.sh $(VERSION)

.PHONY: windows-test
windows-test: windows ## under Wine in a private prefix: the Windows test binaries of every no-cgo package, then install, start and uninstall the .msi
	.ci/windows-test.sh
	.ci/check-windows.sh

.PHONY: e2e-windows
e2e-windows: windows ## under Wine: the real x360sync.exe against mockserver.exe; Sign in, alice by keyboard, Credential Manager, signout (screenshots in build/e2e-windows)
	.ci/e2e-windows.sh

.PHONY: cross
cross: ## go build and go vet, for macOS and Windows, of every package that needs no cgo (the core, client, mock server)
	.ci/cross.sh

.PHONY: e2e
e2e: build ## drive the real app with the keyboard under Xvfb against the real mock server (screenshots in build/e2e)
	@.ci/deps.sh e2e
	.ci/e2e.sh
	.ci/e2e-tls.sh

.PHONY: bench
bench: build ## measure start-up, memory, idle CPU, size, unlock and the mock server against a bare Fyne window and Nextcloud (report in build/bench)
	@.ci/deps.sh bench
	TAGS=$(TAGS) .ci/bench.sh

.PHONY: screenshots
screenshots: ## render every screen in light and dark into docs/screenshots (the README shows them)
	X360SYNC_UPDATE_SCREENSHOTS=1 $(GO) test -count=1 -tags $(TAGS) -run TestScreens_screenshotsInLightAndDark ./ui/

.PHONY: lint
lint: deps ## gofumpt, go vet, staticcheck, gocyclo (no function above 15 outside tests) and the layer rule (.ci/layers.sh says what it checks)
	@# build/ holds the slimmed phonenumbers copy (.ci/slim.sh): upstream's code, not ours.
	@out=$$(find . -name '*.go' -not -path './build/*' -not -path './dist/*' -print0 | xargs -0 $(GO) run $(GOFUMPT) -l); if [ -n "$$out" ]; then echo "gofumpt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...
	$(GO) run $(STATICCHECK) -tags $(TAGS) ./...
	@# A function above 15 says why in its doc comment, with //gocyclo:ignore (message's flat tables).
	$(GO) run $(GOCYCLO) -over 15 -ignore '_test\.go$$|^build/|^dist/' app client cmd ui bench
	.ci/layers.sh

.PHONY: package
package: build ## package the app for Linux: dist/x360Sync.tar.xz (fyne package) and dist/x360sync_*.deb (.ci/deb.sh)
	@.ci/deps.sh package
	@# fyne package rewrites FyneApp.toml (it bumps Build even with --app-build); restore it so
	@# packaging never leaves the tree dirty.
	cp FyneApp.toml $(BUILD)/FyneApp.toml.orig
	trap 'cp $(BUILD)/FyneApp.toml.orig FyneApp.toml' EXIT; \
	$(GO) tool fyne package --os linux --executable $(BUILD)/x360sync --name x360Sync \
	  --app-id com.x360sync.desktop --icon assets/icon.png --app-build 1 --app-version 0.1.0
	mkdir -p dist && mv -f x360Sync.tar.xz dist/
	.ci/deb.sh $(VERSION)
	@ls -l dist/x360Sync.tar.xz dist/x360sync_*.deb

.PHONY: package-check
package-check: package ## build the .deb, check its files and fields, validate its desktop entry and metainfo, start it from a dpkg -x root
	.ci/check-deb.sh

.PHONY: package-macos
package-macos: ## on a Mac: build dist/x360Sync.app with fyne package (needs the Xcode command line tools)
	@if [ "$$(uname -s)" != Darwin ]; then \
	  echo "make package-macos: run this on a Mac; the app bundle needs cgo against the macOS SDK (make cross checks the core for macOS here)" >&2; exit 1; fi
	@.ci/deps.sh build
	mkdir -p $(BUILD) && cp FyneApp.toml $(BUILD)/FyneApp.toml.orig
	trap 'cp $(BUILD)/FyneApp.toml.orig FyneApp.toml' EXIT; \
	.ci/slim.sh >/dev/null && $(GO) build $(SLIM) -tags $(RELEASE_TAGS) -ldflags '$(LDFLAGS)' -o $(BUILD)/x360sync ./cmd/x360sync && \
	$(GO) tool fyne package --os darwin --executable $(BUILD)/x360sync --name x360Sync \
	  --app-id com.x360sync.desktop --icon assets/icon.png --app-build 1 --app-version 0.1.0
	mkdir -p dist && rm -rf dist/x360Sync.app && mv -f x360Sync.app dist/
	@echo "dist/x360Sync.app: drag it to /Applications"

.PHONY: clean
clean: ## remove build outputs
	rm -rf $(BUILD) dist
