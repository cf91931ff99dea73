#!/bin/sh
# Runs npm with the given arguments, for the Maven build of the TypeScript client. Without
# Node and npm on the PATH the client is skipped with a line saying so (as the PostgreSQL
# tests are without a database), so that `mvn -B verify` works on a machine with only a JDK
# and Maven; .ci/run installs Node and npm, so CI builds and tests the client.
if ! command -v npm >/dev/null 2>&1; then
  echo "[nextbest-client-ts] SKIPPED 'npm $*': no npm on the PATH (install Node 20.10+ and npm to build and test the TypeScript client)"
  exit 0
fi
# A Node too old for the client (the tests use node --test options of Node 20.10; Debian 12's
# nodejs is 18) skips it the same way, with a line saying so; .ci/run stops on it instead.
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 10) ? 0 : 1)'; then
  echo "[nextbest-client-ts] SKIPPED 'npm $*': Node $(node --version) is too old for the TypeScript client (it needs Node 20.10 or newer)"
  exit 0
fi
exec npm "$@"
