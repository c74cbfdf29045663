import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { CliError } from '../io';

// The Hosting content of `ddex-distro emulators`: a copy of each public folder whose config.json points the web app
// at the emulators, and the firebase.json naming the copies. firebase.json and the public folders themselves, which
// `ddex-distro deploy` ships, are never written.

type ProjectModule = typeof import('@ddex/adapter-firebase/project');

/** What {@link prepareEmulatorHosting} wrote. */
export interface EmulatorHosting {
  /** the firebase.json to start the emulators with (`--config`), relative to the project folder */
  config: string;
  /** the folders the Hosting emulator serves, absolute */
  publicDirs: string[];
  /** removes everything it wrote */
  remove(): Promise<void>;
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function readFirebaseJson(dir: string): Promise<Record<string, unknown> | null> {
  if (!existsSync(join(dir, 'firebase.json'))) return null;
  const firebaseJson = await readJson(join(dir, 'firebase.json'));
  if (!firebaseJson) throw new CliError(`${join(dir, 'firebase.json')} is not a JSON object`, 2);
  return firebaseJson;
}

/**
 * Whether `dir`'s firebase.json has a Hosting public folder that exists, which {@link prepareEmulatorHosting} copies.
 *
 * @throws {CliError} when firebase.json is not a JSON object
 */
export async function hasEmulatorHosting(project: ProjectModule, dir: string): Promise<boolean> {
  const firebaseJson = await readFirebaseJson(dir);
  return !!firebaseJson && project.emulatorHostingSites(firebaseJson).some((s) => existsSync(join(dir, s.public)));
}

/** Copies each site's public folder without its config.json and writes the emulator config.json into the copy. */
async function writeCopies(
  project: ProjectModule,
  dir: string,
  firebaseJson: Record<string, unknown>,
  projectId: string,
): Promise<string[]> {
  const copies = join(dir, project.EMULATOR_HOSTING.publicDir);
  const publicDirs: string[] = [];
  for (const site of project.emulatorHostingSites(firebaseJson)) {
    const from = join(dir, site.public);
    const to = join(dir, site.copy);
    if (!existsSync(from)) continue;
    await mkdir(dirname(to), { recursive: true });
    // the copies sit inside the project, maybe inside a public folder ("public": "."): never copy them into themselves
    await cp(from, to, {
      recursive: true,
      filter: (source) => source !== join(from, 'config.json') && !`${source}${sep}`.startsWith(`${copies}${sep}`),
    });
    const production = await readJson(join(from, 'config.json'));
    const web = project.emulatorWebConfig({ firebaseJson, projectId, production });
    await writeFile(join(to, 'config.json'), `${JSON.stringify(web, null, 2)}\n`);
    publicDirs.push(to);
  }
  return publicDirs;
}

/**
 * Writes the emulators' Hosting content into `dir` (see `EMULATOR_HOSTING` of `@ddex/adapter-firebase/project`):
 * each public folder of firebase.json copied without its config.json, the emulator config.json
 * (`emulatorWebConfig`: the Auth emulator of firebase.json, the emulated project) written into the copy, and the
 * firebase.json naming the copies. Returns null when firebase.json has no Hosting public folder that exists.
 *
 * @throws {CliError} when firebase.json is not a JSON object
 */
export async function prepareEmulatorHosting(
  project: ProjectModule,
  dir: string,
  projectId: string,
): Promise<EmulatorHosting | null> {
  const firebaseJson = await readFirebaseJson(dir);
  if (!firebaseJson) return null;
  const { config, publicDir } = project.EMULATOR_HOSTING;
  const remove = async () => {
    for (const path of [config, publicDir]) await rm(join(dir, path), { recursive: true, force: true });
    // .firebase/ itself only when nothing else is in it (firebase-tools keeps its deploy cache there)
    await rmdir(dirname(join(dir, publicDir))).catch(() => undefined);
  };
  await remove(); // a previous run's, left by a crash
  try {
    const publicDirs = await writeCopies(project, dir, firebaseJson, projectId);
    if (publicDirs.length === 0) return null;
    await writeFile(join(dir, config), `${JSON.stringify(project.emulatorFirebaseJson(firebaseJson), null, 2)}\n`);
    return { config, publicDirs, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
