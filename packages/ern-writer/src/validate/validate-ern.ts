import { type Libxml2Document, type Libxml2ErrorDetail, type Libxml2WasmLike, loadLibxml2Wasm } from './engine';
import { ErnValidationError } from './errors';
import { locateSchemaError, splitLines } from './locate';
import { XML_PARSE } from './parse-options';
import { decodeXmlBytes, ernVersionOf, scanProlog } from './root-element';
import { type ErnSchema, loadErnSchemaSync } from './schema-cache';
import { resolveSchemaDir } from './schema-files';
import { ERN_NAMESPACES, ERN_SCHEMA_VERSIONS, type ErnSchemaVersion } from './schema-versions';

/**
 * Kind of a validation problem:
 * - `not_well_formed`: not XML (libxml2's parser error);
 * - `doctype_forbidden`: the document has a DOCTYPE declaration (refused before parsing: ERN messages have no DTD,
 *   and a DTD is how entity-expansion and external-entity attacks get in);
 * - `not_ern`: the root element is not an ERN message of a known version;
 * - `schema`: the official XSD (with its allowed-value sets) rejects the message.
 */
export type ErnValidationIssueCode = 'not_well_formed' | 'doctype_forbidden' | 'not_ern' | 'schema';

/** One problem in a validated document. */
export interface ErnValidationIssue {
  /** 1-based line; 0 when unknown */
  readonly line: number;
  /** 1-based column (of the element's `<`, or of the attribute, for schema errors); 0 when unknown */
  readonly column: number;
  /** libxml2's message (for `schema`, the same text `xmllint --schema` prints) */
  readonly message: string;
  /** what kind of problem it is */
  readonly code: ErnValidationIssueCode;
}

/** The outcome of {@link validateErn}. */
export interface ErnValidationResult {
  /** true when the document is a well-formed ERN message valid against its version's XSD */
  readonly valid: boolean;
  /** the version told by the root element's namespace; null when it could not be told */
  readonly version: ErnSchemaVersion | null;
  /** the problems, in document order; empty when valid */
  readonly errors: readonly ErnValidationIssue[];
}

/** Options of {@link validateErn}. */
export interface ValidateErnOptions {
  /**
   * Folder with DDEX's schemas, laid out as `ern-382/`, `ern-42/`, `ern-43/`, each holding
   * `release-notification.xsd` and the allowed-value-set XSD it imports. The packages do not ship them.
   * @default process.env.DDEX_SCHEMA_DIR
   */
  schemaDir?: string;
  /**
   * The libxml2-wasm module to use instead of importing it (for bundlers, or a copy loaded elsewhere).
   * @default the `libxml2-wasm` package (a dependency), imported on first use
   */
  lib?: Libxml2WasmLike;
}

/**
 * Validates an ERN message offline against DDEX's official XSD and allowed-value sets, with libxml2 (compiled to
 * WebAssembly: libxml2-wasm, no native addon). The version is told by the root element's namespace
 * (`http://ddex.net/xml/ern/382`, `/42`, `/43`).
 *
 * Problems in the document come back in the result (`valid: false`): not XML, a DOCTYPE (refused), a root that is
 * not an ERN message, or schema errors with line and column. Problems in the setup are thrown as
 * {@link ErnValidationError}: `SCHEMAS_NOT_FOUND` (no or incomplete schema folder), `SCHEMA_INVALID`,
 * `ENGINE_UNAVAILABLE`. Each version's XSD is compiled once, on first use (about 0.4 s for 4.3), and cached per
 * schema folder (see {@link loadErnSchema}); a validation then takes milliseconds. The work is synchronous once
 * libxml2-wasm is loaded (the promise is for that lazy import).
 *
 * The document is parsed with no network access, no DTD or external entity loading and no entity substitution;
 * while a schema compiles, libxml2 may read only that schema's own files.
 *
 * @example
 * const { valid, version, errors } = await validateErn(xml, { schemaDir: '/opt/ddex/schemas' });
 * for (const e of errors) console.error(`${e.line}:${e.column}: ${e.message}`);
 */
export async function validateErn(
  xml: string | Uint8Array,
  options: ValidateErnOptions = {},
): Promise<ErnValidationResult> {
  const dir = resolveSchemaDir(options.schemaDir);
  const lib = options.lib ?? (await loadLibxml2Wasm());
  return validateErnWith(lib, dir, xml);
}

/** {@link validateErn} with a loaded libxml2-wasm and a resolved schema folder: synchronous. */
export function validateErnWith(
  lib: Libxml2WasmLike,
  schemaDir: string,
  xml: string | Uint8Array,
): ErnValidationResult {
  const text = typeof xml === 'string' ? xml : decodeXmlBytes(xml);
  const prolog = scanProlog(text);
  if (prolog.doctypeLine !== undefined) {
    const root = prolog.root;
    const version = root === undefined ? null : (ernVersionOf(root.namespace, root.localName) ?? null);
    return _invalid(version, prolog.doctypeLine, 'doctype_forbidden', _doctypeMessage);
  }
  if (text.trim() === '') return _invalid(null, 1, 'not_well_formed', 'the document is empty');

  let doc: Libxml2Document;
  try {
    doc = _parse(lib, xml, XML_PARSE.message);
  } catch (error) {
    return { valid: false, version: null, errors: _syntaxIssues(lib, xml, error) };
  }
  try {
    return _validateParsed(lib, schemaDir, doc, text, prolog.root);
  } finally {
    doc.dispose();
  }
}

// --- Internal helpers ---

const _doctypeMessage =
  'DOCTYPE declarations are not accepted: ERN messages have no DTD, and a DTD can declare entities ' +
  '(external files, entity expansion); remove the <!DOCTYPE …> declaration';

function _validateParsed(
  lib: Libxml2WasmLike,
  schemaDir: string,
  doc: Libxml2Document,
  text: string,
  scanned: { readonly line: number; readonly column: number } | undefined,
): ErnValidationResult {
  if (doc.dtd !== null && doc.dtd !== undefined) return _invalid(null, 1, 'doctype_forbidden', _doctypeMessage);
  const root = doc.root;
  if (root === null) return _invalid(null, 1, 'not_well_formed', 'the document has no root element');
  const namespace = root.namespaceUri ?? '';
  const version = ERN_NAMESPACES.get(namespace);
  // the scanner knows where the root's `<` is; libxml2 only the line where its start tag ends
  const at = scanned ?? { line: root.line, column: 0 };
  if (version === undefined) {
    return _invalid(null, at.line, 'not_ern', _notErnMessage(namespace, root.name), at.column);
  }
  if (ernVersionOf(namespace, root.name) === undefined) {
    const expected = ERN_SCHEMA_VERSIONS[version].messageElements.join(', ');
    const message = `the root element ${root.name} is not an ERN ${version} message (expected one of: ${expected})`;
    return _invalid(version, at.line, 'not_ern', message, at.column);
  }

  const schema = loadErnSchemaSync(lib, schemaDir, version);
  const reported = _schemaErrors(schema, doc);
  if (reported === undefined) return { valid: true, version, errors: [] };
  const lines = reported.length > 0 ? splitLines(text) : [];
  const errors = reported.map((e): ErnValidationIssue => {
    const message = String(e.message).trim();
    return { ...locateSchemaError(lines, e.line ?? 0, message), message, code: 'schema' };
  });
  if (errors.length === 0) {
    errors.push({ line: 0, column: 0, message: 'the XSD rejected the document without saying why', code: 'schema' });
  }
  return { valid: false, version, errors };
}

function _parse(lib: Libxml2WasmLike, xml: string | Uint8Array, option: number): Libxml2Document {
  // a string is already decoded: its XML declaration's encoding no longer applies
  return typeof xml === 'string'
    ? lib.XmlDocument.fromString(xml, { option, encoding: 'utf-8' })
    : lib.XmlDocument.fromBuffer(xml, { option });
}

// the schema errors (level ≥ 2) of an invalid document; undefined when it is valid
function _schemaErrors(schema: ErnSchema, doc: Libxml2Document): Libxml2ErrorDetail[] | undefined {
  try {
    schema.validator.validate(doc);
    return undefined;
  } catch (cause) {
    const details = _detailsOf(cause);
    if (details === undefined) {
      const message = `libxml2 failed while validating against the ERN ${schema.version} schema: ${String(cause)}`;
      throw new ErnValidationError('ENGINE_UNAVAILABLE', message, { cause, path: schema.path });
    }
    return details.filter((d) => (d.level ?? 2) >= 2);
  }
}

function _detailsOf(error: unknown): Libxml2ErrorDetail[] | undefined {
  const details = (error as { details?: unknown } | null)?.details;
  return Array.isArray(details) ? (details as Libxml2ErrorDetail[]) : undefined;
}

function _invalid(
  version: ErnSchemaVersion | null,
  line: number,
  code: ErnValidationIssueCode,
  message: string,
  column = 0,
): ErnValidationResult {
  return { valid: false, version, errors: [{ line, column, message, code }] };
}

function _syntaxIssues(lib: Libxml2WasmLike, xml: string | Uint8Array, error: unknown): ErnValidationIssue[] {
  let details = (_detailsOf(error) ?? []).filter((d) => (d.level ?? 2) >= 2);
  // in recover mode libxml2 may fail with no position; the strict parser says where it stopped
  if (!details.some((d) => d.line > 0)) details = _strictParseErrors(lib, xml) ?? details;
  if (details.length === 0) {
    const message = String((error as Error | null)?.message ?? error).trim() || 'the document is not well-formed XML';
    return [{ line: 0, column: 0, message, code: 'not_well_formed' }];
  }
  return details.map((d) => ({
    line: d.line ?? 0,
    column: d.col ?? 0,
    message: String(d.message).trim(),
    code: 'not_well_formed',
  }));
}

function _strictParseErrors(lib: Libxml2WasmLike, xml: string | Uint8Array): Libxml2ErrorDetail[] | undefined {
  try {
    _parse(lib, xml, XML_PARSE.strict).dispose();
    return undefined;
  } catch (error) {
    const details = (_detailsOf(error) ?? []).filter((d) => (d.level ?? 2) >= 2 && d.line > 0);
    return details.length > 0 ? details : undefined;
  }
}

function _notErnMessage(namespace: string, name: string): string {
  const known = [...ERN_NAMESPACES.keys()].join(', ');
  const where = namespace === '' ? 'in no namespace' : `in namespace ${namespace}`;
  return `the root element ${name} ${where} is not an ERN message: expected NewReleaseMessage, PurgeReleaseMessage or CatalogListMessage in one of ${known}`;
}
