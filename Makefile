# fabcheck: release build, install and uninstall (README "Install").
#   make install PREFIX=$HOME/.local     binary, man page, bash/zsh/fish completions under PREFIX
#   make uninstall PREFIX=$HOME/.local   removes exactly those files
# The binary links the Swift runtime and Foundation statically (--static-swift-stdlib): at run time it needs only
# libxml2 and the C library (scripts/adoption-check.sh checks this with ldd).

PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift

bindir := $(DESTDIR)$(PREFIX)/bin
man1dir := $(DESTDIR)$(PREFIX)/share/man/man1
bashdir := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
zshdir := $(DESTDIR)$(PREFIX)/share/zsh/site-functions
fishdir := $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

# The commit `fabcheck --version` prints (Package.swift reads FABCHECK_GIT_COMMIT); -dirty for uncommitted changes.
GIT_COMMIT := $(shell c=$$(git rev-parse HEAD 2>/dev/null) && { git diff --quiet HEAD -- 2>/dev/null && echo $$c || echo $$c-dirty; })
export FABCHECK_GIT_COMMIT := $(GIT_COMMIT)
# The man page's date: the commit's, so the same commit gives the same page.
MAN_DATE := $(shell git log -1 --format=%cs 2>/dev/null || date +%Y-%m-%d)

RELEASE_FLAGS := -c release --static-swift-stdlib
STAGE := .build/fabcheck-dist

.PHONY: all build man completions install uninstall clean-dist

all: build

# The man page comes from swift-argument-parser's generate-manual plugin, which builds the package in release mode
# itself; the static link runs after it so the staged binary is the statically linked one.
man:
	$(SWIFT) package plugin generate-manual --date $(MAN_DATE) --section 1
	@mkdir -p $(STAGE)
	@page=$$(find .build/plugins -path '*GenerateManual*' -name fabcheck.1 | head -n 1); \
	  test -n "$$page" || { echo "make: generate-manual produced no fabcheck.1" >&2; exit 1; }; \
	  cp "$$page" $(STAGE)/fabcheck.1

build: man
	$(SWIFT) build $(RELEASE_FLAGS) --product fabcheck
	@mkdir -p $(STAGE)
	cp "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/fabcheck" $(STAGE)/fabcheck

completions: build
	$(STAGE)/fabcheck --generate-completion-script bash > $(STAGE)/fabcheck.bash
	$(STAGE)/fabcheck --generate-completion-script zsh > $(STAGE)/_fabcheck
	$(STAGE)/fabcheck --generate-completion-script fish > $(STAGE)/fabcheck.fish

install: build completions
	install -d $(bindir) $(man1dir) $(bashdir) $(zshdir) $(fishdir)
	install -m 755 $(STAGE)/fabcheck $(bindir)/fabcheck
	install -m 644 $(STAGE)/fabcheck.1 $(man1dir)/fabcheck.1
	install -m 644 $(STAGE)/fabcheck.bash $(bashdir)/fabcheck
	install -m 644 $(STAGE)/_fabcheck $(zshdir)/_fabcheck
	install -m 644 $(STAGE)/fabcheck.fish $(fishdir)/fabcheck.fish
	@echo "installed fabcheck $(GIT_COMMIT) under $(DESTDIR)$(PREFIX)"

uninstall:
	rm -f $(bindir)/fabcheck $(man1dir)/fabcheck.1 $(bashdir)/fabcheck $(zshdir)/_fabcheck $(fishdir)/fabcheck.fish

clean-dist:
	rm -rf $(STAGE)
