import { readFileSync, writeFileSync } from 'node:fs';
import { parseRelease } from '@ddex/ern-model';
import { writeErn382 } from './src/ern382';
const r = parseRelease(JSON.parse(readFileSync('/work/shared/examples/release-album.json', 'utf8')));
if (!r.success) throw new Error(JSON.stringify(r.issues));
const opts = { version: '3.8.2' as const, sender: { dpid: 'PADPIDA20270101016', name: 'Polar' }, recipient: { dpid: 'PADPIDA20270101024', name: 'DSP' }, messageId: 'M1', createdAt: '2027-03-01T10:00:00Z' };
const out = writeErn382(r.data, opts);
writeFileSync('/tmp/e382/out/canon.xml', out.xml);
console.log(out.issues);
writeFileSync('/tmp/e382/out/purge.xml', writeErn382(r.data, { ...opts, kind: 'Takedown', takedownMethod: 'Purge' }).xml);
writeFileSync('/tmp/e382/out/takedown.xml', writeErn382(r.data, { ...opts, kind: 'Takedown' }).xml);
let n = 0; const t0 = performance.now();
while (performance.now() - t0 < 2000) { writeErn382(r.data, opts); n++; }
console.log('albums/s', n / 2, 'bytes', out.xml.length);
