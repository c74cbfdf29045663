// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { nextTick, reactive } from 'vue';
import { emptyDraft, STEPS, stepErrors, toRelease } from '../../src/wizard/draft';
import StepBasic from '../../src/wizard/StepBasic.vue';
import StepMetadata from '../../src/wizard/StepMetadata.vue';
import StepTerritories from '../../src/wizard/StepTerritories.vue';
import StepTracks from '../../src/wizard/StepTracks.vue';

function filledDraft() {
  const d = reactive(emptyDraft());
  Object.assign(d, {
    title: 'Aurora Tapes',
    displayArtist: 'The Test Lights',
    label: 'E2E Records',
    barcode: '036000291452',
    genre: 'Electronic',
  });
  return d;
}

describe('wizard steps', () => {
  it('basic: typing fills the draft; the schema message is shown at the field with aria-invalid', async () => {
    const draft = reactive(emptyDraft());
    draft.barcode = '036000291453'; // wrong check digit
    const wrapper = mount(StepBasic, { props: { draft, errors: stepErrors(draft, 'basic') } });
    await wrapper.get('#w-title').setValue('Aurora Tapes');
    expect(draft.title).toBe('Aurora Tapes');
    const barcode = wrapper.get('#w-barcode');
    expect(barcode.attributes('aria-invalid')).toBe('true');
    expect(barcode.attributes('aria-describedby')).toContain('w-barcode-err');
    expect(wrapper.get('#w-barcode-err').text()).toMatch(/check digit/i);
  });

  it('tracks: add, reorder by keyboard buttons and by drag, normalise the ISRC, read m:ss durations', async () => {
    const draft = filledDraft();
    const wrapper = mount(StepTracks, { props: { draft, errors: {} } });
    await wrapper.get('[data-testid=add-track]').trigger('click');
    await wrapper.get('[data-testid=add-track]').trigger('click');
    await wrapper.get('[data-testid=add-track]').trigger('click');
    expect(draft.tracks[0]!.contributors).toEqual([{ name: 'The Test Lights', role: 'MainArtist' }]);
    for (const [i, title] of ['A', 'B', 'C'].entries()) await wrapper.get(`#t${i}-title`).setValue(title);

    await wrapper.get('[aria-label="Move track 1 down"]').trigger('click');
    expect(draft.tracks.map((t) => t.title)).toEqual(['B', 'A', 'C']);
    expect(wrapper.get('[aria-live=polite]').text()).toBe('A moved to position 2');
    expect(wrapper.get('[aria-label="Move track 1 up"]').attributes('disabled')).toBeDefined();

    await wrapper.get('[data-testid=track-2]').trigger('dragstart');
    await wrapper.get('[data-testid=track-0]').trigger('drop');
    expect(draft.tracks.map((t) => t.title)).toEqual(['C', 'B', 'A']);

    const isrc = wrapper.get('#t0-isrc');
    await isrc.setValue('no-xyz-26-00001');
    await isrc.trigger('blur');
    expect(draft.tracks[0]!.isrc).toBe('NOXYZ2600001');
    await wrapper.get('#t0-duration').setValue('3:05');
    expect(draft.tracks[0]!.duration).toBe(185);
    await wrapper.get('#t1-duration').setValue('soon');
    expect(draft.tracks[1]!.duration).toBeUndefined();
  });

  it('tracks: a DDEX role per contributor; the step blocks until every track has a duration and an ISRC', async () => {
    const draft = filledDraft();
    draft.tracks.push({
      id: 't1',
      title: 'Aurora',
      displayArtist: '',
      isrc: '',
      explicit: false,
      contributors: [{ name: 'The Test Lights', role: 'MainArtist' }],
    });
    const wrapper = mount(StepTracks, { props: { draft, errors: stepErrors(draft, 'tracks') } });
    expect(Object.keys(stepErrors(draft, 'tracks')).sort()).toEqual(['tracks.0.isrc', 'tracks.0.metadata.duration']);
    expect(wrapper.get('#t0-duration').attributes('aria-invalid')).toBe('true');
    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Add contributor')!
      .trigger('click');
    await wrapper.get('#t0-c1-role').setValue('Composer');
    expect(draft.tracks[0]!.contributors[1]).toEqual({ name: '', role: 'Composer' });
    Object.assign(draft.tracks[0]!, { isrc: 'NOXYZ2600001', duration: 200 });
    expect(stepErrors(draft, 'tracks')).toEqual({});
    expect(stepErrors(emptyDraft(), 'tracks').tracks).toBe('Add at least one track.');
  });

  it('metadata: genre is required by the same schema the API uses', async () => {
    const draft = filledDraft();
    draft.genre = '';
    const wrapper = mount(StepMetadata, { props: { draft, errors: stepErrors(draft, 'metadata') } });
    expect(wrapper.get('#w-genre').attributes('aria-invalid')).toBe('true');
    await wrapper.get('#w-genre').setValue('Jazz');
    expect(stepErrors(draft, 'metadata')).toEqual({});
  });

  it('territories: choosing "selected" with no country blocks; a country and an end date before the start do too', async () => {
    const draft = filledDraft();
    const wrapper = mount(StepTerritories, { props: { draft, errors: {} } });
    await wrapper.get('[data-testid=tp-selected]').setValue(true);
    await nextTick();
    expect(draft.worldwide).toBe(false);
    expect(stepErrors(draft, 'territories')['territories.included']).toBe(
      'Choose at least one territory, or Worldwide.',
    );
    draft.included = ['NO'];
    expect(stepErrors(draft, 'territories')).toEqual({});
    await wrapper.get('#w-end').setValue('2000-01-01');
    expect(stepErrors(draft, 'territories')['rights.endDate']).toBe('The rights end before they start.');
  });

  it('toRelease carries the probed file records and the tracks they belong to', () => {
    const draft = filledDraft();
    draft.tracks.push({
      id: 't1',
      title: 'Aurora',
      displayArtist: '',
      isrc: 'NOXYZ2600001',
      explicit: false,
      contributors: [],
      audioFileId: 'A-t1',
    });
    const record = { id: 'A-t1', fileName: 'a.flac', format: 'FLAC', sampleRate: 44100, bitDepth: 16, duration: 2.04 };
    draft.files.push({
      id: 'f1',
      fileName: 'a.flac',
      size: 10,
      kind: 'audio',
      state: 'done',
      received: 10,
      record,
      assetId: 'A-t1',
      trackId: 't1',
    });
    draft.files.push({
      id: 'f2',
      fileName: 'x.flac',
      size: 10,
      kind: 'audio',
      state: 'failed',
      received: 0,
      problem: 'no',
    });
    const release = toRelease(draft) as {
      tracks: { audio: unknown; metadata: { duration: number } }[];
      assets: { audio: unknown[] };
    };
    expect(release.assets.audio).toEqual([record]);
    expect(release.tracks[0]!.audio).toMatchObject({ fileId: 'A-t1', format: 'FLAC', sampleRate: 44100, bitDepth: 16 });
    expect(release.tracks[0]!.metadata.duration).toBe(2.04);
    expect(stepErrors(draft, 'assets')).toEqual({ 'assets.f2': 'no' });
    expect(STEPS).toEqual(['basic', 'tracks', 'metadata', 'assets', 'territories', 'review']);
  });
});
