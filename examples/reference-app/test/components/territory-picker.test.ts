// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { nextTick, reactive } from 'vue';
import TerritoryPicker from '../../src/components/TerritoryPicker.vue';

// The picker edits three v-models; a reactive holder stands in for the wizard's draft.
function picker(initial: { worldwide: boolean; included?: string[]; excluded?: string[]; error?: string }) {
  const state = reactive({ included: [] as string[], excluded: [] as string[], ...initial });
  const wrapper = mount(TerritoryPicker, {
    props: {
      worldwide: state.worldwide,
      'onUpdate:worldwide': (v: boolean) => {
        state.worldwide = v;
        void wrapper.setProps({ worldwide: v });
      },
      included: state.included,
      'onUpdate:included': (v: string[]) => {
        state.included = v;
        void wrapper.setProps({ included: v });
      },
      excluded: state.excluded,
      'onUpdate:excluded': (v: string[]) => {
        state.excluded = v;
        void wrapper.setProps({ excluded: v });
      },
      error: initial.error,
    },
  });
  return { wrapper, state };
}

describe('TerritoryPicker', () => {
  it('searches ISO 3166 countries by name or code and includes or excludes them', async () => {
    const { wrapper, state } = picker({ worldwide: false });
    await wrapper.get('#tp-search').setValue('norw');
    expect(wrapper.text()).toContain('Norway (NO)');
    await wrapper.get('[data-testid=tp-include-NO]').trigger('click');
    expect(state.included).toEqual(['NO']);
    expect((wrapper.get('#tp-search').element as HTMLInputElement).value).toBe('');
    await wrapper.get('#tp-search').setValue('nz'); // the code matches New Zealand, whose name has no "nz"
    await wrapper.get('[data-testid=tp-exclude-NZ]').trigger('click');
    expect(state.excluded).toEqual(['NZ']);
    await wrapper.get('#tp-search').setValue('atlantis');
    expect(wrapper.text()).toContain('No country matches');
  });

  it('offers only exclusions while worldwide, and switches scope by radio', async () => {
    const { wrapper, state } = picker({ worldwide: true });
    await wrapper.get('#tp-search').setValue('Sweden');
    expect(wrapper.find('[data-testid=tp-include-SE]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=tp-exclude-SE]').exists()).toBe(true);
    await wrapper.get('[data-testid=tp-selected]').setValue(true);
    expect(state.worldwide).toBe(false);
    await nextTick();
    expect(wrapper.find('[data-testid=tp-include-SE]').exists()).toBe(true);
  });

  it('adds region presets without duplicates and removes a code with its labelled button', async () => {
    const { wrapper, state } = picker({ worldwide: false, included: ['NO'] });
    const nordics = wrapper.findAll('button').find((b) => b.text() === 'Nordics');
    await nordics!.trigger('click');
    expect(state.included).toEqual(['NO', 'DK', 'FI', 'IS', 'SE']);
    await wrapper.get('[aria-label="Remove NO"]').trigger('click');
    expect(state.included).toEqual(['DK', 'FI', 'IS', 'SE']);
  });

  it('shows the error and ties it to the search field', () => {
    const { wrapper } = picker({ worldwide: false, error: 'Choose at least one territory.' });
    expect(wrapper.get('#tp-err').text()).toBe('Choose at least one territory.');
    expect(wrapper.get('#tp-search').attributes('aria-describedby')).toBe('tp-err');
  });
});
