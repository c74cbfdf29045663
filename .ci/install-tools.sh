#!/usr/bin/env bash
# Command-line tools the tests need that are not npm dependencies of the repository, installed globally at pinned
# versions so that `npm ci` stays lean for users:
# - firebase-tools: the Firebase Auth emulator for adapters/firebase/test/auth-emulator.test.ts (about 300 MB,
#   ~620 packages; no Java needed for the Auth emulator). Skipped when that version is already installed.
set -euo pipefail
FIREBASE_TOOLS_VERSION=15.34.2 # keep in step with adapters/firebase/test/helpers/auth-emulator.ts

if [ "$(firebase --version 2>/dev/null || true)" != "$FIREBASE_TOOLS_VERSION" ]; then
  start=$SECONDS
  NO_UPDATE_NOTIFIER=1 npm install -g --no-audit --no-fund "firebase-tools@$FIREBASE_TOOLS_VERSION"
  echo "firebase-tools $FIREBASE_TOOLS_VERSION installed in $((SECONDS - start)) s"
fi
