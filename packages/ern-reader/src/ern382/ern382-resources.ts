import { fileCredit } from '../common/credits';
import { emptyResource, type FileDraft, type ResourceDraft } from '../common/draft';
import { readRecordingFacts } from '../common/grown';
import { readHashSum, readTechnicalFields } from '../common/technical';
import { coded, defaultChild, line, num, seconds } from '../common/values';
import type { XmlElement } from '../xml/element';
import { detailsFor, displayArtists382, inlineCredits, titleOf, workTitleOf } from './ern382-details';

/** Element names of each ERN 3.8.2 resource kind. */
const SHAPES: Record<
  string,
  { kind: ResourceDraft['kind']; type: string; id: string; details: string; technical: string }
> = {
  SoundRecording: {
    kind: 'SoundRecording',
    type: 'SoundRecordingType',
    id: 'SoundRecordingId',
    details: 'SoundRecordingDetailsByTerritory',
    technical: 'TechnicalSoundRecordingDetails',
  },
  Video: {
    kind: 'Video',
    type: 'VideoType',
    id: 'VideoId',
    details: 'VideoDetailsByTerritory',
    technical: 'TechnicalVideoDetails',
  },
  Image: {
    kind: 'Image',
    type: 'ImageType',
    id: 'ImageId',
    details: 'ImageDetailsByTerritory',
    technical: 'TechnicalImageDetails',
  },
  Text: {
    kind: 'Text',
    type: 'TextType',
    id: 'TextId',
    details: 'TextDetailsByTerritory',
    technical: 'TechnicalTextDetails',
  },
};
const DEFAULT_TYPES = new Set(['MusicalWorkSoundRecording']);

function readFile382(td: XmlElement, ref: string, kind: ResourceDraft['kind']): FileDraft | undefined {
  const file = td.child('File');
  const fileName = file?.raw1('FileName') ?? file?.text1('URL');
  if (file === undefined || fileName === undefined) return undefined;
  const draft: FileDraft = { id: td.text1('TechnicalResourceDetailsReference') ?? `${ref}-file`, fileName, el: td };
  readHashSum(file, draft);
  readTechnicalFields(
    td,
    draft,
    kind === 'SoundRecording' ? 'audio' : kind === 'Video' ? 'video' : kind === 'Image' ? 'image' : 'other',
  );
  return draft;
}

/** Reads a ResourceList entry of an ERN 3.8.2 message, using its Worldwide (or first) details block. */
export function readResource382(el: XmlElement): ResourceDraft | undefined {
  const shape = SHAPES[el.name];
  const ref = el.text1('ResourceReference');
  if (ref === undefined) return undefined;
  el.used = true;
  const r = emptyResource(ref, shape?.kind ?? 'Other', el);
  if (shape === undefined) return r;
  const type = el.peek(shape.type);
  if (r.kind === 'Image' || r.kind === 'Text') {
    const t = coded(el.child(shape.type));
    if (t !== undefined) r.imageType = t;
  } else if (type !== undefined && DEFAULT_TYPES.has(type.text.trim())) {
    type.used = true;
  }
  const details = detailsFor(el, shape.details);
  if (r.kind === 'SoundRecording' || r.kind === 'Video') {
    for (const id of el.all(shape.id)) {
      const isrc = id.text1('ISRC');
      if (isrc !== undefined) r.isrc ??= isrc;
      for (const p of id.all('ProprietaryId')) {
        const namespace = p.attr('Namespace');
        if (namespace !== undefined && p.text !== '') r.proprietaryIds.push({ namespace, value: p.text });
        else p.used = false;
      }
    }
    const iswc = el.child('IndirectSoundRecordingId')?.text1('ISWC');
    if (iswc !== undefined) r.iswc = iswc;
    const { title, subtitle } = titleOf(details, el);
    if (title !== undefined) r.title = title;
    if (subtitle !== undefined) r.subtitle = subtitle;
    const workTitle = workTitleOf(details);
    if (workTitle !== undefined) r.workTitle = workTitle;
    const duration = seconds(el.text1('Duration'));
    if (duration !== undefined && duration > 0) r.duration = duration;
    if (r.kind === 'SoundRecording') readRecordingFacts(el, r.grown);
    const language = defaultChild(el, 'LanguageOfPerformance');
    if (language) r.language = language.text.trim();
    if (details !== undefined) {
      r.artists = displayArtists382(details);
      for (const c of details.all('ResourceContributor')) {
        for (const credit of inlineCredits(c, 'ResourceContributorRole')) {
          fileCredit(r, credit);
        }
      }
      for (const c of details.all('IndirectResourceContributor')) {
        for (const credit of inlineCredits(c, 'IndirectResourceContributorRole')) fileCredit(r, credit, true);
      }
      const artistName = details.raw1('DisplayArtistName');
      if (artistName !== undefined) r.displayArtist = artistName;
      const label = details.raw1('LabelName');
      if (label !== undefined) r.label = label;
      const pLine = line(defaultChild(details, 'PLine'), 'PLineText');
      if (pLine) r.pLine = pLine;
      const genre = defaultChild(details, 'Genre');
      if (genre)
        r.genre = [genre.raw1('GenreText'), genre.raw1('SubGenre')].filter((g): g is string => g !== undefined);
      const warning = details.text1('ParentalWarningType');
      if (warning !== undefined) r.parentalWarning = warning;
    }
  }
  const technical = details?.peekAll(shape.technical) ?? [];
  const isPreview = (t: XmlElement) => t.peek('IsPreview')?.text.trim() === 'true';
  const main = technical.find((t) => !isPreview(t));
  if (main !== undefined) {
    main.used = true;
    const file = readFile382(main, ref, r.kind);
    if (file !== undefined) r.file = file;
  }
  // the preview clip: PreviewDetails of the main details, or of details of its own (IsPreview); a clip file is not modelled
  if (r.kind === 'SoundRecording' || r.kind === 'Video') {
    for (const t of [main, technical.find(isPreview)]) {
      const preview = t?.peek('PreviewDetails');
      if (t === undefined || preview === undefined || r.preview !== undefined) continue;
      const start = num(preview.peek('StartPoint')?.text.trim());
      const end = num(preview.peek('EndPoint')?.text.trim());
      const duration =
        seconds(preview.peek('Duration')?.text.trim()) ??
        (start !== undefined && end !== undefined ? end - start : undefined);
      if (start === undefined || duration === undefined || duration <= 0) continue;
      preview.useAll();
      r.preview = { startTime: start, duration, el: preview };
      if (!t.is(main)) {
        t.used = true;
        t.child('IsPreview');
        t.child('TechnicalResourceDetailsReference');
      }
    }
  }
  // the writers identify images and texts by a ProprietaryId: it becomes the asset id
  if ((r.kind === 'Image' || r.kind === 'Text') && r.file !== undefined) {
    const proprietary = el.peek(shape.id)?.peek('ProprietaryId');
    if (proprietary !== undefined && proprietary.text.trim() !== '') {
      el.child(shape.id)?.child('ProprietaryId');
      r.file = { ...r.file, id: proprietary.text.trim() };
    }
  }
  return r;
}
