#!/usr/bin/env bash
# A shell pipeline instrumented with `luco run`: each step is a submission stage; the step's
# exit code decides Completed or Failed, and metrics it writes to $LUCO_METRICS_FILE are recorded.
# Needs LUCO_BASE_URL, LUCO_TOKEN_URL, LUCO_CLIENT_ID, LUCO_CLIENT_SECRET, LUCO_RESOURCE_ID (or `luco login`).
set -euo pipefail

TAG=${1:-$(date -u +%F)}
SEQUENCE="client=acme,feed=sales"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
LUCO=${LUCO:-luco}

# Extract: write the data and count it. If Luco is down, the step still runs and its exit code stands.
$LUCO run --sequence "$SEQUENCE" --tag "$TAG" --stage extract -- bash -c '
  seq 1 120 | awk "{ print \"order-\" \$1 \",\" (\$1 * 7) % 100 }" > "'"$WORK"'/orders.csv"
  echo "rows=$(wc -l < "'"$WORK"'/orders.csv")" >> "$LUCO_METRICS_FILE"
  echo "source=generated" >> "$LUCO_METRICS_FILE"
'

# Report the total of the second column.
total=$(awk -F, '{ s += $2 } END { print s }' "$WORK/orders.csv")
echo "total amount: $total"
