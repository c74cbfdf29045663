import { ErnValidationError } from './errors';
import { type LibxmlDocument, type LibxmlError, type LibxmljsLike, loadLibxmljs } from './libxmljs';
import { locateSchemaError, splitLines } from './locate';
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
   * The libxmljs2 module to use instead of importing it (for bundlers, or a copy loaded elsewhere).
   * @default the `libxmljs2` package (an optional peer dependency), imported on first use
   */
  lib?: LibxmljsLike;
}

/** libxml2 options for the message: no network, no DTD loading, no entity substitution, size limits on; recover to list every syntax error. */
export const PARSE_OPTIONS = {
  nonet: true,
  noent: false,
  dtdload: false,
  dtdattr: false,
  dtdvalid: false,
  xinclude: false,
  huge: false,
  recover: true,
  big_lines: true,
} as const;

/**
 * Validates an ERN message offline against DDEX's official XSD and allowed-value sets, with libxmljs2 (libxml2).
 * The version is told by the root element's namespace (`http://ddex.net/xml/ern/382`, `/42`, `/43`).
 *
 * Problems in the document come back in the result (`valid: false`): not XML, a DOCTYPE (refused), a root that is
 * not an ERN message, or schema errors with line and column. Problems in the setup are thrown as
 * {@link ErnValidationError}: `SCHEMAS_NOT_FOUND` (no or incomplete schema folder), `SCHEMA_INVALID`,
 * `LIBXMLJS2_MISSING`. The work is synchronous once libxmljs2 is loaded (the promise is for that lazy import):
 * libxml2 compiles the XSD on every call, about 40 ms (3.8.2) to 100 ms (4.3) per message.
 *
 * The document is parsed with no network access, no DTD loading and no entity substitution.
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
  const lib = options.lib ?? (await loadLibxmljs());
  return validateErnWith(lib, dir, xml);
}

/** {@link validateErn} with a loaded libxmljs2 and a resolved schema folder: synchronous. */
export function validateErnWith(lib: LibxmljsLike, schemaDir: string, xml: string | Uint8Array): ErnValidationResult {
  const text = typeof xml === 'string' ? xml : decodeXmlBytes(xml);
  const prolog = scanProlog(text);
  if (prolog.doctypeLine !== undefined) {
    const root = prolog.root;
    const version = root === undefined ? null : (ernVersionOf(root.namespace, root.localName) ?? null);
    return _invalid(version, prolog.doctypeLine, 'doctype_forbidden', _doctypeMessage);
  }
  if (text.trim() === '') return _invalid(null, 1, 'not_well_formed', 'the document is empty');

  let doc: LibxmlDocument;
  try {
    doc = lib.parseXml(xml, PARSE_OPTIONS);
  } catch (error) {
    return { valid: false, version: null, errors: [_syntaxIssue(_strictParseError(lib, xml) ?? error)] };
  }
  const syntax = doc.errors.filter((e) => (e.level ?? 2) >= 2);
  if (syntax.length > 0) return { valid: false, version: null, errors: syntax.map(_syntaxIssue) };
  if (doc.getDtd() !== null) return _invalid(null, 1, 'doctype_forbidden', _doctypeMessage);

  const root = doc.root();
  if (root === null) return _invalid(null, 1, 'not_well_formed', 'the document has no root element');
  const namespace = root.namespace()?.href() ?? '';
  const version = ERN_NAMESPACES.get(namespace);
  // the scanner knows where the root's `<` is; libxml2 only the line where its start tag ends
  const at = prolog.root ?? { line: root.line(), column: 0 };
  if (version === undefined) {
    return _invalid(null, at.line, 'not_ern', _notErnMessage(namespace, root.name()), at.column);
  }
  if (ernVersionOf(namespace, root.name()) === undefined) {
    const expected = ERN_SCHEMA_VERSIONS[version].messageElements.join(', ');
    const message = `the root element ${root.name()} is not an ERN ${version} message (expected one of: ${expected})`;
    return _invalid(version, at.line, 'not_ern', message, at.column);
  }

  const schema = loadErnSchemaSync(lib, schemaDir, version);
  const valid = _validate(lib, doc, schema);
  const reported = doc.validationErrors.filter((e) => (e.level ?? 2) >= 2);
  const lines = reported.length > 0 ? splitLines(text) : [];
  const errors = reported.map((e): ErnValidationIssue => {
    const message = e.message.trim();
    return { ...locateSchemaError(lines, e.line ?? 0, message), message, code: 'schema' };
  });
  if (!valid && errors.length === 0) {
    errors.push({ line: 0, column: 0, message: 'the XSD rejected the document without saying why', code: 'schema' });
  }
  return { valid: valid && errors.length === 0, version, errors };
}

// --- Internal helpers ---

const _doctypeMessage =
  'DOCTYPE declarations are not accepted: ERN messages have no DTD, and a DTD can declare entities ' +
  '(external files, entity expansion); remove the <!DOCTYPE …> declaration';

function _invalid(
  version: ErnSchemaVersion | null,
  line: number,
  code: ErnValidationIssueCode,
  message: string,
  column = 0,
): ErnValidationResult {
  return { valid: false, version, errors: [{ line, column, message, code }] };
}

function _syntaxIssue(error: unknown): ErnValidationIssue {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Partial<LibxmlError>;
  const message = String(e.message ?? error).trim();
  return { line: e.line ?? 0, column: e.column ?? 0, message, code: 'not_well_formed' };
}

// in recover mode libxml2 may fail with no position ("no root element"); the strict parser says where it stopped
function _strictParseError(lib: LibxmljsLike, xml: string | Uint8Array): unknown {
  try {
    lib.parseXml(xml, { ...PARSE_OPTIONS, recover: false });
    return undefined;
  } catch (error) {
    return (error as Partial<LibxmlError>).line == null ? undefined : error;
  }
}

function _notErnMessage(namespace: string, name: string): string {
  const known = [...ERN_NAMESPACES.keys()].join(', ');
  const where = namespace === '' ? 'in no namespace' : `in namespace ${namespace}`;
  return `the root element ${name} ${where} is not an ERN message: expected NewReleaseMessage, PurgeReleaseMessage or CatalogListMessage in one of ${known}`;
}

function _validate(lib: LibxmljsLike, doc: LibxmlDocument, schema: ErnSchema): boolean {
  try {
    return doc.validate(schema.document);
  } catch (cause) {
    // libxmljs2 leaves its error handler installed when the schema does not compile: any parse resets it
    lib.parseXml('<reset/>');
    const message = `libxml2 could not compile the ERN ${schema.version} schema ${schema.path}: ${String(cause)}`;
    throw new ErnValidationError('SCHEMA_INVALID', message, { cause, path: schema.path });
  }
}
