import { describe, expect, it } from 'vitest';
import { writeErn } from '../src/write-ern';
import { BASE_OPTIONS, canonicalAlbum } from './support/release-fixtures';
import { expectSchemaValid } from './support/schema-assert';

describe.each(['4.3', '4.2'] as const)('ERN %s golden file', (version) => {
  it('the canonical album matches test/golden and is schema-valid', async () => {
    const { xml } = writeErn(canonicalAlbum(), { ...BASE_OPTIONS, version });
    await expectSchemaValid(xml, version);
    await expect(xml).toMatchFileSnapshot(`./golden/ern${version.replace('.', '')}-release-album.xml`);
  });
});
