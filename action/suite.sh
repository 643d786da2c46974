#!/usr/bin/env bash
# What the GitHub Action (action.yml) runs: installs relinksim, then runs
# `relinksim suite` on the scenarios and exits with its exit code. The inputs come
# as INPUT_* variables (action.yml passes each one); outside GitHub, set them
# yourself. relinksim's tests run this script (tests/action_check.py, and
# tests/package_check.sh for the package install).
#
# ACTION_REPOSITORY and ACTION_REF name the action as used (owner/name and tag):
# the release to install when INPUT_VERSION is empty. GITHUB_ACTION_PATH is the
# action's checkout (install=source builds it). RELINKSIM is the program to run
# with install=none (default: relinksim on PATH).
set -euo pipefail

scenarios=${INPUT_SCENARIOS:-scenarios/}
seeds=${INPUT_SEEDS:-}
shard=${INPUT_SHARD:-}
jobs=${INPUT_JOBS:-2}
tags=${INPUT_TAGS:-}
args=${INPUT_ARGS:-}
version=${INPUT_VERSION:-}
install=${INPUT_INSTALL:-package}
package=${INPUT_PACKAGE:-}
out=${INPUT_OUT:-relinksim-reports}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
action_path=${GITHUB_ACTION_PATH:-$here}

die() {
  echo "relinksim action: $*" >&2
  echo "exit-code=2" >> "${GITHUB_OUTPUT:-/dev/null}"
  exit 2
}
sudo=
if [ "$(id -u)" != 0 ]; then sudo="sudo -n"; fi

case $install in
  package)
    if [ -z "$package" ]; then
      [ -n "$version" ] || version=${ACTION_REF:-}
      version=${version#v}
      [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
        die "which relinksim to install? Give the input 'version' (e.g. 0.1.0), use the action at a release tag (uses: ...@v0.1.0), or give 'package'"
      [ -n "${ACTION_REPOSITORY:-}" ] || die "no ACTION_REPOSITORY to download relinksim $version from"
      package="https://github.com/$ACTION_REPOSITORY/releases/download/v$version/relinksim_${version}_amd64.deb"
    fi
    if [[ $package == https://* || $package == http://* ]]; then
      download=$(mktemp -d)
      curl -fsSL --retry 3 -o "$download/relinksim.deb" "$package" ||
        die "cannot download $package"
      package=$download/relinksim.deb
    fi
    [ -f "$package" ] || die "no package at $package"
    # A fresh container has no package lists yet: the package's libraries need them.
    if ! ls /var/lib/apt/lists/*_Packages > /dev/null 2>&1; then $sudo apt-get update -q; fi
    $sudo apt-get install -y -q --no-install-recommends "$(realpath "$package")"
    relinksim=relinksim
    ;;
  source)
    make -C "$action_path" build
    relinksim=$action_path/build/cli/relinksim
    ;;
  none)
    relinksim=${RELINKSIM:-relinksim}
    ;;
  *)
    die "install is package, source or none, not '$install'"
    ;;
esac
command -v "$relinksim" > /dev/null || die "no relinksim to run ($relinksim)"
"$relinksim" --version

command=(suite)
read -ra words <<< "$scenarios"
[ ${#words[@]} -gt 0 ] || die "no scenarios given"
command+=("${words[@]}" -j "$jobs" --out "$out")
if [ -n "$seeds" ]; then command+=(--seeds "$seeds"); fi
if [ -n "$shard" ]; then command+=(--shard "$shard"); fi
read -ra words <<< "$tags"
for tag in "${words[@]}"; do command+=(--tag "$tag"); done
read -ra words <<< "$args"
command+=("${words[@]}")

echo "relinksim ${command[*]}"
status=0
"$relinksim" "${command[@]}" || status=$?
echo "exit-code=$status" >> "${GITHUB_OUTPUT:-/dev/null}"
exit "$status"
