import type { Ern382Context } from './ern382-context';
import { rootAttributes, writeMessageHeader } from './ern382-header';
import { writePartyNameAndIds, writeTitles } from './ern382-parts';
import type { Ern382Plan } from './ern382-plan';
import { writeMainReleaseId } from './ern382-releases';

/**
 * A `PurgeReleaseMessage`: the header and the release to remove, identified by its ids, title and display
 * artists (as ResourceContributors, the only party composite PurgedRelease has).
 */
export function writePurgeReleaseMessage(ctx: Ern382Context, plan: Ern382Plan): void {
  const x = ctx.xml;
  const m = plan.release.metadata;
  const root = `${ctx.version.prefix}:PurgeReleaseMessage`;
  x.open(root, rootAttributes(ctx, { LanguageAndScriptCode: m.language }));
  writeMessageHeader(ctx, plan);
  ctx.path = 'metadata';
  x.open('PurgedRelease');
  writeMainReleaseId(ctx, plan);
  writeTitles(ctx, m.title, m.subtitle);
  const artists = m.artists && m.artists.length > 0 ? m.artists : [{ name: m.displayArtist, role: 'MainArtist' }];
  artists.forEach((a, i) => {
    x.open('ResourceContributor', { SequenceNumber: i + 1 });
    writePartyNameAndIds(ctx, a.name, a.ids);
    ctx.codedLeaf('ResourceContributorRole', 'ResourceContributorRole', a.role, 'metadata.artists', i, 'role');
    x.close();
  });
  x.close();
  x.close();
}
