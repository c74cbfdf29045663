/**
 * @module
 * The project files of DDEX Distro on Firebase, without loading firebase-admin: firebase.json, .firebaserc, the
 * Firestore and Storage rules, Firestore indexes, the `create --template firebase` scaffold, and the command lines
 * of `ddex-distro deploy` and `ddex-distro emulators`, and the Hosting content the emulators serve in place of the
 * deployed one.
 */
export { type CommandStep, DEPLOY_TARGETS, type DeployTarget, deploySteps, EMULATORS, emulatorSteps } from './commands';
export {
  authEmulatorUrl,
  EMULATOR_API_KEY,
  EMULATOR_HOSTING,
  type EmulatorHostingSite,
  emulatorFirebaseJson,
  emulatorHostingSites,
  emulatorWebConfig,
} from './emulator-hosting';
export {
  checkProjectOptions,
  EMULATOR_PORTS,
  type FirebaseProjectOptions,
  firebaseConfigFiles,
  firebaseJson,
  firebaseRc,
  HOSTING_HEADERS,
  IMMUTABLE,
  NO_CACHE,
} from './firebase-config';
export { FIRESTORE_INDEXES, FIRESTORE_RULES, STORAGE_RULES } from './rules';
export { type FirebaseWebOptions, firebaseTemplateFiles, firebaseWebConfig, TEMPLATE_VERSIONS } from './template';
