import { releaseIdOf } from './common/assemble';
import { emptyRelease } from './common/draft';
import { readReleaseId } from './ern4/ern4-releases';
import type { IssueLog } from './issues';
import type { MessageInfo, TakedownRecord } from './types';
import type { XmlElement } from './xml/element';

/** Reads a PurgeReleaseMessage: one takedown record (method `Purge`) per PurgedRelease. */
export function readPurge(root: XmlElement, message: MessageInfo, log: IssueLog): TakedownRecord[] {
  return root.all('PurgedRelease').map((el) => {
    const d = emptyRelease(el.text1('ReleaseReference') ?? '', false, el);
    readReleaseId(el, d);
    const titles = el.all('Title');
    const title =
      (titles.find((t) => t.attr('TitleType') === 'DisplayTitle') ?? titles[0])?.raw1('TitleText') ??
      el.text1('DisplayTitleText') ??
      el.child('DisplayTitle')?.raw1('TitleText');
    for (const t of titles) t.useAll();
    const id = releaseIdOf(d);
    const record: TakedownRecord = {
      method: 'Purge',
      releaseId: id,
      identifiers: {
        ...(d.icpn && { icpn: d.icpn }),
        ...(d.grid && { grid: d.grid }),
        ...(d.isrc && { isrc: d.isrc }),
        ...(d.catalogNumber && { catalogNumber: d.catalogNumber }),
        ...(d.proprietaryIds.length > 0 && { proprietaryIds: d.proprietaryIds }),
      },
      ...(title !== undefined && { title }),
      ...(message.createdAt !== undefined && { effective: message.createdAt }),
      ...(d.ref !== '' && { reference: d.ref }),
      xpath: el.xpath,
    };
    log.add('takedown', 'info', el, `The message purges release ${id}.`);
    return record;
  });
}
