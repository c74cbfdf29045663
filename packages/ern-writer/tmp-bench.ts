import { readFileSync } from 'node:fs';
import { parseRelease } from '@ddex/ern-model';
import { writeErn382 } from './src/ern382';
const r = parseRelease(JSON.parse(readFileSync('/work/shared/examples/release-album.json', 'utf8')));
if (!r.success) throw new Error('x');
const opts = { version: '3.8.2' as const, sender: { dpid: 'PADPIDA20270101016', name: 'Polar' }, recipient: { dpid: 'PADPIDA20270101024', name: 'DSP' }, messageId: 'M1', createdAt: '2027-03-01T10:00:00Z' };
for (let i = 0; i < 2000; i++) writeErn382(r.data, opts);
for (let k = 0; k < 3; k++) {
const t0 = performance.now(); const N = 5000;
for (let i = 0; i < N; i++) writeErn382(r.data, opts);
console.log('albums/s', Math.round(N / ((performance.now() - t0) / 1000)));
}
