#!/usr/bin/env bash
# Every test: type check, unit and integration tests, then the end-to-end tests (network
# namespaces and Chromium). Prints one closing line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 1
mkdir -p test-artifacts
npm run --silent build || exit 1
npx tsc -p tsconfig.json --noEmit || { echo "type check failed"; echo "0 passed, 1 failed"; exit 1; }
status=0
npx vitest run --reporter=default --reporter=json --outputFile=test-artifacts/unit.json || status=1
npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile=test-artifacts/e2e.json || status=1
node scripts/summary.mjs test-artifacts/unit.json test-artifacts/e2e.json || status=1
exit $status
