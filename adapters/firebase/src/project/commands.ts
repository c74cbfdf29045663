import type { FirebaseProjectOptions } from './firebase-config';

/** One program to run: the executable and its arguments (never a shell string). */
export interface CommandStep {
  /** executable, e.g. `npm` or `firebase` */
  command: string;
  /** arguments */
  args: string[];
}

/** What to deploy. */
export type DeployTarget = 'functions' | 'hosting' | 'firestore' | 'storage';

/** Every deploy target. */
export const DEPLOY_TARGETS: readonly DeployTarget[] = ['functions', 'hosting', 'firestore', 'storage'];

/** The steps of `ddex-distro deploy`: build the project, then `firebase deploy` for the project and targets. */
export function deploySteps(options: FirebaseProjectOptions & { only?: DeployTarget[] }): CommandStep[] {
  const only = options.only ?? [...DEPLOY_TARGETS];
  for (const t of only) if (!DEPLOY_TARGETS.includes(t)) throw new TypeError(`unknown deploy target "${t}"`);
  return [
    { command: 'npm', args: ['run', 'build', '--if-present'] },
    {
      command: 'firebase',
      args: ['deploy', '--project', options.projectId, '--only', only.join(','), '--non-interactive'],
    },
  ];
}

/** The emulators of `ddex-distro emulators` (Firestore and Storage need Java 21 and downloads Google serves). */
export const EMULATORS = ['auth', 'firestore', 'functions', 'hosting', 'storage'] as const;

/**
 * The step of `ddex-distro emulators`: the Firebase emulator suite for local development, started with `config`
 * instead of firebase.json when given (the emulators' own Hosting content, see `emulatorFirebaseJson`).
 */
export function emulatorSteps(options: FirebaseProjectOptions & { only?: string[]; config?: string }): CommandStep[] {
  const only = options.only ?? [...EMULATORS];
  for (const e of only)
    if (!(EMULATORS as readonly string[]).includes(e)) throw new TypeError(`unknown emulator "${e}"`);
  const args = ['emulators:start', '--project', options.projectId, '--only', only.join(',')];
  if (options.config) args.push('--config', options.config);
  return [{ command: 'firebase', args }];
}
