import type { MessageParty } from '../types';
import type { Ern382Context } from './ern382-context';
import type { Ern382Plan } from './ern382-plan';

function writeParty(ctx: Ern382Context, element: string, party: MessageParty): void {
  ctx.xml.open(element).leaf('PartyId', party.dpid).open('PartyName').leaf('FullName', party.name).close().close();
}

/** The `<MessageHeader>`. */
export function writeMessageHeader(ctx: Ern382Context, plan: Ern382Plan): void {
  const x = ctx.xml;
  const o = plan.options;
  ctx.path = 'options';
  x.open('MessageHeader');
  x.leaf('MessageThreadId', plan.threadId);
  x.leaf('MessageId', plan.messageId);
  writeParty(ctx, 'MessageSender', o.sender);
  writeParty(ctx, 'MessageRecipient', o.recipient);
  x.leaf('MessageCreatedDateTime', plan.createdAt);
  x.leaf('MessageControlType', o.messageControlType === 'Test' ? 'TestMessage' : 'LiveMessage');
  x.close();
}

/** The root element's attributes: namespaces, schema location and schema version, then the given ones. */
export function rootAttributes(
  ctx: Ern382Context,
  extra: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const v = ctx.version;
  return {
    [`xmlns:${v.prefix}`]: v.namespace,
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation': v.schemaLocation,
    MessageSchemaVersionId: v.messageSchemaVersionId,
    ...extra,
  };
}
