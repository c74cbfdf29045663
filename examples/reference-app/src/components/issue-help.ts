import type { MessageKey } from '../i18n';

// Spec links and fix suggestions per rule code. The codes come from the service's validate use case: the XSD
// validation of @ddex/ern-writer (`schema`, `not_well_formed`, `doctype_forbidden`, `not_ern`), the ERN writer's
// own checks (`value_not_in_avs`, `unsupported_field`…) and the release model's business rules (`duplicate_isrc`…).
//
// Where the links point:
// - `schema`: the official XSD of the message's ERN version at service.ddex.net (the schemaLocation DDEX publishes;
//   the normative definition of every element the error names);
// - `value_not_in_avs`: the allowed-value-set XSD that version imports;
// - XML syntax and DOCTYPE problems: the DDEX Knowledge Base's guidance on XML validation;
// - `unsupported_profile`: the Knowledge Base's page on which release profile fits which ERN version;
// - every other code: the Knowledge Base's "ERN 4 explained" or "ERN 3 explained" pages of the ERN standard.

const KB_ERN = 'https://kb.ddex.net/implementing-each-standard/electronic-release-notification-message-suite-(ern)';
const KB_XML = 'https://kb.ddex.net/general-implementation-guidance/validating-ddex-messages/xml-validation';
const KB_PROFILES =
  'https://kb.ddex.net/implementing-each-standard/best-practices-for-all-ddex-standards/general-guidance-on-messages/which-release-profile-for-which-ern-version';
const XSD: Record<string, string> = {
  '4.3': 'http://service.ddex.net/xml/ern/43/release-notification.xsd',
  '4.2': 'http://service.ddex.net/xml/ern/42/release-notification.xsd',
  '3.8.2': 'http://service.ddex.net/xml/ern/382/release-notification.xsd',
};
const AVS: Record<string, string> = {
  '4.3': 'http://service.ddex.net/xml/allowed-value-sets/allowed-value-sets.xsd',
  '4.2': 'http://service.ddex.net/xml/avs/avs20200518.xsd',
  '3.8.2': 'http://service.ddex.net/xml/avs/avs_20161006.xsd',
};

/** The DDEX documentation page for a rule code of a message in an ERN version (4.3 when unknown). */
export function specLink(code: string, version = '4.3'): string {
  const v = version in XSD ? version : '4.3';
  if (code === 'schema') return XSD[v]!;
  if (code === 'value_not_in_avs') return AVS[v]!;
  if (code === 'not_well_formed' || code === 'doctype_forbidden' || code === 'forbidden_xml_char') return KB_XML;
  if (code === 'unsupported_profile') return KB_PROFILES;
  return `${KB_ERN}/${v.startsWith('3') ? 'ern-3-explained' : 'ern-4-explained'}/`;
}

/** Rule codes the client has advice for, when the server sent no suggestion of its own. */
const SUGGESTED = new Set([
  'schema',
  'not_well_formed',
  'doctype_forbidden',
  'not_ern',
  'value_not_in_avs',
  'unsupported_field',
  'value_changed',
  'unsupported_profile',
  'deal_dropped',
  'takedown_method_unsupported',
  'forbidden_xml_char',
]);

/** The catalogue key of the advice for a rule code, if there is one. */
export function suggestionKey(code: string): MessageKey | undefined {
  return SUGGESTED.has(code) ? (`suggest.${code}` as MessageKey) : undefined;
}
