import type { Release } from '@ddex/ern-model/values';
import type { WriteErnOptions, WriteErnResult } from '../types';
import { Ern382Context } from './ern382-context';
import { writeDealList } from './ern382-deals';
import { reportUnsupported } from './ern382-fields';
import { rootAttributes, writeMessageHeader } from './ern382-header';
import { type Ern382Plan, planErn382 } from './ern382-plan';
import { writePurgeReleaseMessage } from './ern382-purge';
import { writeReleaseList } from './ern382-releases';
import { writeResourceList } from './ern382-resources';
import { ERN382_VERSION, type Ern382VersionInfo } from './ern382-version';

/**
 * The ERN 3.8.x writer: one visitor over the release model. Each message part is a protected hook, so a sibling
 * 3.x version overrides only what differs (STYLE.md §10); version facts come from {@link Ern382VersionInfo}.
 */
export class Ern382Writer {
  /** the version facts this writer writes */
  readonly version: Ern382VersionInfo;

  constructor(version: Ern382VersionInfo = ERN382_VERSION) {
    this.version = version;
  }

  /** Writes the message for a parsed release; never throws on release content (losses come back as issues). */
  write(release: Release, options: WriteErnOptions): WriteErnResult {
    const plan = planErn382(release, options);
    const ctx = new Ern382Context(this.version);
    if (plan.kind === 'Takedown' && plan.takedownMethod === 'Purge') {
      this.purgeReleaseMessage(ctx, plan);
    } else {
      if (plan.kind === 'Takedown' && plan.takedownMethod === 'EmptyDealList') {
        ctx.issue(
          'takedown_method_unsupported',
          'options.takedownMethod',
          'ERN 3.8.2 has no takedown by empty DealList; the takedown was written as deals ending at MessageCreatedDateTime.',
        );
      }
      this.newReleaseMessage(ctx, plan);
    }
    return { xml: ctx.xml.toString(), issues: ctx.issues };
  }

  /** `ReleaseProfileVersionId`: from the options or the release, mapped to a 3.8.2 profile, else by release type. */
  protected profileId(ctx: Ern382Context, plan: Ern382Plan): string {
    const v = this.version;
    const byType = plan.release.type === 'Single' ? v.singleProfileId : v.albumProfileId;
    const profile = plan.options.profile ?? plan.release.ddex.profile;
    if (profile === undefined || profile === 'Audio') return byType;
    if (profile.startsWith('CommonReleaseTypes/')) return profile;
    const mapped = v.profileIds[profile];
    if (mapped !== undefined) return mapped;
    ctx.issue(
      'unsupported_profile',
      'ddex.profile',
      `ERN 3.8.2 has no release profile for "${profile}"; ${byType} was used.`,
    );
    return byType;
  }

  /** The NewReleaseMessage: header, update indicator, resources, releases and deals. */
  protected newReleaseMessage(ctx: Ern382Context, plan: Ern382Plan): void {
    const x = ctx.xml;
    const attrs = rootAttributes(ctx, {
      ReleaseProfileVersionId: this.profileId(ctx, plan),
      LanguageAndScriptCode: plan.release.metadata.language,
    });
    x.open(`${this.version.prefix}:NewReleaseMessage`, attrs);
    this.messageHeader(ctx, plan);
    x.leaf('UpdateIndicator', plan.kind === 'NewRelease' ? 'OriginalMessage' : 'UpdateMessage');
    this.resourceList(ctx, plan);
    this.releaseList(ctx, plan);
    this.dealList(ctx, plan);
    x.close();
    reportUnsupported(ctx, plan.release);
  }

  /** The MessageHeader. */
  protected messageHeader(ctx: Ern382Context, plan: Ern382Plan): void {
    writeMessageHeader(ctx, plan);
  }

  /** The ResourceList. */
  protected resourceList(ctx: Ern382Context, plan: Ern382Plan): void {
    writeResourceList(ctx, plan);
  }

  /** The ReleaseList. */
  protected releaseList(ctx: Ern382Context, plan: Ern382Plan): void {
    writeReleaseList(ctx, plan);
  }

  /** The DealList. */
  protected dealList(ctx: Ern382Context, plan: Ern382Plan): void {
    writeDealList(ctx, plan);
  }

  /** The PurgeReleaseMessage (takedown method `Purge`). */
  protected purgeReleaseMessage(ctx: Ern382Context, plan: Ern382Plan): void {
    writePurgeReleaseMessage(ctx, plan);
  }
}
