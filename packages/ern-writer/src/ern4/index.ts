/**
 * @module ERN 4 writers: {@link Ern42Writer} (the default visitor over the model) and {@link Ern43Writer}, which
 * overrides the hooks ERN 4.3 changed.
 */
export type { Ern4Version } from './allowed-values';
export { Ern42Writer } from './ern42-writer';
export { Ern43Writer } from './ern43-writer';
export { ERN4_FIELD_SUPPORT, type FieldSupport, type UnsupportedField } from './field-support';
export { defaultProfile } from './release-facts';
