#!/usr/bin/env bash
# The Debian package as a user installs it: clean under lintian; installed with
# apt-get by the GitHub Action's own script (action/suite.sh, install: package),
# which runs the installed relinksim on the scenario library from another folder;
# then `relinksim init my-suite && cd my-suite && relinksim suite scenarios/`
# passes with no source tree, the man page and completions are where man, bash
# and zsh look, and the package is removed again.
#
# It installs a package on this machine, so it needs root or password-less sudo,
# and a machine without relinksim installed: otherwise it is skipped (exit 77).
#
# Usage: package_check.sh DEB SOURCE_DIR
set -uo pipefail
deb=$(realpath "$1") source=$(realpath "$2")

sudo=
if [ "$(id -u)" != 0 ]; then
  if ! sudo -n true 2> /dev/null; then
    echo "SKIP: installing a package needs root or password-less sudo"
    exit 77
  fi
  sudo="sudo -n"
fi
if dpkg -s relinksim > /dev/null 2>&1; then
  echo "SKIP: relinksim is installed on this machine ($(dpkg-query -W relinksim)); this test would replace it"
  exit 77
fi

problems=0
fail() { echo "FAIL: $*"; problems=$((problems + 1)); }
tmp=$(mktemp -d)
cleanup() {
  $sudo apt-get remove -y -q relinksim > /dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT

# lintian, with every tag down to pedantic and informational ones.
lintian --pedantic --display-info --fail-on error,warning,info,pedantic "$deb" 2>&1 |
  grep -v 'running with root privileges' || true
lintian --pedantic --fail-on error,warning,info,pedantic "$deb" > /dev/null 2>&1 ||
  fail "lintian reports tags on $(basename "$deb")"
dpkg-deb -f "$deb" Depends | grep -q 'libcaf-core0.17' ||
  fail "the package does not depend on CAF's runtime library"
if dpkg-deb -f "$deb" Depends | grep -q -- '-dev'; then fail "the package depends on a -dev package"; fi

# The action's script installs it and runs the library from another folder.
mkdir "$tmp/ci" && cd "$tmp/ci" || exit 1
INPUT_INSTALL=package INPUT_PACKAGE=$deb INPUT_SCENARIOS="$source/scenarios/" INPUT_JOBS=2 \
  INPUT_OUT=reports "$source/action/suite.sh" > action.log 2>&1 ||
  fail "the action's script with the package: exit $? ($(tail -5 action.log))"
[ -f reports/junit.xml ] || fail "no junit.xml from the library"
[ "$(command -v relinksim)" = /usr/bin/relinksim ] || fail "relinksim is not /usr/bin/relinksim"
[ "$(relinksim schema --path)" = /usr/share/relinksim/scenario.schema.json ] ||
  fail "schema --path says $(relinksim schema --path 2>&1)"

# A team's first suite, with nothing of the source tree.
cd "$tmp" || exit 1
relinksim init my-suite > init.log || fail "relinksim init: exit $?"
(cd my-suite && relinksim suite scenarios/ > ../suite.log 2>&1) ||
  fail "the suite relinksim init wrote fails: $(tail -5 suite.log)"
head -1 my-suite/scenarios/first-relink.yaml | grep -qF '$schema=/usr/share/relinksim/scenario.schema.json' ||
  fail "the example's modeline is not the installed schema"

# Where man, bash and zsh look.
[ -f /usr/share/man/man1/relinksim.1.gz ] || fail "no man page"
if command -v man > /dev/null; then
  [ "$(man -w relinksim 2> /dev/null)" = /usr/share/man/man1/relinksim.1.gz ] || fail "man does not find relinksim"
fi
[ "$(bash -c 'source /usr/share/bash-completion/completions/relinksim; COMP_WORDS=(relinksim ini);
     COMP_CWORD=1; _relinksim; echo "${COMPREPLY[@]}"')" = init ] || fail "bash does not complete 'ini'"
[ "$(zsh -fc 'autoload -U compinit; compinit -u -D; print -r -- ${_comps[relinksim]}')" = _relinksim ] ||
  fail "zsh's compinit does not find the completion"
[ -f /usr/share/doc/relinksim/copyright ] || fail "no copyright file"

$sudo apt-get remove -y -q relinksim > /dev/null || fail "apt-get remove: exit $?"
[ ! -e /usr/bin/relinksim ] || fail "/usr/bin/relinksim is still there after removing the package"

echo "$problems problem(s)"
[ "$problems" = 0 ]
