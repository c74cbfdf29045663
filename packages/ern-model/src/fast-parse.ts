import { z } from 'zod';

/** A schema's parse: the data, or zod's issues carrying the input they are about. */
export type SafeParser<T> = (input: unknown) => z.ZodSafeParseResult<T>;

/** A {@link SafeParser} that moves to zod's compiled parser once it has done enough work. */
export interface TieredParser<T> extends SafeParser<T> {
  /** true once parses go through the compiled parser */
  readonly compiled: boolean;
}

/** When a {@link TieredParser} compiles. */
export interface TieredParserOptions {
  /** the work an input means for the runtime parser, in any unit (e.g. tracks of a release) */
  weigh: (input: unknown) => number;
  /** compile when the inputs seen (this one included) weigh this much */
  compileAfter: number;
}

// issues read their input (fromZodIssue names the offending value); a valid input never needs it
const REPORT_INPUT = { reportInput: true } as const;

// z.compile came after zod 4.1, the oldest zod the peer range allows; without it the runtime parser does the work
const compile = (z as unknown as { compile?: <S extends z.ZodType>(schema: S) => S }).compile;

/**
 * @internal Parses with zod's runtime parser, once: the run with `reportInput` happens only for input that fails,
 * and its result is the one returned, so the issues are exactly those of a single `safeParse(input, { reportInput })`.
 */
export function runtimeParser<T>(schema: z.ZodType<T>): SafeParser<T> {
  return (input) => {
    const quick = schema.safeParse(input);
    return quick.success ? quick : schema.safeParse(input, REPORT_INPUT);
  };
}

/**
 * @internal Parses with {@link runtimeParser} until the inputs weigh `compileAfter`, then through zod's compiled
 * fast path (`z.compile`): generated code parses valid input, and input it rejects goes to the runtime parser (with
 * `reportInput`), which produces the issues. Generating the code costs about as much as the runtime parser spends on
 * that much input, so a process that parses little never pays for it. Without `z.compile`, or for a schema it cannot
 * compile, the runtime parser does all the work.
 */
export function tieredParser<T>(schema: z.ZodType<T>, options: TieredParserOptions): TieredParser<T> {
  const runtime = runtimeParser(schema);
  let parse: SafeParser<T> | undefined;
  let seen = 0;
  const parser = (input: unknown) => {
    if (parse !== undefined) return parse(input);
    seen += options.weigh(input);
    if (seen < options.compileAfter || compile === undefined) return runtime(input);
    // compile never throws: a schema it cannot compile comes back as it is
    const compiled = compile(schema);
    parse = compiled === schema ? runtime : (value) => compiled.safeParse(value, REPORT_INPUT);
    return parse(input);
  };
  return Object.defineProperty(parser, 'compiled', {
    get: () => parse !== undefined && parse !== runtime,
  }) as TieredParser<T>;
}
