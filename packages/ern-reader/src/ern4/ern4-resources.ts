import { fileCredit } from '../common/credits';
import { emptyResource, type FileDraft, type ResourceDraft } from '../common/draft';
import { readLocalizedNames, readLocalizedTitles, readRecordingFacts } from '../common/grown';
import { readHashSum, readTechnicalFields } from '../common/technical';
import { bool, coded, defaultChild, line, num, seconds } from '../common/values';
import type { IssueLog } from '../issues';
import type { XmlElement } from '../xml/element';
import { credit, type Ern4Party, readDisplayArtists } from './ern4-parties';

const KINDS: Record<string, ResourceDraft['kind']> = {
  SoundRecording: 'SoundRecording',
  Video: 'Video',
  Image: 'Image',
  Text: 'Text',
};
// ERN 4.3 wraps identifiers, P line and technical details of a recording in an edition; 4.2 does not
const EDITIONS: Record<string, string> = { SoundRecording: 'SoundRecordingEdition', Video: 'VideoEdition' };
// resource Type values the writers write again without the model holding them
const DEFAULT_TYPES = new Set(['MusicalWorkSoundRecording']);

function readFile(td: XmlElement, ref: string, kind: ResourceDraft['kind']): FileDraft | undefined {
  const holder = td.child('DeliveryFile') ?? td;
  const file = holder.child('File');
  const fileName = file?.raw1('URI') ?? file?.raw1('FileName');
  if (file === undefined || fileName === undefined) return undefined;
  const id = td.text1('TechnicalResourceDetailsReference') ?? `${ref}-file`;
  const draft: FileDraft = { id, fileName, el: holder };
  const size = num(file.text1('FileSize'));
  if (size !== undefined && size >= 0) draft.size = size;
  readHashSum(file, draft);
  holder.child('Type'); // AudioFile, VideoFile…: implied by the resource
  readTechnicalFields(
    holder,
    draft,
    kind === 'SoundRecording' ? 'audio' : kind === 'Video' ? 'video' : kind === 'Image' ? 'image' : 'other',
  );
  return draft;
}

function readPreview(td: XmlElement, r: ResourceDraft): void {
  const clip = td.peek('ClipDetails') ?? td.peek('PreviewDetails');
  if (clip === undefined) return;
  const timing = clip.peek('Timing') ?? clip;
  const start = num(timing.peek('StartPoint')?.text.trim());
  const duration = seconds(timing.peek('DurationUsed')?.text.trim() ?? timing.peek('Duration')?.text.trim());
  if (start === undefined || duration === undefined || duration <= 0) return; // the model needs both: reported
  if (clip.name === 'ClipDetails' && (clip.peek('ClipType')?.text.trim() ?? 'Preview') !== 'Preview') return;
  clip.useAll();
  r.preview = { startTime: start, duration, el: clip };
}

function isPreview(td: XmlElement): boolean {
  return td.peek('IsPreview')?.text.trim() === 'true';
}

/** Reads a ResourceList entry (SoundRecording, Video, Image, Text…) of an ERN 4.2 or 4.3 message. */
export function readResource4(
  el: XmlElement,
  parties: Map<string, Ern4Party>,
  log: IssueLog,
): ResourceDraft | undefined {
  const ref = el.text1('ResourceReference');
  if (ref === undefined) return undefined;
  el.used = true;
  const kind = KINDS[el.name] ?? 'Other';
  const r = emptyResource(ref, kind, el);
  const type = el.peek('Type');
  if (kind === 'Image' || kind === 'Text') {
    const t = coded(el.child('Type'));
    if (t !== undefined) r.imageType = t;
  } else if (type !== undefined && DEFAULT_TYPES.has(type.text.trim())) {
    type.used = true;
  }
  if (kind === 'Other') return r;

  const editionName = EDITIONS[el.name];
  const edition = (editionName && el.child(editionName)) || el;
  if (kind === 'SoundRecording' || kind === 'Video') {
    const ids = edition.child('ResourceId');
    if (ids !== undefined) {
      const isrc = ids.text1('ISRC');
      if (isrc !== undefined) r.isrc = isrc;
      for (const p of ids.all('ProprietaryId')) {
        const namespace = p.attr('Namespace');
        if (namespace !== undefined && p.text !== '') r.proprietaryIds.push({ namespace, value: p.text });
        else p.used = false;
      }
    }
    const displayTitle = defaultChild(el, 'DisplayTitle');
    const title = displayTitle?.raw1('TitleText');
    const subtitle = displayTitle?.raw1('SubTitle');
    const titleText = defaultChild(el, 'DisplayTitleText');
    if (title !== undefined) r.title = title;
    else if (titleText !== undefined && titleText.text !== '') r.title = titleText.text;
    if (subtitle !== undefined) r.subtitle = subtitle;
    readLocalizedTitles(el, displayTitle, titleText, r.grown);
    const artistNameEl = defaultChild(el, 'DisplayArtistName');
    const artistName = artistNameEl?.text;
    if (artistName) r.displayArtist = artistName;
    readLocalizedNames(el, artistNameEl, r.grown);
    if (kind === 'SoundRecording') readRecordingFacts(el, r.grown);
    r.artists = readDisplayArtists(el, parties, log);
    for (const c of el.all('Contributor')) {
      const roles: (string | undefined)[] = [];
      for (const x of c.all('Role')) roles.push(coded(x));
      const instrument = coded(c.child('InstrumentType'));
      if (roles.length === 0) {
        c.used = false; // a credit without a role: the model cannot hold it
        continue;
      }
      for (const role of roles) {
        if (role === undefined) continue;
        const draft = credit(c, 'ContributorPartyReference', role, parties, log);
        if (draft === undefined) continue;
        // the writers credit display artists as Artist; their display role says which
        const featured = c.peek('HasMadeFeaturedContribution') && bool(c.text1('HasMadeFeaturedContribution'));
        const display =
          role === 'Artist'
            ? (r.artists.find((a) => a.name === draft.name)?.role ?? (featured ? 'FeaturedArtist' : undefined))
            : undefined;
        fileCredit(r, { ...draft, role: display ?? role, ...(instrument !== undefined && { instrument }) });
      }
    }
    const duration = seconds(el.text1('Duration'));
    if (duration !== undefined && duration > 0) r.duration = duration;
    const warning = defaultChild(el, 'ParentalWarningType');
    if (warning) r.parentalWarning = warning.text.trim();
    const language = defaultChild(el, 'LanguageOfPerformance');
    if (language) r.language = language.text.trim();
    const pLine = line(defaultChild(edition, 'PLine'), 'PLineText');
    if (pLine) r.pLine = pLine;
    const genre = defaultChild(el, 'Genre');
    if (genre) r.genre = [genre.raw1('GenreText'), genre.raw1('SubGenre')].filter((g): g is string => g !== undefined);
  } else if (el.peek('ParentalWarningType') === undefined) {
    // nothing: images and texts carry no metadata the model holds
  }

  // loops, not closures: this runs for every resource of a message
  let main: XmlElement | undefined;
  let previewDetails: XmlElement | undefined;
  for (const td of edition.peekAll('TechnicalDetails')) {
    if (isPreview(td)) previewDetails ??= td;
    else main ??= td;
  }
  if (main !== undefined) {
    main.used = true;
    const file = readFile(main, ref, kind);
    if (file !== undefined) r.file = file;
    if (kind === 'SoundRecording' || kind === 'Video') readPreview(main, r);
  }
  // ERN 4.2: a preview may be described by a TechnicalDetails of its own (IsPreview); its clip file is not modelled
  if (previewDetails !== undefined && r.preview === undefined && (kind === 'SoundRecording' || kind === 'Video')) {
    readPreview(previewDetails, r);
    if (r.preview !== undefined) {
      previewDetails.used = true;
      previewDetails.child('IsPreview');
      previewDetails.child('TechnicalResourceDetailsReference');
    }
  }
  // the writers identify images and texts by a ProprietaryId: it becomes the asset id
  if ((kind === 'Image' || kind === 'Text') && r.file !== undefined) {
    const proprietary = el.peek('ResourceId')?.peek('ProprietaryId');
    if (proprietary !== undefined && proprietary.text.trim() !== '') {
      el.child('ResourceId')?.child('ProprietaryId');
      r.file = { ...r.file, id: proprietary.text.trim() };
    }
  }
  return r;
}
