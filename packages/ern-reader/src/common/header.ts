import { readPartyIds, readPartyName } from '../ern4/ern4-parties';
import type { HeaderParty, MessageInfo } from '../types';
import type { XmlElement } from '../xml/element';

function headerParty(el: XmlElement | undefined): HeaderParty | undefined {
  if (el === undefined) return undefined;
  const name = readPartyName(el);
  const plain = el.peek('PartyId');
  const dpid = plain !== undefined && plain.childCount === 0 ? el.text1('PartyId') : readPartyIds(el)?.dpid;
  return { ...(dpid !== undefined && { dpid }), ...(name !== undefined && { name }) };
}

/** Reads the root attributes and `MessageHeader` (the same in ERN 3.8.2 and 4). */
export function readHeader(root: XmlElement): MessageInfo {
  const h = root.child('MessageHeader');
  const info: Record<string, unknown> = { type: root.name };
  const set = (key: keyof MessageInfo, value: unknown) => {
    if (value !== undefined) info[key] = value;
  };
  set('profile', root.attr('ReleaseProfileVersionId'));
  if (h !== undefined) {
    set('id', h.text1('MessageId'));
    set('threadId', h.text1('MessageThreadId'));
    set('createdAt', h.text1('MessageCreatedDateTime'));
    set('sender', headerParty(h.child('MessageSender')));
    set('recipient', headerParty(h.child('MessageRecipient')));
    set('sentOnBehalfOf', headerParty(h.child('SentOnBehalfOf')));
    set('controlType', h.text1('MessageControlType'));
    h.child('MessageFileName');
  }
  set('updateIndicator', root.text1('UpdateIndicator'));
  return info as unknown as MessageInfo;
}
