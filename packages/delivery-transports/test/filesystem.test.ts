import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vitest from 'vitest';
import { filesystem } from '../src';
import { describeTransport } from '../src/testing';

const directory = join(tmpdir(), `ddex-fs-transport-${process.pid}`);

describeTransport({
  name: 'filesystem',
  create: () => filesystem({ directory }),
  readBack: (path) => readFile(join(directory, path)).catch(() => undefined),
  vitest,
});
