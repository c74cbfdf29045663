import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { createProject } from '../src/commands/create';
import { tempDir } from './support';

// A disk that fails in the middle of the scaffold (the README, after package.json and .env are written).
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const writeFile: typeof fs.writeFile = async (path, data, options) => {
    if (String(path).endsWith('README.md'))
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    return fs.writeFile(path, data, options);
  };
  return { ...fs, default: { ...fs, writeFile }, writeFile };
});

it('a failure halfway leaves no project and no staging folder', async () => {
  const parent = tempDir();
  const dir = join(parent, 'label');
  const error = await createProject(dir).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'WRITE_FAILED', dir, exitCode: 1 });
  expect((error as Error).message).toContain(`cannot create ${dir}: ENOSPC`);
  expect(existsSync(dir)).toBe(false);
  expect(readdirSync(parent)).toEqual([]);
});
