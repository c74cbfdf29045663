import { type AvsSetName, isAllowedValue } from '@ddex/ern-model';
import type { WriterIssue } from '../types';
import { XmlWriter, type XmlAttributes } from '../xml/xml-writer';
import type { Ern382VersionInfo } from './ern382-version';

/** A value ready for an AVS-typed element: the text, plus `UserDefinedValue` when the value is not in the set. */
export interface CodedValue {
  readonly text: string;
  readonly attributes: XmlAttributes | undefined;
}

/**
 * State of one write: the serializer, the issues collected so far (deduplicated, in order), and the path in the
 * release currently being written, used for issues the serializer raises (forbidden characters).
 */
export class Ern382Context {
  readonly xml: XmlWriter;
  readonly version: Ern382VersionInfo;
  /** path in the release of the value being written, for forbidden-character issues */
  path = '';
  readonly #issues: WriterIssue[] = [];
  readonly #seen = new Set<string>();

  constructor(version: Ern382VersionInfo) {
    this.version = version;
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

  /**
   * A value for an element typed by an ERN 3.8.2 allowed-value set: as is when 3.8.2 allows it, otherwise
   * `UserDefined` with `UserDefinedValue` (reported as `value_not_in_avs`).
   */
  coded(set: AvsSetName, value: string, path: string, allowed?: ReadonlySet<string>): CodedValue {
    const ok = allowed ? allowed.has(value) : isAllowedValue(this.version.version, set as AvsSetName, value);
    if (ok) return { text: value, attributes: undefined };
    this.issue(
      'value_not_in_avs',
      path,
      `"${value}" is not an ERN 3.8.2 ${set}; it was written as UserDefined with UserDefinedValue="${value}".`,
    );
    return { text: 'UserDefined', attributes: { UserDefinedValue: value } };
  }

  /** Writes `<name>` for an allowed-value set, with the UserDefined fallback of {@link Ern382Context.coded}. */
  codedLeaf(name: string, set: AvsSetName, value: string, path: string, allowed?: ReadonlySet<string>): void {
    const coded = this.coded(set, value, path, allowed);
    this.xml.leaf(name, coded.text, coded.attributes);
  }

  /** Reports a field of the release that ERN 3.8.2 cannot carry. */
  unsupported(path: string, what: string): void {
    this.issue('unsupported_field', path, `ERN 3.8.2 has no place for ${what}; it is not in the message.`);
  }
}
