// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import IssueList, { type ListIssue } from '../../src/components/IssueList.vue';

const ISSUES: ListIssue[] = [
  { severity: 'error', code: 'cvc-complex-type.2.4.a', message: 'Invalid content: expected ISRC', line: 40, column: 7 },
  { severity: 'error', code: 'cvc-datatype-valid', message: 'Bad date', line: 12, column: 3 },
  { severity: 'warning', code: 'missing_genre_mapping', message: 'Genre is not mapped', path: 'metadata.genre' },
];
const fixLink = (path: string) => (path.startsWith('metadata') ? '#step-metadata' : undefined);

describe('IssueList', () => {
  it('counts issues per severity tab and filters by tab', async () => {
    const wrapper = mount(IssueList, { props: { issues: ISSUES, fixLink } });
    const tabs = wrapper.findAll('[role=tab]');
    expect(tabs.map((t) => t.text())).toEqual(['All (3)', 'Errors (2)', 'Warnings (1)', 'Info (0)']);
    await tabs[2]!.trigger('click');
    expect(tabs[2]!.attributes('aria-selected')).toBe('true');
    expect(wrapper.findAll('li[data-severity]').map((li) => li.attributes('data-severity'))).toEqual(['warning']);
  });

  it('searches message, rule and path, and says when nothing matches', async () => {
    const wrapper = mount(IssueList, { props: { issues: ISSUES } });
    await wrapper.get('#issue-search').setValue('datatype');
    expect(wrapper.findAll('li[data-severity]')).toHaveLength(1);
    await wrapper.get('#issue-search').setValue('no such thing');
    expect(wrapper.text()).toContain('No issue matches the search.');
  });

  it('groups by line in line order, emits the line to highlight, links a path to its field', async () => {
    const wrapper = mount(IssueList, { props: { issues: ISSUES, fixLink } });
    await wrapper.get('#issue-group').setValue('line');
    expect(wrapper.findAll('h3').map((h) => h.text().replace(/\s+\d+$/, ''))).toEqual([
      'Line 12',
      'Line 40',
      'No line',
    ]);
    await wrapper.get('li[data-severity=error] button').trigger('click');
    expect(wrapper.emitted('select')).toEqual([[12]]);
    expect(wrapper.get('li[data-severity=warning] a').attributes('href')).toBe('#step-metadata');
  });

  it('says there are no issues for a valid message', () => {
    const wrapper = mount(IssueList, { props: { issues: [] } });
    expect(wrapper.get('[data-testid=no-issues]').text()).not.toBe('');
  });
});
