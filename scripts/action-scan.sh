#!/usr/bin/env bash
# The action's scan step: the inputs (SKIMSCAN_* variables, never pasted into the script, so a
# URL cannot inject shell) turned into one `skimscan scan` command. Exits with skimscan's code and
# records it as the step output exit-code.
set -uo pipefail
# Inputs are split into words on spaces; never expanded as file globs (a URL has "?" and "*").
set -f

args=(scan)
for url in ${SKIMSCAN_URLS:-}; do args+=("$url"); done
[[ -n "${SKIMSCAN_URLS_FILE:-}" ]] && args+=(--urls-file "$SKIMSCAN_URLS_FILE")
[[ -n "${SKIMSCAN_ALLOWLIST:-}" ]] && args+=(--allowlist "$SKIMSCAN_ALLOWLIST")
for file in ${SKIMSCAN_BASELINE:-}; do args+=(--baseline "$file"); done
fail_on="${SKIMSCAN_FAIL_ON:-}"
for cond in ${fail_on//,/ }; do args+=(--fail-on "$cond"); done
json=""
for out in ${SKIMSCAN_OUTPUTS:-}; do
  args+=(-o "$out")
  [[ "$out" == *.json && -z "$json" ]] && json="$out"
done
[[ -n "${SKIMSCAN_DEPTH:-}" && "${SKIMSCAN_DEPTH}" != "0" ]] && args+=(--depth "$SKIMSCAN_DEPTH")
[[ -n "${SKIMSCAN_MAX_PAGES:-}" ]] && args+=(--max-pages "$SKIMSCAN_MAX_PAGES")

# The runner's own Chrome: Ubuntu's chromium package is only a snap stub on GitHub's runners.
chrome="${SKIMSCAN_CHROME_PATH:-}"
if [[ -z "$chrome" && -z "${CHROME_PATH:-}" ]]; then
  chrome="$(command -v google-chrome || command -v google-chrome-stable || true)"
fi
[[ -n "$chrome" ]] && args+=(--chrome-path "$chrome")
# Extra flags split like a command line (quotes group words: --host-rules "MAP * 127.0.0.1"),
# by xargs, so nothing in them is ever run by a shell.
if [[ -n "${SKIMSCAN_ARGS:-}" ]]; then
  mapfile -t extra < <(printf '%s' "$SKIMSCAN_ARGS" | xargs -n 1 printf '%s\n')
  args+=("${extra[@]}")
fi

echo "skimscan ${args[*]}" >&2
skimscan "${args[@]}"
code=$?

if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  echo "exit-code=$code" >>"$GITHUB_OUTPUT"
  [[ -n "$json" && -f "$json" ]] && echo "report-json=$json" >>"$GITHUB_OUTPUT"
fi
if [[ "${SKIMSCAN_SUMMARY:-true}" == "true" && -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  for out in ${SKIMSCAN_OUTPUTS:-}; do
    if [[ "$out" == *.md && -f "$out" ]]; then
      cat "$out" >>"$GITHUB_STEP_SUMMARY"
      break
    fi
  done
fi
exit "$code"
