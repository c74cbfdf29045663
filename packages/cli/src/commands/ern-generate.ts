import { writeFile } from 'node:fs/promises';
import { checkDpid, parseRelease } from '@ddex/ern-model';
import { type ErnVersion, type MessageParty, writeErn } from '@ddex/ern-writer';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CliError, type CliIo, readJson } from '../io';
import type { ExitCodeSink } from '../program';

const KINDS = { new: 'NewRelease', update: 'Update', takedown: 'Takedown' } as const;

/** Parses `<DPID>[:<name>]`; the DPID must carry a valid check character. */
export function parseParty(value: string): MessageParty {
  const colon = value.indexOf(':');
  const dpid = colon < 0 ? value : value.slice(0, colon);
  const name = colon < 0 ? '' : value.slice(colon + 1).trim();
  const check = checkDpid(dpid);
  if (!check.valid) throw new InvalidArgumentError(check.message);
  return { dpid: check.value, name: name || check.value };
}

function parseCreated(value: string): string {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`"${value}" is not an ISO 8601 date-time.`);
  return value;
}

interface GenerateOptions {
  ern: ErnVersion;
  sender: MessageParty;
  recipient: MessageParty;
  messageId?: string;
  created?: string;
  kind: keyof typeof KINDS;
  takedownMethod?: 'EndDatedDeal' | 'EmptyDealList' | 'Purge';
  profile?: string;
  test?: boolean;
  output?: string;
}

/** `ddex-distro ern generate`: writes the ERN message of a release JSON file. */
export function registerErnGenerate(ern: Command, io: CliIo, exit: ExitCodeSink): void {
  ern
    .command('generate')
    .description('write the DDEX ERN message of a release')
    .argument('<release.json>', 'release in the JSON import format (- for stdin)')
    .addOption(new Option('--ern <version>', 'ERN version').choices(['4.3', '4.2', '3.8.2']).makeOptionMandatory())
    .requiredOption('--sender <DPID[:name]>', 'message sender, e.g. PADPIDA20270101016:Polar', parseParty)
    .requiredOption('--recipient <DPID[:name]>', 'message recipient (the DSP)', parseParty)
    .option('--message-id <id>', 'MessageId (default: derived from the release and the creation time)')
    .option('--created <iso-8601>', 'MessageCreatedDateTime (default: now)', parseCreated)
    .addOption(new Option('--kind <kind>', 'what the message says').choices(Object.keys(KINDS)).default('new'))
    .addOption(
      new Option('--takedown-method <method>', 'how a takedown is expressed').choices([
        'EndDatedDeal',
        'EmptyDealList',
        'Purge',
      ]),
    )
    .option('--profile <profile>', 'release profile (default: from the release type)')
    .option('--test', 'mark the message as a TestMessage')
    .option('-o, --output <file>', 'write the XML to a file instead of stdout')
    .action(async (file: string, opts: GenerateOptions) => {
      const parsed = parseRelease(await readJson(file, io));
      if (!parsed.success) {
        for (const issue of parsed.issues) io.stderr(`${issue.path}: ${issue.code}: ${issue.message}\n`);
        exit(1);
        return;
      }
      const { xml, issues } = writeErn(parsed.data, {
        version: opts.ern,
        sender: opts.sender,
        recipient: opts.recipient,
        messageId: opts.messageId,
        createdAt: opts.created,
        kind: KINDS[opts.kind],
        takedownMethod: opts.takedownMethod,
        profile: opts.profile,
        messageControlType: opts.test ? 'Test' : 'Live',
      });
      for (const issue of issues) io.stderr(`warning: ${issue.path}: ${issue.code}: ${issue.message}\n`);
      if (opts.output) {
        try {
          await writeFile(opts.output, xml);
        } catch (cause) {
          throw new CliError(`cannot write ${opts.output}: ${(cause as Error).message}`, 2, { cause });
        }
      } else {
        io.stdout(xml);
      }
      exit(0);
    });
}
