import type { XmlElement } from '../xml/element';
import type { GrownFields } from './grown';

/** A party as a mapper found it: a name, its role, and identifiers. */
export interface PartyDraft {
  readonly name: string;
  /** FullNameIndexed */
  readonly sortName?: string;
  readonly ids?: {
    isni?: string;
    ipi?: string;
    dpid?: string;
    proprietary?: { namespace: string; value: string }[];
  };
}

/** A credited party with one role. */
export interface CreditDraft extends PartyDraft {
  readonly role: string;
  readonly instrument?: string;
  readonly el: XmlElement;
}

/** A delivered file and its technical details. */
export interface FileDraft {
  readonly id: string;
  readonly fileName: string;
  readonly el: XmlElement;
  size?: number;
  md5?: string;
  sha256?: string;
  format?: string;
  codec?: string;
  sampleRate?: number;
  bitDepth?: number;
  channels?: number;
  bitrate?: number;
  width?: number;
  height?: number;
  frameRate?: number;
  duration?: number;
}

/** A copyright line. */
export interface LineDraft {
  readonly year?: number;
  readonly text: string;
}

/** A resource (sound recording, video, image, text) read from a ResourceList. */
export interface ResourceDraft {
  readonly ref: string;
  readonly kind: 'SoundRecording' | 'Video' | 'Image' | 'Text' | 'Other';
  readonly el: XmlElement;
  isrc?: string;
  title?: string;
  subtitle?: string;
  displayArtist?: string;
  artists: CreditDraft[];
  contributors: CreditDraft[];
  writers: CreditDraft[];
  publishers: CreditDraft[];
  duration?: number;
  parentalWarning?: string;
  pLine?: LineDraft;
  cLine?: LineDraft;
  genre: string[];
  language?: string;
  iswc?: string;
  workTitle?: string;
  proprietaryIds: { namespace: string; value: string }[];
  label?: string;
  file?: FileDraft;
  imageType?: string;
  preview?: { startTime: number; duration: number; el: XmlElement };
  /** localized titles and names, recording facts: copied into the track's metadata as they are */
  grown: GrownFields;
}

/** One deal's terms. */
export interface DealDraft {
  readonly el: XmlElement;
  included: string[];
  excluded: string[];
  start?: string;
  end?: string;
  priceCode?: string;
  commercialModels: string[];
  useTypes: string[];
  takedown: boolean;
  /** distributionChannels, preOrder, displayStartDate: copied into the model deal */
  extras?: { distributionChannels?: string[]; preOrder?: boolean; displayStartDate?: string };
}

/** A track of a release: which resource, on which disc, at which position. */
export interface ItemDraft {
  readonly ref: string;
  readonly disc: number;
  readonly sequence: number;
}

/** A release read from a ReleaseList, before it becomes a model release. */
export interface ReleaseDraft {
  readonly ref: string;
  readonly main: boolean;
  readonly el: XmlElement;
  type?: string;
  title?: string;
  subtitle?: string;
  displayArtist?: string;
  artists: CreditDraft[];
  label?: string;
  labelIds?: PartyDraft['ids'];
  catalogNumber?: string;
  icpn?: string;
  grid?: string;
  isrc?: string;
  proprietaryIds: { namespace: string; value: string }[];
  genre: string[];
  language?: string;
  parentalWarning?: string;
  pLine?: LineDraft;
  cLine?: LineDraft;
  keywords: string[];
  marketingComment?: string;
  releaseDate?: string;
  originalReleaseDate?: string;
  /** the release's primary resources, in order */
  items: ItemDraft[];
  /** secondary resources (cover art, booklets) */
  linked: string[];
  deals: DealDraft[];
  /** localized titles and names, related releases: copied into the release's metadata as they are */
  grown: GrownFields;
}

/** Everything a family mapper hands to the assembler. */
export interface MessageDraft {
  readonly resources: Map<string, ResourceDraft>;
  readonly releases: ReleaseDraft[];
  /** whether the message has a DealList at all */
  readonly hasDealList: boolean;
  /** `LanguageAndScriptCode` of the message: the language of its releases unless they say otherwise */
  readonly language?: string | undefined;
}

/** A fresh release draft. */
export function emptyRelease(ref: string, main: boolean, el: XmlElement): ReleaseDraft {
  return {
    ref,
    main,
    el,
    artists: [],
    proprietaryIds: [],
    genre: [],
    keywords: [],
    items: [],
    linked: [],
    deals: [],
    grown: {},
  };
}

/** A fresh resource draft. */
export function emptyResource(ref: string, kind: ResourceDraft['kind'], el: XmlElement): ResourceDraft {
  return {
    ref,
    kind,
    el,
    artists: [],
    contributors: [],
    writers: [],
    publishers: [],
    genre: [],
    proprietaryIds: [],
    grown: {},
  };
}
