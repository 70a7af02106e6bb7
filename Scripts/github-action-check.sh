#!/usr/bin/env bash
# The check step of the GitHub Action (action.yml): runs `hanzi check` as the action's inputs
# say, through these variables, and records the exit status in the step's outputs:
#   HANZI_FORMAT     github (annotations) or sarif (a log for code scanning)
#   HANZI_PATHS      files or folders, separated by spaces (default `.`)
#   HANZI_SARIF_FILE where the SARIF log goes (format sarif)
#   HANZI_STRICT     true: warnings fail too
#   HANZI_CHANGED    true: only files changed against HANZI_BASE
#   HANZI_BASE       the revision --changed compares with
#   HANZI_ARGS       more options for `hanzi check`, separated by spaces
# Findings (status 1) are left for the action's last step to turn into a failure, after the SARIF
# log is uploaded; an operational error (status 2 or more) fails this step at once.
set -uo pipefail

format="${HANZI_FORMAT:-github}"
arguments=(check --format "$format")
[ "${HANZI_STRICT:-false}" = true ] && arguments+=(--strict)
[ "${HANZI_CHANGED:-false}" = true ] && arguments+=(--changed --base "${HANZI_BASE:-HEAD}")
read -r -a extra <<<"${HANZI_ARGS:-}"
read -r -a paths <<<"${HANZI_PATHS:-.}"
[ ${#paths[@]} -eq 0 ] && paths=(.)
arguments+=("${extra[@]}" -- "${paths[@]}")

status=0
case "$format" in
sarif)
    hanzi "${arguments[@]}" >"${HANZI_SARIF_FILE:-hanzi.sarif}" || status=$?
    summary="SARIF log written to \`${HANZI_SARIF_FILE:-hanzi.sarif}\`"
    ;;
github)
    output="$(mktemp)"
    hanzi "${arguments[@]}" | tee "$output" || status=$?
    summary="$(sed -n 's/^::notice title=hanzi check:://p' "$output" | tail -n 1)"
    rm -f "$output"
    ;;
*)
    echo "hanzi action: format must be github or sarif, not '$format'" >&2
    exit 64
    ;;
esac

[ -n "${GITHUB_OUTPUT:-}" ] && echo "exit-code=$status" >>"$GITHUB_OUTPUT"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -n "$summary" ]; then
    printf '### hanzi check\n\n%s\n' "$summary" >>"$GITHUB_STEP_SUMMARY"
fi
[ "$status" -ge 2 ] && exit "$status"
exit 0
