/** One CSV record: its fields and the line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * RFC 4180 records read from text chunks: comma-separated, fields in double quotes may hold commas, quotes (`""`)
 * and line breaks; CRLF or LF; a leading BOM is skipped. Blank lines are skipped.
 */
export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let start = 1;
  let first = true;
  let pendingCr = false;
  const end = (): CsvRecord | null => {
    fields.push(field);
    const record = fields.length === 1 && fields[0] === '' ? null : { line: start, fields };
    field = '';
    fields = [];
    return record;
  };
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (first) {
        first = false;
        if (c === '\uFEFF') continue;
      }
      if (pendingCr) {
        pendingCr = false;
        if (c === '\n') continue;
      }
      if (quoted) {
        if (c === '"') {
          if (chunk[i + 1] === '"') {
            field += '"';
            i++;
          } else if (i + 1 === chunk.length) {
            // a quote at a chunk end: decide on the next chunk
            afterQuote = true;
            quoted = false;
          } else quoted = false;
        } else {
          if (c === '\n') line++;
          field += c;
        }
        continue;
      }
      if (afterQuote) {
        afterQuote = false;
        if (c === '"') {
          field += '"';
          quoted = true;
          continue;
        }
      }
      if (c === '"' && field === '') quoted = true;
      else if (c === ',') {
        fields.push(field);
        field = '';
      } else if (c === '\r' || c === '\n') {
        if (c === '\r') pendingCr = true;
        const record = end();
        line++;
        start = line;
        if (record) yield record;
      } else field += c;
    }
  }
  const record = end();
  if (record) yield record;
}

/** A CSV field, quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A CSV line (CRLF-terminated, as RFC 4180 writes). */
export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
