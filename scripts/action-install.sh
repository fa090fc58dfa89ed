#!/usr/bin/env bash
# The action's install step: skimscan from the action's own checkout, installed as a user installs
# it — its dependencies, `npm pack` (prepack builds dist/), then `npm install -g` of the tarball.
set -euo pipefail
cd "${GITHUB_ACTION_PATH:?run by the skimscan action}"
npm ci --no-audit --no-fund
tarball="$(npm pack --silent | tail -n 1)"
npm install -g --no-audit --no-fund "./$tarball"
skimscan --version
