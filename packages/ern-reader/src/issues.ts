import type { ReadIssue, ReadIssueSeverity } from './types';
import type { XmlElement } from './xml/element';

/** Collects read issues. */
export class IssueLog {
  readonly issues: ReadIssue[] = [];

  /** Adds an issue about `where` (an element or an XPath). */
  add(
    code: string,
    severity: ReadIssueSeverity,
    where: XmlElement | string,
    message: string,
    extra?: { path?: string; release?: string },
  ): void {
    const xpath = typeof where === 'string' ? where : where.xpath;
    // most issues (every unmapped element) have no extra: no object to spread
    this.issues.push(
      extra === undefined ? { code, severity, xpath, message } : { code, severity, xpath, ...extra, message },
    );
  }

  /** A value the model does not accept, left out. */
  rejected(where: XmlElement, message: string, release?: string): void {
    this.add('value_rejected', 'warning', where, message, release === undefined ? undefined : { release });
  }
}
