/**
 * @module
 * The Cloud Functions entry of DDEX Distro on Firebase: the service's HTTP API as an HTTPS function, and the
 * delivery worker as a scheduled function and on every new queue job.
 *
 * @example
 * // functions/src/index.ts of a project made by `ddex-distro create <dir> --template firebase`
 * import { createDistroFunctions } from '@ddex/adapter-firebase/functions';
 * export const { api, deliveryWorker, deliveryOnEnqueue } = createDistroFunctions({ region: 'europe-west1' });
 */
export { createDistroFunctions, type DistroFunctions, type DistroFunctionsOptions } from './distro-functions';
export {
  type FunctionsRequest,
  type FunctionsResponse,
  sendWebResponse,
  toWebRequest,
} from './web-bridge';
