import { encodeCursor, type SerializedSummaryPage } from '@ddex/catalog-store';
import type { SqliteContext } from './context';

/** The aggregate row: count, the seqs as SQLite joined them, the joined summaries, the edge seq and its summary. */
type JoinedRow = [count: number, seqs: string | null, text: string | null, edgeSeq: number | null, edge: string | null];

/**
 * A catalog page read as one row instead of a row per release: SQLite joins the page's summaries into the text of a
 * JSON array, so one string leaves the engine rather than `limit + 1` rows of two columns (a third of reading the
 * page). `pageSql` selects `seq` and `summary` (JSON text, never null) of `limit + 1` rows in page order; the last
 * row only says that another page follows. SQLite does not promise to join in the order of a subquery, so the seqs
 * it joined alongside are checked: null (read the page row by row instead) if they are not in page order.
 * @internal
 */
export function joinedSummaryPage(
  ctx: SqliteContext,
  pageSql: string,
  args: readonly unknown[],
  limit: number,
  desc: boolean,
): SerializedSummaryPage | null {
  // a bare column beside the one min()/max() comes from that row: the summary of the page's last row
  const [count, seqs, text, , edge] = ctx
    .rawStmt(
      `SELECT count(*), group_concat(seq), group_concat(summary, ','), ${desc ? 'min' : 'max'}(seq), summary
       FROM (${pageSql})`,
    )
    .get(...args) as JoinedRow;
  if (count === 0) return { itemsJson: '[]', nextCursor: null };
  if (seqs === null || text === null || edge === null) return null;
  const order = seqs.split(',');
  if (order.length !== count) return null;
  for (let i = 1, prev = Number(order[0]); i < count; i++) {
    const seq = Number(order[i]);
    if (desc ? !(seq < prev) : !(seq > prev)) return null;
    prev = seq;
  }
  if (count <= limit) return { itemsJson: `[${text}]`, nextCursor: null };
  // in page order the edge row is the last: cut it and its separator off
  const cut = text.length - edge.length - 1;
  if (text.charCodeAt(cut) !== 44 || !text.endsWith(edge)) return null;
  return { itemsJson: `[${text.slice(0, cut)}]`, nextCursor: encodeCursor(Number(order[limit - 1])) };
}
