import { type AvsSetName, avsValues } from '@ddex/ern-model/values';
import type { WriterIssue } from '../types';
import { type XmlAttributes, XmlWriter } from '../xml/xml-writer';
import type { Ern382VersionInfo } from './ern382-version';

/** A value ready for an AVS-typed element: the text, plus `UserDefinedValue` when the value is not in the set. */
export interface CodedValue {
  readonly text: string;
  readonly attributes: XmlAttributes | undefined;
}

// allowed-value sets by version, then by name (resolved once, read on every coded value)
const SETS = new Map<string, Map<string, ReadonlySet<string>>>();

/**
 * State of one write: the serializer, the issues collected so far (deduplicated, in order), and the path in the
 * release currently being written, used for issues the serializer raises (forbidden characters).
 */
export class Ern382Context {
  /** the serializer the message is written into */
  readonly xml: XmlWriter;
  /** version facts of the message being written */
  readonly version: Ern382VersionInfo;
  readonly #sets: Map<string, ReadonlySet<string>>;
  /** path in the release of the value being written, for forbidden-character issues */
  path = '';
  readonly #issues: WriterIssue[] = [];
  readonly #seen = new Set<string>();

  constructor(version: Ern382VersionInfo) {
    this.version = version;
    let sets = SETS.get(version.version);
    if (sets === undefined) {
      sets = new Map();
      SETS.set(version.version, sets);
    }
    this.#sets = sets;
    this.xml = new XmlWriter({
      onForbiddenChar: (element) =>
        this.issue(
          'forbidden_xml_char',
          this.path,
          `<${element}> held characters XML 1.0 cannot carry (control characters or lone surrogates); they were dropped.`,
        ),
    });
  }

  /** Records an issue once (the same code, path and message are reported once). */
  issue(code: string, path: string, message: string): void {
    const key = `${code}\u0000${path}\u0000${message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#issues.push({ code, path, message });
  }

  /** The issues collected so far. */
  get issues(): readonly WriterIssue[] {
    return this.#issues;
  }

  /** The values of an allowed-value set of this version (resolved once per set). */
  allowed(set: AvsSetName): ReadonlySet<string> {
    let values = this.#sets.get(set);
    if (values === undefined) {
      values = avsValues(this.version.version, set);
      this.#sets.set(set, values);
    }
    return values;
  }

  /**
   * A value for an element typed by an ERN 3.8.2 allowed-value set: as is when 3.8.2 allows it, otherwise
   * `UserDefined` with `UserDefinedValue` (reported as `value_not_in_avs` at `path.index.field`; that path is
   * only built then, this being the hot path).
   */
  coded(
    set: AvsSetName,
    value: string,
    path: string,
    index?: number,
    field?: string,
    allowed?: ReadonlySet<string>,
  ): CodedValue {
    if ((allowed ?? this.allowed(set)).has(value)) return { text: value, attributes: undefined };
    this.issue(
      'value_not_in_avs',
      joinPath(path, index, field),
      `"${value}" is not an ERN 3.8.2 ${set}; it was written as UserDefined with UserDefinedValue="${value}".`,
    );
    return { text: 'UserDefined', attributes: { UserDefinedValue: value } };
  }

  /** Writes `<name>` for an allowed-value set, with the UserDefined fallback of {@link Ern382Context.coded}. */
  codedLeaf(
    name: string,
    set: AvsSetName,
    value: string,
    path: string,
    index?: number,
    field?: string,
    allowed?: ReadonlySet<string>,
  ): void {
    if ((allowed ?? this.allowed(set)).has(value)) {
      this.xml.leaf(name, value);
      return;
    }
    const coded = this.coded(set, value, path, index, field, allowed);
    this.xml.leaf(name, coded.text, coded.attributes);
  }

  /** Reports a field of the release that ERN 3.8.2 cannot carry (`reason` completes "…: reason."). */
  unsupported(path: string, reason: string): void {
    this.issue('unsupported_field', path, `ERN 3.8.2 cannot carry ${path}: ${reason}.`);
  }
}

/** `path`, `path.index` or `path.index.field`. */
export function joinPath(path: string, index?: number, field?: string): string {
  let out = path;
  if (index !== undefined) out += `.${index}`;
  if (field !== undefined) out += `.${field}`;
  return out;
}
