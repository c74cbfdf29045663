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

  it('links each rule id to its DDEX documentation for the message version', () => {
    const issues: ListIssue[] = [
      { severity: 'error', code: 'schema', message: 'Element Title: not expected', line: 9 },
      { severity: 'error', code: 'not_well_formed', message: 'Premature end of data', line: 1 },
      { severity: 'warning', code: 'unsupported_field', message: 'Not in 4.2', path: 'metadata.mood' },
    ];
    const wrapper = mount(IssueList, { props: { issues, ernVersion: '4.2' } });
    const links = wrapper.findAll('[data-testid=spec-link]');
    expect(links.map((a) => a.attributes('href'))).toEqual([
      'http://service.ddex.net/xml/ern/42/release-notification.xsd',
      'https://kb.ddex.net/general-implementation-guidance/validating-ddex-messages/xml-validation',
      'https://kb.ddex.net/implementing-each-standard/electronic-release-notification-message-suite-(ern)/ern-4-explained/',
    ]);
    expect(links[0]!.text()).toBe('DDEX spec for schema');
    expect(links[0]!.attributes('target')).toBe('_blank');
    const avs = mount(IssueList, {
      props: {
        issues: [{ severity: 'warning', code: 'value_not_in_avs', message: 'x', path: 'p' }],
        ernVersion: '3.8.2',
      },
    });
    expect(avs.get('[data-testid=spec-link]').attributes('href')).toBe(
      'http://service.ddex.net/xml/avs/avs_20161006.xsd',
    );
  });

  it("shows the server's suggestion, else the advice for the rule code, else none", () => {
    const issues: ListIssue[] = [
      {
        severity: 'error',
        code: 'schema',
        message: 'Missing child',
        line: 3,
        suggestion: 'Add the missing element Title here.',
      },
      { severity: 'error', code: 'duplicate_isrc', message: 'Two tracks share an ISRC', path: 'tracks.1.isrc' },
      { severity: 'warning', code: 'value_not_in_avs', message: 'Not in the AVS', path: 'metadata.genre' },
    ];
    const wrapper = mount(IssueList, { props: { issues } });
    const items = wrapper.findAll('li[data-severity]');
    expect(items.map((li) => li.get('code').text())).toEqual(['schema', 'duplicate_isrc', 'value_not_in_avs']);
    expect(items[0]!.get('[data-testid=suggestion]').text()).toBe('Suggestion: Add the missing element Title here.');
    expect(items[1]!.find('[data-testid=suggestion]').exists()).toBe(false);
    expect(items[2]!.get('[data-testid=suggestion]').text()).toContain('allowed-value set');
  });

  it('lists the stages of the run with their times and issue counts', () => {
    const stages = [
      { stage: 'build', ms: 4.5, issues: 1 },
      { stage: 'rules', ms: 0.12, issues: 0 },
      { stage: 'schema', ms: 37.25, issues: 2 },
    ] as const;
    const wrapper = mount(IssueList, { props: { issues: ISSUES, stages: [...stages] } });
    expect(wrapper.findAll('[data-testid=validation-stages] li').map((li) => li.text())).toEqual([
      'Build the message: 4.5 ms, 1 issues',
      'Business rules: 0.12 ms, 0 issues',
      'XSD schema: 37.25 ms, 2 issues',
    ]);
    expect(
      mount(IssueList, { props: { issues: ISSUES } })
        .find('[data-testid=validation-stages]')
        .exists(),
    ).toBe(false);
  });

  it('says there are no issues for a valid message', () => {
    const wrapper = mount(IssueList, { props: { issues: [] } });
    expect(wrapper.get('[data-testid=no-issues]').text()).not.toBe('');
  });
});
