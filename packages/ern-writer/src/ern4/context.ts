import type { Release } from '@ddex/ern-model/values';
import type { MessageKind, TakedownMethod, WriteErnOptions } from '../types';
import type { Ern4Profile } from '../versions';
import type { PlannedDeal } from './deals';
import type { IssueLog } from './issues';
import type { ResourcePlan } from './plan';

/** Everything one ERN 4 write needs, resolved before the first element is written. */
export interface Ern4Context {
  readonly release: Release;
  readonly options: WriteErnOptions;
  readonly log: IssueLog;
  readonly kind: MessageKind;
  readonly takedownMethod: TakedownMethod;
  readonly messageId: string;
  readonly threadId: string;
  /** MessageCreatedDateTime, as xs:dateTime */
  readonly createdAt: string;
  /** the sender's DPID: Namespace of proprietary ids, catalog numbers and price codes */
  readonly namespace: string;
  /** LanguageAndScriptCode of the message */
  readonly language: string;
  readonly profile: Ern4Profile;
  /** whether the release list carries TrackReleases */
  readonly trackReleases: boolean;
  readonly plan: ResourcePlan;
  readonly deals: readonly PlannedDeal[];
  /** Proprietary id prefix of track releases: the ICPN, else the GRid, else the release id */
  readonly releaseKey: string;
}

/** The pattern of LanguageAndScriptCode and LanguageOfPerformance in the ERN 4 schemas. */
export const ERN4_LANGUAGE =
  /^[a-zA-Z]{2,3}(-[a-zA-Z]+)?(-[a-zA-Z]{2}|-[0-9]{3})?(-[a-zA-Z][a-zA-Z0-9]{4}[a-zA-Z0-9]*)?$/;

/** A default MessageId derived from the release and the creation time: stable for the same inputs. */
export function defaultMessageId(release: Release, createdAt: string): string {
  return `${release.id}-${createdAt.replace(/[^0-9]/g, '')}`;
}
