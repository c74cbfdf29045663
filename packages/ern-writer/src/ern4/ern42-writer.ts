import type { Release } from '@ddex/ern-model/values';
import { toIsoDuration } from '@ddex/ern-model/values';
import { ErnWriterError } from '../errors';
import type { WriteErnOptions, WriteErnResult } from '../types';
import { ERN_VERSIONS, type ErnVersionInfo } from '../versions';
import { type XmlAttributes, XmlWriter } from '../xml/xml-writer';
import type { Ern4Version } from './allowed-values';
import {
  writeDisplayArtists,
  writePLine,
  writeReleaseId,
  writeResourceId,
  writeTitles,
  writeVideoFields,
} from './composites';
import { defaultMessageId, ERN4_LANGUAGE, type Ern4Context } from './context';
import { createdDateTime } from './dates';
import { writeDealList } from './deal-list';
import { planDeals } from './deals';
import { ERN4_FIELD_SUPPORT, type FieldSupport, reportUnsupportedFields } from './field-support';
import {
  sortNamesOf,
  writeIsInstrumental,
  writeLocalizedNames,
  writeLocalizedTitles,
  writeRecordingDate,
} from './grown-fields';
import { avsAttributes, IssueLog } from './issues';
import { type PlannedTrack, planResources } from './plan';
import { ern4Profile, hasTrackReleases } from './release-facts';
import { writeReleaseList } from './release-list';
import { audioTechnical, avsLeaf, HZ, KBPS, writeFile, writeImageTechnicalDetails } from './technical';
import { scanForbiddenChars } from './text-scan';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * The ERN 4 writer: one visitor over the model that writes ERN 4.2, with small protected hooks for what later
 * versions changed. {@link Ern43Writer} extends it (STYLE.md §10).
 */
export class Ern42Writer {
  /** the version this writer writes */
  readonly version: Ern4Version = '4.2';
  /** which fields of the release the version writes, and which it cannot carry (reported as issues) */
  readonly fields: FieldSupport = ERN4_FIELD_SUPPORT;

  /** version facts */
  protected get info(): ErnVersionInfo {
    return ERN_VERSIONS[this.version];
  }

  /**
   * Writes a NewReleaseMessage (or a PurgeReleaseMessage for a purge) for a parsed release. An update is a full
   * NewReleaseMessage: ERN 4 has no UpdateIndicator, and every message replaces the earlier data and all deals
   * (ERN Part 1 §6.19.2). A takedown ends the deals at `createdAt` or leaves the DealList out (§6.19.4).
   */
  write(release: Release, options: WriteErnOptions): WriteErnResult {
    const ctx = this.context(release, options);
    const x = new XmlWriter();
    if (ctx.kind === 'Takedown' && ctx.takedownMethod === 'Purge') this.writePurge(x, ctx);
    else {
      x.open('ern:NewReleaseMessage', this.rootAttributes(ctx, true));
      this.writeHeader(x, ctx);
      this.writePartyList(x, ctx);
      this.writeResourceList(x, ctx);
      writeReleaseList(x, ctx);
      writeDealList(x, ctx);
      x.close();
    }
    // the serializer dropped characters XML cannot carry: find which release fields held them (rare, so not up front)
    if (x.droppedForbiddenChars) {
      scanForbiddenChars(release, '', ctx.log.issues);
      const { sender, recipient, messageId, threadId } = options;
      scanForbiddenChars({ sender, recipient, messageId, threadId }, 'options', ctx.log.issues);
    }
    return { xml: x.toString(), issues: ctx.log.issues };
  }

  /** Resolves options, references, parties and deals; reports what the version cannot carry. */
  protected context(release: Release, options: WriteErnOptions): Ern4Context {
    checkParties(options);
    const log = new IssueLog(this.version);
    reportUnsupportedFields(release, this.fields, log);
    const createdAt = createdDateTime(options.createdAt);
    const messageId = options.messageId ?? defaultMessageId(release, createdAt);
    let language = release.metadata.language ?? 'en';
    if (!ERN4_LANGUAGE.test(language)) {
      log.add(
        'value_changed',
        'metadata.language',
        `"${language}" does not fit ERN 4's LanguageAndScriptCode pattern; "en" was used.`,
      );
      language = 'en';
    }
    const profile = ern4Profile(release, options.profile, log);
    const kind = options.kind ?? 'NewRelease';
    const takedownMethod = options.takedownMethod ?? 'EndDatedDeal';
    const m = release.metadata;
    return {
      release,
      options,
      log,
      kind,
      takedownMethod,
      messageId,
      threadId: options.threadId ?? messageId,
      createdAt,
      namespace: options.sender.dpid,
      language,
      profile,
      trackReleases: hasTrackReleases(profile),
      plan: planResources(release, log),
      deals: planDeals(release, kind, takedownMethod, createdAt),
      releaseKey: m.barcode ?? m.grid ?? release.id,
    };
  }

  /** Root attributes: namespaces, schema location, LanguageAndScriptCode, profile, AvsVersionId (4.3 and later). */
  protected rootAttributes(ctx: Ern4Context, withProfile: boolean): XmlAttributes {
    const info: ErnVersionInfo = this.info;
    return {
      'xmlns:ern': info.namespace,
      'xmlns:xsi': XSI,
      'xsi:schemaLocation': info.schemaLocation,
      LanguageAndScriptCode: ctx.language,
      ReleaseProfileVersionId: withProfile ? ctx.profile : undefined,
      AvsVersionId: info.avsVersionId,
    };
  }

  /** MessageHeader. */
  protected writeHeader(x: XmlWriter, ctx: Ern4Context): void {
    const { sender, recipient } = ctx.options;
    x.open('MessageHeader');
    x.leaf('MessageThreadId', ctx.threadId);
    x.leaf('MessageId', ctx.messageId);
    for (const [name, party] of [
      ['MessageSender', sender],
      ['MessageRecipient', recipient],
    ] as const) {
      x.open(name).leaf('PartyId', party.dpid).open('PartyName').leaf('FullName', party.name).close().close();
    }
    x.leafSafe('MessageCreatedDateTime', ctx.createdAt);
    x.leafSafe('MessageControlType', ctx.options.messageControlType === 'Test' ? 'TestMessage' : 'LiveMessage');
    x.close();
  }

  /** PartyList: every artist, contributor, writer, publisher and label once. */
  protected writePartyList(x: XmlWriter, ctx: Ern4Context): void {
    x.open('PartyList');
    const sortNames = sortNamesOf(ctx.release);
    for (const party of ctx.plan.parties.parties) {
      x.open('Party').leafSafe('PartyReference', party.reference);
      x.open('PartyName').leaf('FullName', party.name).leaf('FullNameIndexed', sortNames.get(party.name)).close();
      const ids = party.ids;
      if (ids !== undefined && (ids.isni ?? ids.dpid ?? ids.ipi ?? ids.proprietary?.[0]) !== undefined) {
        x.open('PartyId');
        x.leaf('ISNI', ids.isni);
        x.leaf('DPID', ids.dpid);
        x.leaf('IpiNameNumber', ids.ipi?.padStart(11, '0'));
        for (const p of ids.proprietary ?? []) x.leaf('ProprietaryId', p.value, { Namespace: p.namespace });
        x.close();
      }
      x.close();
    }
    x.close();
  }

  /** ResourceList: sound recordings, videos, images (schema order). */
  protected writeResourceList(x: XmlWriter, ctx: Ern4Context): void {
    x.open('ResourceList');
    for (const t of ctx.plan.tracks) if (t.kind === 'audio') this.writeTrackResource(x, ctx, t);
    for (const t of ctx.plan.tracks) if (t.kind === 'video') this.writeTrackResource(x, ctx, t);
    for (const image of ctx.plan.images) {
      x.open('Image').leafSafe('ResourceReference', image.resourceRef);
      avsLeaf(x, 'Type', ctx.log.avs('ImageType', image.asset.type, image.path, '.type'));
      x.open('ResourceId').leaf('ProprietaryId', image.asset.id, { Namespace: ctx.namespace }).close();
      writeImageTechnicalDetails(x, image.asset, image.technicalRef, image.path, ctx.log);
      x.close();
    }
    x.close();
  }

  /** A SoundRecording or Video. */
  protected writeTrackResource(x: XmlWriter, ctx: Ern4Context, t: PlannedTrack): void {
    const m = t.track.metadata;
    x.open(t.kind === 'audio' ? 'SoundRecording' : 'Video');
    x.leafSafe('ResourceReference', t.resourceRef);
    x.leafSafe('Type', t.kind === 'audio' ? 'MusicalWorkSoundRecording' : 'ShortFormMusicalWorkVideo');
    this.writeTrackEdition(x, ctx, t);
    if (m.iswc !== undefined) x.open('WorkId').leaf('ISWC', m.iswc).close();
    writeTitles(x, m.title, m.subtitle);
    writeLocalizedTitles(x, ctx, m.localizedTitles, `${t.path}.metadata.localizedTitles`);
    x.leaf('DisplayArtistName', m.displayArtist);
    writeLocalizedNames(x, ctx, m.localizedDisplayArtists, `${t.path}.metadata.localizedDisplayArtists`);
    writeDisplayArtists(x, t.artists);
    for (let i = 0; i < t.contributors.length; i++) {
      const c = t.contributors[i] as PlannedTrack['contributors'][number];
      x.open('Contributor', { SequenceNumber: i + 1 }).leafSafe('ContributorPartyReference', c.ref);
      for (const role of c.roles) x.leafSafe('Role', role.value, avsAttributes(role));
      for (const instrument of c.instruments) x.leafSafe('InstrumentType', instrument.value, avsAttributes(instrument));
      if (c.featured) x.leafSafe('HasMadeFeaturedContribution', true);
      x.close();
    }
    this.writeTrackLines(x, ctx, t);
    x.leafSafe('Duration', toIsoDuration(m.duration));
    if (t.kind === 'audio') writeRecordingDate(x, m.recordingDate);
    x.leaf('ParentalWarningType', m.parentalWarning ?? 'NoAdviceAvailable');
    if (t.kind === 'audio') writeIsInstrumental(x, m.isInstrumental);
    if (m.language !== undefined) {
      if (ERN4_LANGUAGE.test(m.language)) x.leafSafe('LanguageOfPerformance', m.language);
      else
        ctx.log.add(
          'unsupported_field',
          `${t.path}.metadata.language`,
          `"${m.language}" does not fit ERN 4's LanguageOfPerformance pattern and was left out.`,
        );
    }
    this.writeTrackTechnical(x, ctx, t);
    x.close();
  }

  /** Hook: 4.2 writes the ResourceId here (4.3 writes the whole SoundRecordingEdition/VideoEdition). */
  protected writeTrackEdition(x: XmlWriter, _ctx: Ern4Context, t: PlannedTrack): void {
    writeResourceId(x, t);
  }

  /** Hook: 4.2 writes the P line after the contributors (4.3 moved it into the edition). */
  protected writeTrackLines(x: XmlWriter, _ctx: Ern4Context, t: PlannedTrack): void {
    writePLine(x, t.track.metadata.pLine);
  }

  /** Hook: 4.2 writes TechnicalDetails last (4.3 moved them into the edition). */
  protected writeTrackTechnical(x: XmlWriter, ctx: Ern4Context, t: PlannedTrack): void {
    if (t.kind === 'audio') this.writeAudioTechnicalDetails(x, ctx, t);
    else this.writeVideoTechnicalDetails(x, ctx, t);
  }

  /** Audio technical details, ERN 4.2 shape: codec fields, PreviewDetails and File directly inside. */
  protected writeAudioTechnicalDetails(x: XmlWriter, ctx: Ern4Context, t: PlannedTrack): void {
    const asset = t.audio;
    if (asset === undefined) return;
    const path = t.assetPath;
    const tech = audioTechnical(asset, t.track.audio, path, ctx.log, false);
    x.open('TechnicalDetails').leafSafe('TechnicalResourceDetailsReference', t.technicalRef);
    avsLeaf(x, 'AudioCodecType', tech.codec);
    if (tech.bitrate !== undefined) x.leaf('BitRate', tech.bitrate, KBPS);
    x.leaf('NumberOfChannels', tech.channels);
    if (tech.sampleRate !== undefined) x.leaf('SamplingRate', tech.sampleRate, HZ);
    x.leaf('BitsPerSample', tech.bitDepth);
    if (asset.duration !== undefined) x.leafSafe('Duration', toIsoDuration(asset.duration));
    writePreviewDetails(x, t);
    writeFile(x, asset, path, ctx.log);
    x.close();
  }

  /** Video technical details, ERN 4.2 shape. */
  protected writeVideoTechnicalDetails(x: XmlWriter, ctx: Ern4Context, t: PlannedTrack): void {
    const asset = t.video;
    if (asset === undefined) return;
    const path = t.assetPath;
    x.open('TechnicalDetails').leafSafe('TechnicalResourceDetailsReference', t.technicalRef);
    writeVideoFields(x, ctx, asset, path, t.track.video?.format);
    writePreviewDetails(x, t);
    writeFile(x, asset, path, ctx.log);
    x.close();
  }

  /** A PurgeReleaseMessage: header and the release's identifiers, title and display artist. */
  protected writePurge(x: XmlWriter, ctx: Ern4Context): void {
    const m = ctx.release.metadata;
    x.open('ern:PurgeReleaseMessage', this.rootAttributes(ctx, false));
    this.writeHeader(x, ctx);
    x.open('PurgedRelease');
    writeReleaseId(x, ctx);
    x.open('Title').leaf('TitleText', m.title).leaf('SubTitle', m.subtitle).close();
    x.open('Contributor')
      .open('PartyName')
      .leaf('FullName', m.displayArtist)
      .close()
      .leafSafe('Role', 'Artist')
      .close();
    x.close().close();
  }
}

// --- Internal helpers ---

const DPID = /^PADPIDA[a-zA-Z0-9]+$/;

/** MessageSender and MessageRecipient need a DDEX Party ID; anything else would make the message invalid. */
function checkParties(options: WriteErnOptions): void {
  for (const role of ['sender', 'recipient'] as const) {
    const party = options[role];
    if (party === undefined || typeof party.dpid !== 'string' || !DPID.test(party.dpid)) {
      throw new ErnWriterError(
        'INVALID_OPTIONS',
        `options.${role}.dpid must be a DDEX Party ID (PADPIDA…), not ${JSON.stringify(party?.dpid)}.`,
      );
    }
  }
}

/** ERN 4.2 PreviewDetails of a track with a preview clip (the DSP cuts it from the full file). */
function writePreviewDetails(x: XmlWriter, t: PlannedTrack): void {
  const p = t.track.preview;
  if (p === undefined) return;
  x.open('PreviewDetails').leaf('StartPoint', p.startTime).leafSafe('Duration', toIsoDuration(p.duration));
  x.leafSafe('ExpressionType', 'Instructive').close();
}
