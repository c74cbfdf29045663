import type { WriterIssue } from '../types';
import { type Ern4ValueSet, type Ern4Version, isErn4Value } from './allowed-values';

/** A value for an element that accepts `UserDefined` plus a `UserDefinedValue` attribute. */
export interface AvsValue {
  /** the element text: an allowed value, or `UserDefined` */
  readonly value: string;
  /** the original value, when `value` is `UserDefined` */
  readonly userDefined?: string;
}

/** Collects writer issues and checks values against the version's allowed-value sets. */
export class IssueLog {
  readonly issues: WriterIssue[] = [];

  constructor(readonly version: Ern4Version) {}

  /** Adds an issue. */
  add(code: string, path: string, message: string): void {
    this.issues.push({ code, path, message });
  }

  /**
   * The value as is when the version allows it; otherwise `UserDefined` with the value as UserDefinedValue, and an
   * issue (`value_not_in_avs`) at `path` + `suffix` (joined only then, off the hot path).
   */
  avs(set: Ern4ValueSet, value: string, path: string, suffix = ''): AvsValue {
    if (isErn4Value(this.version, set, value)) return { value };
    this.add(
      'value_not_in_avs',
      path + suffix,
      `"${value}" is not a ${set} value of ERN ${this.version}; written as UserDefined with UserDefinedValue="${value}".`,
    );
    return { value: 'UserDefined', userDefined: value };
  }

  /** True when the version allows the value; no issue. */
  allows(set: Ern4ValueSet, value: string): boolean {
    return isErn4Value(this.version, set, value);
  }
}

/** Attributes of an element holding an {@link AvsValue}. */
export function avsAttributes(v: AvsValue): { UserDefinedValue?: string } | undefined {
  return v.userDefined === undefined ? undefined : { UserDefinedValue: v.userDefined };
}
