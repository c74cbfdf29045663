import { ErnReadError } from '../errors';
import type { XmlAttributes, XmlName } from './element';
import { ElementStore } from './element-store';
import { intern } from './name-cache';
import type { XmlDocument, XmlLimits } from './parse-xml';

// the DOCTYPE shapes that define entities: billion laughs, XXE (SYSTEM/PUBLIC entities), parameter entities
const ENTITY_DECLARATION = /<!ENTITY/i;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/** Namespace bindings in scope: the bindings an element declares, chained to its parent's. */
interface Scope {
  readonly bindings: Readonly<Record<string, string>>;
  readonly parent: Scope | undefined;
}

const ROOT_SCOPE: Scope = { bindings: { xml: XML_NAMESPACE }, parent: undefined };

function lookup(scope: Scope | undefined, prefix: string): string | undefined {
  for (let s = scope; s !== undefined; s = s.parent) {
    const uri = s.bindings[prefix];
    if (uri !== undefined) return uri;
  }
  return undefined;
}

/** The bindings a flat attribute list declares (`xmlns`, `xmlns:p`), or undefined when it declares none. */
function declaredBindings(attributes: readonly string[]): Record<string, string> | undefined {
  let bindings: Record<string, string> | undefined;
  for (let i = 0; i < attributes.length; i += 2) {
    const name = attributes[i] as string;
    if (name === 'xmlns') {
      bindings ??= {};
      bindings[''] = (attributes[i + 1] as string).trim();
    } else if (name.startsWith('xmlns:')) {
      const uri = (attributes[i + 1] as string).trim();
      // XML 1.0 namespaces cannot undeclare a prefix
      if (uri === '') throw new Error(`the prefix ${name.slice(6)} is bound to an empty namespace`);
      bindings ??= {};
      bindings[name.slice(6)] = uri;
    }
  }
  return bindings;
}

/**
 * Builds the element tree from parser events, whichever parser emits them (the fast whole-string scanner or the
 * streaming saxes parser): resolves namespaces, caps the depth and keeps the text of leaves only, writing each
 * element into an {@link ElementStore} (flat arrays rather than an object per element).
 *
 * Namespaces are resolved here rather than by a namespace-aware parser, which builds an object per attribute and
 * a namespace map per element: a 20 MB message has over 300,000 elements, and the reader needs only each
 * element's namespace URI. Unbound and malformed prefixes are still errors.
 */
export class TreeAssembler {
  /** the elements so far */
  readonly store: ElementStore;
  /** index of the open element (-1 before the root and after it closes) */
  current = -1;
  depth = 0;
  doctype: string | undefined;
  private readonly maxDepth: number;
  // the line of a position given to onOpenTag and document (the scanner gives offsets, saxes gives lines)
  private readonly lineOf: (position: number) => number;
  // namespace scope per open element (only elements that declare bindings push a new scope)
  private readonly scopes: (Scope | undefined)[] = [ROOT_SCOPE];
  // one shared name (and its id in the store) per element name and namespace, with the scope it was last resolved
  // in: the scope changes only at elements that declare namespaces, so most lookups skip resolving the prefix
  private readonly xmlNames = new Map<string, { name: XmlName; id: number; scope: Scope | undefined }>();

  /**
   * `lineOf` turns the positions given to {@link onOpenTag} and {@link document} into lines; without it they are
   * lines already. The tree's elements keep the positions: their `line` converts them when asked. `capacity`:
   * the number of elements to make room for at first.
   */
  constructor(limits: XmlLimits, lineOf?: (position: number) => number, capacity?: number) {
    this.maxDepth = limits.maxDepth;
    this.lineOf = lineOf ?? ((line) => line);
    this.store = new ElementStore(capacity);
  }

  /** True once the root element has been opened. */
  get started(): boolean {
    return this.store.count > 0;
  }

  /** The name of the open element, or undefined when none is open. */
  currentName(): XmlName | undefined {
    return this.current === -1 ? undefined : this.store.nameOf(this.current);
  }

  /** A NOT_XML error at `line`. */
  notXml(message: string, line: number): ErnReadError {
    return new ErnReadError('NOT_XML', `not well-formed XML: line ${line}: ${message}`, { line });
  }

  /** Records the DOCTYPE text (never read); refuses one that declares entities. */
  onDoctype(text: string, line: number): void {
    this.doctype = text;
    if (ENTITY_DECLARATION.test(text)) {
      throw new ErnReadError(
        'ENTITY_DECLARATION',
        `line ${line}: the DOCTYPE declares entities; ERN messages never need them and the reader does not expand them (entity expansion and external entities are refused)`,
        { line },
      );
    }
  }

  /**
   * Opens an element at `position` (a line, or an offset when the assembler has a `lineOf`); `attributes` is a
   * flat `[name, value, …]` list or undefined when it has none.
   */
  onOpenTag(qname: string, attributes: string[] | undefined, position: number): void {
    const depth = ++this.depth;
    if (depth > this.maxDepth) {
      const line = this.lineOf(position);
      throw new ErnReadError(
        'TOO_DEEP',
        `line ${line}: elements are nested deeper than ${this.maxDepth} levels; an ERN message needs fewer than 20`,
        { line },
      );
    }
    this.scopes[depth] = this.scopes[depth - 1];
    const flat = attributes === undefined ? undefined : this.bindAttributes(attributes, depth, position);
    const nameId = this.nameOf(qname, this.scopes[depth], position);
    this.current = this.store.open(nameId, this.current, position, flat);
  }

  /** True while text would be kept: the open element has no child elements yet. */
  wantsText(): boolean {
    return this.current !== -1 && this.store.count === this.current + 1;
  }

  /** Text content: kept only while the open element has no child elements. */
  onText(text: string): void {
    const current = this.current;
    if (current !== -1 && this.store.count === current + 1) {
      const texts = this.store.texts;
      texts.set(current, texts.get(current) + text);
    }
  }

  /** CDATA content (dropped, like text, once the open element has child elements). */
  onCdata(text: string): void {
    this.onText(text);
  }

  /** Closes the open element. */
  onCloseTag(): void {
    const current = this.current;
    if (current === -1) return;
    const store = this.store;
    // the children replace any text written before or between them
    store.close(current);
    this.depth--;
    this.current = store.parents[current] as number;
  }

  /** The finished document; `position` is where the input ended. */
  document(position: number): XmlDocument {
    if (!this.started) throw new ErnReadError('NOT_XML', 'not well-formed XML: the document has no root element');
    if (this.depth !== 0)
      throw this.notXml(`unclosed element ${this.currentName()?.qname ?? ''}`, this.lineOf(position));
    return { root: this.store.element(0), doctype: this.doctype };
  }

  /** The id in the store of the name `qname` in `scope`. */
  private nameOf(qname: string, scope: Scope | undefined, position: number): number {
    const known = this.xmlNames.get(qname);
    if (known !== undefined && known.scope === scope) return known.id;
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const uri = lookup(scope, prefix);
    if (known !== undefined && known.name.uri === (uri ?? '')) {
      known.scope = scope;
      return known.id;
    }
    // interned: the mapper compares names with literals, which is then a pointer comparison
    const written = intern(qname);
    const local = colon === -1 ? written : intern(qname.slice(colon + 1));
    if (colon !== -1 && (prefix === '' || local === '' || local.includes(':') || prefix === 'xmlns'))
      throw this.notXml(`malformed element name ${qname}`, this.lineOf(position));
    if (uri === undefined && prefix !== '')
      throw this.notXml(`unbound namespace prefix ${prefix} on element ${qname}`, this.lineOf(position));
    const name: XmlName = { local, qname: written, uri: uri ?? '' };
    const names = this.store.names;
    const id = names.length;
    names.push(name);
    if (known === undefined) this.xmlNames.set(written, { name, id, scope });
    return id;
  }

  /** The attributes, after pushing the namespace bindings they declare onto `scopes[depth]`. */
  private bindAttributes(flat: string[], depth: number, position: number): XmlAttributes {
    let bindings: Record<string, string> | undefined;
    try {
      bindings = declaredBindings(flat);
    } catch (error) {
      throw this.notXml((error as Error).message, this.lineOf(position));
    }
    const scope = bindings === undefined ? this.scopes[depth] : { bindings, parent: this.scopes[depth] };
    this.scopes[depth] = scope;
    for (let i = 0; i < flat.length; i += 2) {
      const name = flat[i] as string;
      const colon = name.indexOf(':');
      if (colon > 0 && !name.startsWith('xmlns:') && lookup(scope, name.slice(0, colon)) === undefined)
        throw this.notXml(
          `unbound namespace prefix ${name.slice(0, colon)} on attribute ${name}`,
          this.lineOf(position),
        );
    }
    return flat;
  }
}
