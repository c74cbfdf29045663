// Reads one ERN message in a process of its own (spawned by ern-reader.bench.ts) and prints, as JSON, the peak RSS
// of the process before and after the read, in MB: what one read adds, apart from everything the bench holds.
// Usage: read-once.ts <message.xml> string|file
import { readFileSync } from 'node:fs';
import { readErn, readErnFile } from '../src';

const [path, how] = process.argv.slice(2) as [string, 'string' | 'file'];
const peakMb = () => process.resourceUsage().maxRSS / 1024;
const options = { trackReleases: false, maxBytes: 200 * 1024 * 1024 };
// the string case reads the text first, as a caller of readErn holds it; its peak is the baseline
const xml = how === 'string' ? readFileSync(path, 'utf8') : undefined;
const before = peakMb();
const result = xml === undefined ? await readErnFile(path, options) : readErn(xml, options);
const after = peakMb();
process.stdout.write(JSON.stringify({ before, after, tracks: result.releases[0]?.tracks.length ?? 0 }));
