export {
  type AckFile,
  type AckFileHints,
  type Acknowledgement,
  type AckRelease,
  type AckStatus,
  ackFileHints,
  mapAckStatus,
  parseAcknowledgement,
  type ReadAcknowledgementsOptions,
  readAcknowledgements,
} from './acks';
export {
  type DeliverOptions,
  type DeliveryEvent,
  type DeliveryProgressEvent,
  type DeliveryResult,
  deliver,
  findIncompleteBatches,
} from './deliver';
export { type ManifestEntry, type ManifestInput, type MessageParty, writeManifest } from './manifest';
export {
  checkRequirements,
  type DeliveryResource,
  formatTimestamp,
  type ReleaseDelivery,
  type RequirementIssue,
  renderTemplate,
  resourceFileName,
  resourceFileNames,
} from './package';
export {
  DDEX_DSP_TEST,
  type DeliveryProfile,
  DSP_PROFILES,
  GENERIC_BATCH,
  GENERIC_RELEASE_BY_RELEASE,
  type ProfileErnVersion,
  SPOTIFY_LIKE,
  YOUTUBE_LIKE,
} from './profile';
