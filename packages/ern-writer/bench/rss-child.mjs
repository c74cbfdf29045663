// The writer's memory as a user's process sees it: a bare Node process that loads only the built
// @ddex/ern-writer (no tsx, no bench harness, no peer) and writes the bench album many times in every version.
// Input: a JSON file { release, options: WriteErnOptions[], albums }. Output: one JSON line on stdout.
import { readFileSync } from 'node:fs';
import { writeErn } from '@ddex/ern-writer';

const { release, options, albums } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let bytes = 0;
for (const o of options) for (let i = 0; i < albums; i++) bytes += writeErn(release, o).xml.length;
const mb = (n) => Math.round((n / 1024 / 1024) * 10) / 10;
process.stdout.write(
  `${JSON.stringify({
    maxRssMb: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
    rssMb: mb(process.memoryUsage().rss),
    heapUsedMb: mb(process.memoryUsage().heapUsed),
    albums: albums * options.length,
    bytes,
  })}\n`,
);
