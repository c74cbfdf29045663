import type { ErnVersionId, Release } from '@ddex/ern-model';
import { toInstant } from '@ddex/ern-model';
import type { IssueLog } from '../issues';
import type { DefaultRights, MessageInfo, TakedownRecord } from '../types';
import { assetOf, type Json, party, put, trackOf } from './candidate';
import { type ModelDeal, summarise, toModelDeals } from './deals';
import type { MessageDraft, ReleaseDraft, ResourceDraft } from './draft';
import { checkRelease } from './fix-up';
import { Origins } from './origins';
import { datePart } from './values';

/** What the assembler produced for a message. */
export interface Assembled {
  releases: Release[];
  trackReleases: Release[];
  takedowns: TakedownRecord[];
}

/**
 * The id a release gets in the model: ICPN, else GRid, else ISRC, else a proprietary id, else its catalog number,
 * else its reference.
 */
export function releaseIdOf(
  d: Pick<ReleaseDraft, 'icpn' | 'grid' | 'isrc' | 'proprietaryIds' | 'catalogNumber' | 'ref'>,
): string {
  return d.icpn ?? d.grid ?? d.isrc ?? d.proprietaryIds[0]?.value ?? d.catalogNumber ?? d.ref;
}

function isTakenDown(deals: readonly ModelDeal[], createdAt: string | undefined): boolean {
  if (createdAt === undefined || deals.length === 0) return false;
  const at = toInstant(createdAt);
  return deals.every((d) => d.endDate !== undefined && toInstant(d.endDate) <= at);
}

/** Builds model releases from a message's drafts and checks each with parseRelease. */
export function assemble(
  draft: MessageDraft,
  version: ErnVersionId,
  message: MessageInfo,
  log: IssueLog,
  options: { trackReleases: boolean; defaultRights?: DefaultRights | undefined },
): Assembled {
  const out: Assembled = { releases: [], trackReleases: [], takedowns: [] };
  const mains = draft.releases.filter((r) => r.main);
  // which main release holds each resource (for track releases' fallbacks)
  const mainOf = new Map<string, ReleaseDraft>();
  for (const m of mains) for (const i of m.items) if (!mainOf.has(i.ref)) mainOf.set(i.ref, m);
  for (const d of draft.releases) {
    if (!d.main && !options.trackReleases) {
      d.el.useAll();
      continue;
    }
    const origins = new Origins();
    const id = releaseIdOf(d);
    const identifiers = {
      ...(d.icpn && { icpn: d.icpn }),
      ...(d.grid && { grid: d.grid }),
      ...(d.isrc && { isrc: d.isrc }),
      ...(d.catalogNumber && { catalogNumber: d.catalogNumber }),
      ...(d.proprietaryIds.length > 0 && { proprietaryIds: d.proprietaryIds }),
    };
    const takedownDeals = d.deals.filter((x) => x.takedown);
    const live = d.deals.filter((x) => !x.takedown);
    const merged = toModelDeals(live);
    const deals = merged.map((m) => m.deal);
    merged.forEach((m) => {
      origins.set(m.deal, m.sources[0]?.el ?? d.el);
    });
    for (const x of live) {
      if (x.start === undefined)
        log.add(
          'release_rejected',
          'warning',
          x.el,
          'A deal without a start date was left out (the model needs one).',
          { release: d.ref },
        );
    }

    // takedowns
    const main = (d.main ? d : d.items.map((i) => mainOf.get(i.ref)).find((m) => m !== undefined)) ?? mains[0];
    const title = d.title ?? (d.items[0] && draft.resources.get(d.items[0].ref)?.title);
    const record = (method: TakedownRecord['method'], effective: string | undefined) => {
      out.takedowns.push({
        method,
        releaseId: id,
        identifiers,
        ...(title !== undefined && { title }),
        ...(effective !== undefined && { effective }),
        reference: d.ref,
        xpath: d.el.xpath,
      });
      log.add('takedown', 'info', d.el, `The message takes release ${id} down (${method}).`, { release: d.ref });
    };
    if (takedownDeals.length > 0) {
      record('TakeDownFlag', takedownDeals.map((x) => x.start).find((s) => s !== undefined) ?? message.createdAt);
      if (live.length === 0) continue;
    } else if (deals.length === 0) {
      if (d.main && draft.hasDealList) {
        record('NoDeals', message.createdAt);
      } else if (!d.main) {
        log.add(
          'track_release_without_deal',
          'info',
          d.el,
          `Track release ${d.ref} has no deal of its own; it is not offered separately and was not read as a release.`,
          { release: d.ref },
        );
        d.el.useAll();
      } else if (options.defaultRights === undefined) {
        log.add(
          'release_rejected',
          'error',
          d.el,
          `Release ${d.ref} has no deal: the model needs territories and rights to hold a release (give defaultRights to import it anyway).`,
          { release: d.ref },
        );
      }
      if (d.main ? options.defaultRights === undefined || draft.hasDealList : true) continue;
    } else if (d.main && isTakenDown(deals, message.createdAt)) {
      record(
        'EndedDeals',
        deals
          .map((x) => x.endDate as string)
          .sort()
          .at(-1),
      );
    }

    // tracks and assets
    const tracks: Json[] = [];
    const assets: { audio: Json[]; images: Json[]; videos: Json[]; documents: Json[] } = {
      audio: [],
      images: [],
      videos: [],
      documents: [],
    };
    const assetIds = new Set<string>();
    const addAsset = (r: ResourceDraft) => {
      if (r.file === undefined || assetIds.has(r.file.id)) return;
      const asset = assetOf(r, origins);
      if (asset === undefined) return;
      assetIds.add(r.file.id);
      const kind =
        r.kind === 'SoundRecording'
          ? 'audio'
          : r.kind === 'Video'
            ? 'videos'
            : r.kind === 'Image'
              ? 'images'
              : 'documents';
      assets[kind].push(asset);
    };
    const fallbackArtist = d.displayArtist ?? main?.displayArtist;
    for (const item of d.items) {
      const r = draft.resources.get(item.ref);
      if (r === undefined) {
        log.add(
          'release_rejected',
          'warning',
          d.el,
          `Release ${d.ref} refers to resource ${item.ref}, which the ResourceList does not have.`,
          { release: d.ref },
        );
        continue;
      }
      if (r.kind === 'SoundRecording' || r.kind === 'Video')
        tracks.push(trackOf(r, item.disc, item.sequence, fallbackArtist, origins));
      addAsset(r);
    }
    for (const ref of d.linked) {
      const r = draft.resources.get(ref);
      if (r !== undefined) addAsset(r);
    }

    // metadata, falling back to the single resource of a track release and to the main release
    const only = !d.main && d.items.length === 1 ? draft.resources.get(d.items[0]?.ref as string) : undefined;
    const metadata: Json = {};
    put(metadata, 'title', d.title ?? only?.title);
    put(metadata, 'subtitle', d.title === undefined ? only?.subtitle : d.subtitle);
    put(
      metadata,
      'displayArtist',
      d.displayArtist ?? only?.displayArtist ?? (d.artists.map((a) => a.name).join(', ') || undefined),
    );
    const artists = d.artists.length > 0 ? d.artists : (only?.artists ?? []);
    put(metadata, 'artists', artists.length > 0 ? artists.map((a) => party(a, true, origins)) : undefined);
    let releaseDate = d.releaseDate;
    if (releaseDate === undefined && deals.length > 0) {
      releaseDate = datePart(deals.map((x) => x.startDate).reduce((a, b) => (toInstant(b) < toInstant(a) ? b : a)));
      if (releaseDate !== undefined) {
        log.add(
          'derived_value',
          'info',
          d.el,
          `Release ${d.ref} states no release date; the earliest deal start (${releaseDate}) was used.`,
          { path: 'metadata.releaseDate', release: d.ref },
        );
      }
    }
    put(metadata, 'releaseDate', releaseDate);
    put(metadata, 'originalReleaseDate', d.originalReleaseDate);
    let label = d.label ?? only?.label;
    if (label === undefined && !d.main && main?.label !== undefined) {
      label = main.label;
      log.add(
        'derived_value',
        'info',
        d.el,
        `Track release ${d.ref} names no label; the main release's (${label}) was used.`,
        { path: 'metadata.label', release: d.ref },
      );
    }
    put(metadata, 'label', label);
    put(metadata, 'labelIds', d.labelIds && Object.keys(d.labelIds).length > 0 ? d.labelIds : undefined);
    put(metadata, 'catalogNumber', d.catalogNumber);
    put(metadata, 'barcode', d.icpn);
    put(metadata, 'grid', d.grid);
    put(metadata, 'proprietaryIds', d.proprietaryIds.length > 0 ? d.proprietaryIds.map((p) => ({ ...p })) : undefined);
    let genre = d.genre.length > 0 ? d.genre : (only?.genre ?? []);
    if (genre.length === 0 && !d.main && main !== undefined && main.genre.length > 0) {
      genre = main.genre;
      log.add('derived_value', 'info', d.el, `Track release ${d.ref} names no genre; the main release's was used.`, {
        path: 'metadata.genre',
        release: d.ref,
      });
    }
    metadata.genre = [...genre];
    put(metadata, 'language', d.language ?? draft.language);
    put(metadata, 'parentalWarning', d.parentalWarning ?? only?.parentalWarning);
    put(metadata, 'pLine', d.pLine && { ...d.pLine });
    put(metadata, 'cLine', d.cLine && { ...d.cLine });
    put(metadata, 'keywords', d.keywords.length > 0 ? [...d.keywords] : undefined);
    put(metadata, 'marketingComment', d.marketingComment);
    for (const key in d.grown) metadata[key] = d.grown[key];
    if (!d.main && only !== undefined && d.grown.localizedTitles === undefined && d.title === undefined)
      put(metadata, 'localizedTitles', only.grown.localizedTitles);
    origins.set(metadata, d.el);

    let summary = deals.length > 0 ? summarise(deals) : undefined;
    if (summary === undefined && options.defaultRights !== undefined) {
      const dr = options.defaultRights;
      const rights: Json = { startDate: dr.startDate ?? releaseDate };
      put(rights, 'commercialModels', dr.commercialModels && [...dr.commercialModels]);
      put(rights, 'useTypes', dr.useTypes && [...dr.useTypes]);
      summary = {
        territories: { included: [...dr.included], excluded: [...(dr.excluded ?? [])] },
        rights: rights as unknown as ReturnType<typeof summarise>['rights'],
      };
      log.add(
        'derived_value',
        'warning',
        d.el,
        `Release ${d.ref} has no deal; its territories and rights are the defaultRights given to the reader, not the message's.`,
        { path: 'rights', release: d.ref },
      );
    }
    const candidate: Json = { id, type: d.type ?? (d.main ? 'Album' : 'TrackRelease') };
    if (d.type === undefined) {
      log.add('derived_value', 'info', d.el, `Release ${d.ref} states no ReleaseType; ${candidate.type} was assumed.`, {
        path: 'type',
        release: d.ref,
      });
    }
    candidate.metadata = metadata;
    candidate.tracks = tracks;
    candidate.assets = assets;
    if (summary) {
      candidate.territories = summary.territories;
      candidate.rights = summary.rights;
      origins.set(summary.territories, d.el);
      origins.set(summary.rights, d.el);
    }
    if (deals.length > 1) candidate.deals = deals;
    const ddex: Json = { version };
    put(ddex, 'profile', message.profile);
    put(ddex, 'messageId', message.id);
    candidate.ddex = ddex;
    origins.set(candidate, d.el);
    const release = checkRelease(candidate, origins, d.el, d.ref, log);
    if (release !== undefined) (d.main ? out.releases : out.trackReleases).push(release);
  }
  return out;
}
