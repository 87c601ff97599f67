import Papa from 'papaparse';

/** Text is parsed in pieces of at least this many characters (fewer, larger parser calls). */
const MIN_PIECE = 1 << 19;
const DELIMITERS = [',', ';', '\t'] as const;

function guessDelimiter(firstLine: string): string {
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = firstLine.split(d).length;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/**
 * Splits streamed CSV text into rows with papaparse's core parser, feeding it large pieces and
 * carrying the unfinished last row (which may hold a quoted newline) into the next piece — the
 * way papaparse's own streamer does, without its per-row stream overhead. Blank lines are
 * dropped. The delimiter (`,` `;` or tab) is guessed from the header line.
 */
export async function* csvRows(chunks: AsyncIterable<string>): AsyncGenerator<string[][]> {
  let parser: InstanceType<typeof Papa.Parser> | undefined;
  let pending = '';
  const run = (text: string, last: boolean): string[][] => {
    if (!parser) {
      const firstLine = text.slice(0, text.search(/\r?\n|$/));
      const newline = text.includes('\r\n') ? '\r\n' : text.includes('\n') ? '\n' : '\r';
      parser = new Papa.Parser({ delimiter: guessDelimiter(firstLine), newline: newline as '\n', quoteChar: '"' });
    }
    const res = parser.parse(text, 0, !last) as unknown as { data: string[][]; meta: { cursor: number } };
    pending = last ? '' : text.slice(res.meta.cursor);
    return res.data.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
  };
  for await (const c of chunks) {
    pending += c;
    if (pending.length < MIN_PIECE) continue;
    const rows = run(pending, false);
    if (rows.length) yield rows;
  }
  if (pending) {
    const rows = run(pending, true);
    if (rows.length) yield rows;
  }
}
