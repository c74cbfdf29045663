// Child-process entry of the Firebase Auth emulator for the tests: firebase-tools' own AuthEmulator (the code that
// `firebase emulators:start --only auth` runs) without the CLI around it, so no hub, logging emulator, update check,
// usage tracking or VS Code webhook. Its request validators are compiled on first use (exegesis'
// lazyCompileValidationSchemas) instead of all at start, which cuts the start from ~35 s to ~5 s on a busy machine;
// requests are validated the same way.
// Usage: node auth-emulator-main.mjs <firebase-tools dir> <port> <project id>
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [toolsDir, port, projectId] = process.argv.slice(2);
const require = createRequire(join(toolsDir, 'package.json'));
const exegesis = require('exegesis-express');
const middleware = exegesis.middleware;
exegesis.middleware = (spec, options) => middleware(spec, { ...options, lazyCompileValidationSchemas: true });
const { AuthEmulator } = require('./lib/emulator/auth/index.js');

const emulator = new AuthEmulator({ host: '127.0.0.1', port: Number(port), projectId, singleProjectMode: 0 });
await emulator.start();
const stop = () => {
  emulator.stop().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdout.write('started\n');
