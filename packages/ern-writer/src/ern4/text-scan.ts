import type { WriterIssue } from '../types';
import { hasForbiddenXmlChars } from '../xml/escape';

/**
 * Reports every text in `value` (walked recursively) that holds characters XML 1.0 cannot carry. The serializer
 * drops those characters; this walk gives each issue the release path it came from. Version-agnostic.
 */
export function scanForbiddenChars(value: unknown, path: string, issues: WriterIssue[]): void {
  if (typeof value === 'string') {
    if (hasForbiddenXmlChars(value)) {
      issues.push({
        code: 'forbidden_xml_char',
        path,
        message: `${path} holds characters XML 1.0 cannot carry (control characters or unpaired surrogates); they were left out.`,
      });
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      scanForbiddenChars(value[i], path === '' ? String(i) : `${path}.${i}`, issues);
    return;
  }
  for (const key in value) {
    scanForbiddenChars((value as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`, issues);
  }
}
