// @vitest-environment happy-dom
import { GENRE_TAXONOMY } from '@ddex/ern-model/values';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { reactive } from 'vue';
import { emptyDraft, toRelease } from '../../src/wizard/draft';
import StepMetadata from '../../src/wizard/StepMetadata.vue';

function setup() {
  const draft = reactive(emptyDraft());
  const wrapper = mount(StepMetadata, { props: { draft, errors: {} }, attachTo: document.body });
  return { draft, wrapper, input: wrapper.get('#w-genre') };
}
const visible = (wrapper: ReturnType<typeof setup>['wrapper']) =>
  wrapper.findAll('[role=treeitem]').map((r) => r.attributes('data-genre'));

describe('GenreSelector', () => {
  it('is a combobox over a tree of main genres that opens one with → and picks a sub-genre with Enter', async () => {
    const { draft, wrapper, input } = setup();
    expect(input.attributes('role')).toBe('combobox');
    expect(input.attributes('aria-haspopup')).toBe('tree');
    await input.trigger('focus');
    expect(input.attributes('aria-expanded')).toBe('true');
    const tree = wrapper.get(`#${input.attributes('aria-controls')}`);
    expect(tree.attributes('role')).toBe('tree');
    expect(visible(wrapper)).toEqual(GENRE_TAXONOMY.map((n) => n.name)); // closed main genres
    const classical = GENRE_TAXONOMY.findIndex((n) => n.name === 'Classical');
    for (let i = 0; i < classical; i++) await input.trigger('keydown', { key: 'ArrowDown' });
    expect(input.attributes('aria-activedescendant')).toBe(wrapper.get('[data-genre=Classical]').attributes('id'));
    expect(wrapper.get('[data-genre=Classical]').attributes('aria-expanded')).toBe('false');
    await input.trigger('keydown', { key: 'ArrowRight' }); // opens
    expect(wrapper.get('[data-genre=Classical]').attributes('aria-expanded')).toBe('true');
    expect(visible(wrapper)).toContain('Classical > Baroque');
    await input.trigger('keydown', { key: 'ArrowRight' }); // into the first sub-genre
    await input.trigger('keydown', { key: 'ArrowDown' });
    const active = wrapper.get(`#${input.attributes('aria-activedescendant')}`);
    expect(active.attributes('aria-level')).toBe('2');
    await input.trigger('keydown', { key: 'Enter' });
    const [main, sub] = active.attributes('data-genre')!.split(' > ');
    expect([draft.genre, draft.subgenre]).toEqual([main, sub]);
    expect(input.attributes('aria-expanded')).toBe('false');
    expect((toRelease(draft) as { metadata: { genre: string[] } }).metadata.genre).toEqual([main, sub]);
    wrapper.unmount();
  });

  it('searches sub-genres too (accents and case ignored), keeps free text, Esc closes', async () => {
    const { draft, wrapper, input } = setup();
    await input.setValue('TECHNO');
    expect(visible(wrapper)).toEqual(['Dance/Electronic', 'Dance/Electronic > Techno']);
    await input.trigger('keydown', { key: 'ArrowDown' });
    await input.trigger('keydown', { key: 'Enter' });
    expect([draft.genre, draft.subgenre]).toEqual(['Dance/Electronic', 'Techno']);
    await input.setValue('Polka');
    expect(visible(wrapper)).toEqual([]);
    expect(wrapper.get('[role=status]').text()).toContain('Polka');
    await input.trigger('keydown', { key: 'Escape' });
    expect(input.attributes('aria-expanded')).toBe('false');
    expect(draft.genre).toBe('Polka'); // DDEX genres are free text
    await input.setValue('jazz');
    await input.trigger('blur');
    expect(draft.genre).toBe('Jazz'); // a listed genre typed in another case gets the list's spelling
    // a click on a row picks it
    await input.trigger('focus');
    await input.setValue('baroque');
    await wrapper.get('[data-genre="Classical > Baroque"]').trigger('click');
    expect([draft.genre, draft.subgenre]).toEqual(['Classical', 'Baroque']);
    wrapper.unmount();
  });
});
