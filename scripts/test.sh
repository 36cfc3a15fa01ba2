#!/usr/bin/env bash
# The whole test suite against the real local stack: brings the stack up (provisioning
# anything missing), runs unit and end-to-end tests, and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

npm run --silent stack -- up || { echo "the local stack did not come up; see the error above"; echo "0 passed, 1 failed"; exit 1; }

# The end-to-end tests run the API and workers as real processes, from the compiled build.
npm run --silent build || { echo "the build failed"; echo "0 passed, 1 failed"; exit 1; }

mkdir -p out
report=out/test-results.json
rm -f "$report"
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?

if [ -f "$report" ]; then
  node -e '
    const r = require(process.argv[1]);
    const failed = r.numFailedTests + (r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? r.numFailedTestSuites : 0);
    console.log(`${r.numPassedTests} passed, ${failed} failed`);
  ' "$PWD/$report"
else
  echo "0 passed, 1 failed"
  status=1
fi
exit $status
