// @vitest-environment happy-dom
// The files step against the real API (createApp over a memory store): fetch is routed into the app in-process,
// so chunked upload, probe and refusal are the server's own.
import { flushPromises, mount } from '@vue/test-utils';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reactive } from 'vue';
import { type Harness, harness } from '../../../../packages/distro-core/test/support';
import { type Draft, emptyDraft, stepErrors, toRelease } from '../../src/wizard/draft';
import StepAssets from '../../src/wizard/StepAssets.vue';
import { CHUNK_BYTES } from '../../src/wizard/upload';
import { flacTone, png } from '../browser/media';

let h: Harness;
const requests: string[] = [];

beforeAll(async () => {
  h = await harness();
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${h.a.manager}`);
    const body = init.body instanceof Blob ? Buffer.from(await init.body.arrayBuffer()) : init.body;
    requests.push(`${init.method ?? 'GET'} ${input} ${headers.get('content-range') ?? ''}`.trim());
    return h.app.request(String(input), { method: init.method, headers, body: body as BodyInit });
  });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

/** A copy in a plain ArrayBuffer, as File wants it. */
const bytes = (b: Buffer) => new Uint8Array(b);
let serial = 0;
/** A complete draft of two tracks; its `ensureSaved` creates the release through the API, as the wizard does. */
function draftWithTracks() {
  const d = reactive(emptyDraft());
  Object.assign(d, {
    id: `rel-assets-${++serial}`,
    title: 'Aurora Tapes',
    displayArtist: 'The Test Lights',
    label: 'E2E Records',
    genre: 'Electronic',
  });
  d.tracks = ['Aurora', 'Borealis'].map((title, i) => ({
    id: `trk-${i + 1}`,
    title,
    displayArtist: '',
    isrc: `NOXYZ260000${i + 1}`,
    duration: 200,
    explicit: false,
    contributors: [],
  }));
  let saved = false; // like the wizard: created once, then files go into it
  const ensureSaved = async () => {
    if (saved) return d.id;
    const res = await h.call('POST', '/api/releases', { key: h.a.manager, body: toRelease(d) });
    if (res.status !== 201) throw new Error((await res.json()).error.issues[0].message);
    saved = true;
    return d.id;
  };
  return { draft: d as Draft, ensureSaved };
}
async function drop(wrapper: ReturnType<typeof mount>, files: File[]) {
  const input = wrapper.get('#w-files');
  Object.defineProperty(input.element, 'files', { value: files, configurable: true });
  await input.trigger('change');
}

describe('StepAssets', () => {
  it('uploads audio in chunks into the release, matches it to the track by number and shows the probe', async () => {
    const { draft, ensureSaved } = draftWithTracks();
    const stored: number[] = [];
    const wrapper = mount(StepAssets, {
      props: { draft, errors: {}, ensureSaved, onStored: (v: number) => stored.push(v) },
    });
    const big = flacTone(70); // 1.15 MB: two chunks
    expect(big.length).toBeGreaterThan(CHUNK_BYTES);
    await drop(wrapper, [
      new File([bytes(big)], 'x_02.flac'),
      new File([bytes(flacTone(4))], 'first.flac'),
      new File([bytes(png(1400, 1400))], 'cover.png'),
    ]);
    await vi.waitFor(() => expect(draft.files.map((f) => f.problem ?? f.state)).toEqual(['done', 'done', 'done']), {
      timeout: 20_000,
    });
    // "_02" goes to track 2; the next file takes the first free track
    expect(draft.files.map((f) => f.trackId)).toEqual(['trk-2', 'trk-1', undefined]);
    expect(draft.tracks[1]!.audioFileId).toBe(draft.files[0]!.record!.id);
    expect(draft.tracks[1]!.duration).toBeCloseTo((70 * 4096) / 44100, 2);
    expect(requests.some((r) => r.startsWith('PUT') && r.includes(`bytes ${CHUNK_BYTES}-`))).toBe(true);
    const probes = wrapper.findAll('[data-testid=probe]').map((p) => p.text());
    expect(probes[0]).toMatch(/^FLAC · 44,100 Hz · 16 bit · 2 ch · 6\.5 s$/);
    expect(probes[2]).toBe('PNG · 1400×1400 px · srgb');
    expect(stored).toHaveLength(3);
    const server = await h.call('GET', `/api/releases/${draft.id}`, { key: h.a.manager });
    const release = (await server.json()).release;
    expect(release.tracks[1].audio).toMatchObject({ fileId: 'A-trk-2', format: 'FLAC', sampleRate: 44100 });
    expect(stepErrors(draft, 'assets')).toEqual({});
  }, 60_000);

  it("shows the server probe's reason at a text file named .flac, and a small cover as a warning", async () => {
    const { draft, ensureSaved } = draftWithTracks();
    const wrapper = mount(StepAssets, { props: { draft, errors: {}, ensureSaved } });
    await drop(wrapper, [
      new File(['just some liner notes\n'.repeat(10)], 'notes.flac'),
      new File([bytes(flacTone(2))], 'b_02.flac'),
      new File([bytes(png(1000, 800))], 'small.png'),
      new File(['x'], 'readme.txt'),
    ]);
    await vi.waitFor(() => expect(draft.files.every((f) => f.state !== 'uploading')).toBe(true), {
      timeout: 20_000,
    });
    const problems = wrapper.findAll('[data-testid=file-problem]').map((p) => p.text());
    expect(problems[0]).toMatch(/^"notes\.flac" is not a supported audio file/);
    expect(problems[1]).toContain('readme.txt: unsupported file type');
    expect(wrapper.get('[data-testid=file-warning]').text()).toBe(
      'The cover is 1000×800 px: it must be square and at least 1400 px wide.',
    );
    expect(draft.tracks.map((t) => t.audioFileId)).toEqual([undefined, 'A-trk-2']);
    expect(stepErrors(draft, 'assets')['assets.track0']).toBe('Track 1 (Aurora) has no uploaded audio file yet.');
    await wrapper.get('[data-testid="file-notes.flac"] button:last-child').trigger('click');
    await flushPromises();
    expect(draft.files.map((f) => f.fileName)).toEqual(['b_02.flac', 'small.png', 'readme.txt']);
  }, 60_000);

  it('plays a stored file inline and warns when two tracks get the same audio', async () => {
    const { draft, ensureSaved } = draftWithTracks();
    const wrapper = mount(StepAssets, { props: { draft, errors: {}, ensureSaved } });
    const same = bytes(flacTone(3));
    await drop(wrapper, [new File([same], 'a_01.flac'), new File([same], 'b_02.flac')]);
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid=file-duplicate]')).toHaveLength(2), {
      timeout: 20_000,
    });
    const warnings = wrapper.findAll('[data-testid=file-duplicate]').map((w) => w.text());
    expect(warnings[0]).toContain('Same audio as 2. Borealis');
    expect(warnings[1]).toContain('Same audio as 1. Aurora');
    const players = wrapper.findAll('audio[data-testid=audio-player]');
    expect(players.map((p) => p.attributes('src'))).toEqual([
      `/api/releases/${draft.id}/assets/A-trk-1/content`,
      `/api/releases/${draft.id}/assets/A-trk-2/content`,
    ]);
    expect(players[0]!.attributes('aria-label')).toBe('Listen to a_01.flac');
    const res = await h.call('GET', `/api/releases/${draft.id}/assets/A-trk-1/content`, { key: h.a.viewer });
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(same))).toBe(true);
  }, 60_000);

  it("says why a file cannot be stored while the release cannot be saved, in the server's words", async () => {
    const { draft, ensureSaved } = draftWithTracks();
    const wrapper = mount(StepAssets, { props: { draft, errors: {}, ensureSaved } });
    await drop(wrapper, [new File([bytes(png(1400, 1400))], 'cover.png')]); // no audio yet: tracks have no media
    await vi.waitFor(() => expect(draft.files[0]?.state).toBe('failed'));
    expect(wrapper.get('[data-testid=file-problem]').text()).toBe(
      'The file cannot be stored until the release is saved on the server, which refused it: ' +
        'Track 1 ("Aurora") has neither audio nor video.',
    );
  });
});
