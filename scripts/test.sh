#!/usr/bin/env bash
# The project's test command (npm test): build, type-check, then every `*.test.ts` under test/
# in ONE run of node's test runner, whose summary closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
npm run --silent typecheck
mapfile -t files < <(find test -name '*.test.ts' -not -path '*/fixtures/*' -not -path '*/node_modules/*' | sort)
exec node --import tsx --test --test-reporter=spec --test-concurrency=1 "${files[@]}"
