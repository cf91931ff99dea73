#!/bin/sh
# Runs npm with the given arguments, for the Maven build of the TypeScript client. Without
# Node and npm on the PATH the client is skipped with a line saying so (as the PostgreSQL
# tests are without a database), so that `mvn -B verify` works on a machine with only a JDK
# and Maven; .ci/run installs Node and npm, so CI builds and tests the client.
if ! command -v npm >/dev/null 2>&1; then
  echo "[nextbest-client-ts] SKIPPED 'npm $*': no npm on the PATH (install Node 20+ and npm to build and test the TypeScript client)"
  exit 0
fi
exec npm "$@"
