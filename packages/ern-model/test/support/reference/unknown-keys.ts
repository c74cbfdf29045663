// Reference for the parity test: the unknown-key walk before it kept one path stack (a new path array per node).
import type { z } from 'zod';
import { formatPath, type ModelIssue } from '../../../src/issues';

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
};

/** What the walker needs of a schema: the known keys of an object, the element of an array, or nothing. */
type Node = { kind: 'object'; fields: Map<string, Node> } | { kind: 'array'; element: Node } | { kind: 'leaf' };

const LEAF: Node = { kind: 'leaf' };
const compiled = new WeakMap<z.ZodType, Node>();

function compile(schema: z.ZodType): Node {
  const cached = compiled.get(schema);
  if (cached) return cached;
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  let node: Node = LEAF;
  if (['optional', 'default', 'prefault', 'nullable'].includes(def.type) && def.innerType)
    node = compile(def.innerType);
  else if (def.type === 'pipe' && def.in) node = compile(def.in);
  else if (def.type === 'array' && def.element) node = { kind: 'array', element: compile(def.element) };
  else if (def.type === 'object' && def.shape) {
    const fields = new Map<string, Node>();
    node = { kind: 'object', fields };
    compiled.set(schema, node); // before recursing, in case of cycles
    for (const [key, child] of Object.entries(def.shape)) fields.set(key, compile(child));
  }
  compiled.set(schema, node);
  return node;
}

function walk(node: Node, input: unknown, path: PropertyKey[], issues: ModelIssue[]): void {
  if (node.kind === 'array') {
    if (Array.isArray(input)) {
      input.forEach((item, i) => {
        walk(node.element, item, [...path, i], issues);
      });
    }
  } else if (node.kind === 'object' && input !== null && typeof input === 'object' && !Array.isArray(input)) {
    for (const key in input) {
      const child = node.fields.get(key);
      if (child === undefined) {
        issues.push({
          code: 'unknown_field',
          path: formatPath([...path, key]),
          message: `${key} is not a field of the model and was ignored.`,
        });
      } else if (child !== LEAF) {
        walk(child, (input as Record<string, unknown>)[key], [...path, key], issues);
      }
    }
  }
}

/**
 * Lists keys of `input` that the schema does not know. zod drops them silently; we report them as warnings so a
 * misspelt field ("parentalwarning") never vanishes unnoticed.
 */
export function findUnknownKeys(schema: z.ZodType, input: unknown): ModelIssue[] {
  const issues: ModelIssue[] = [];
  walk(compile(schema), input, [], issues);
  return issues;
}
