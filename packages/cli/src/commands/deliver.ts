import {
  createDeliveryRuntime,
  type DeliveryProfile,
  type DeliveryRuntime,
  DSP_PROFILES,
  deliver,
  formatTimestamp,
  isDeliveryError,
} from '@ddex/delivery-transports';
import { checkDpid, parseRelease } from '@ddex/ern-model';
import { type ErnVersion, type MessageParty, SCHEMA_DIR_ENV, validateErn, writeErn } from '@ddex/ern-writer';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { dryRunTransport } from '../delivery/dry-run';
import { createProgressView, formatBytes } from '../delivery/progress';
import { planFolderPackage, releaseDelivery } from '../delivery/release-package';
import { type CliTarget, readTargetFile } from '../delivery/target-file';
import { CliError, type CliIo, processIo, readJson } from '../io';
import type { ExitCodeSink } from '../program';

interface DeliverCommandOptions {
  assets: string;
  target: string;
  profile?: string;
  ern?: ErnVersion;
  dryRun?: boolean;
  resume?: string;
  json?: boolean;
}

const BATCH_ID = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})$/;

function parseBatchId(value: string): string {
  if (!BATCH_ID.test(value)) throw new InvalidArgumentError('a batch id is 17 digits: YYYYMMDDhhmmssnnn (UTC).');
  return value;
}

/** The instant a `YYYYMMDDhhmmssnnn` batch id names (the ERN of a resumed batch is written for it again). */
function batchDate(id: string): Date {
  const [, y, mo, d, h, mi, s, ms] = BATCH_ID.exec(id)!.map(Number) as number[];
  return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!));
}

/**
 * `ddex-distro deliver <release.json> --assets <dir> --target <target.json> [--profile NAME] [--ern VERSION]
 * [--dry-run]`: writes the release's ERN for the target, checks the files against their asset records and sends
 * them with the profile's DDEX choreography (resources, ERN, completion marker last), with a progress bar on stderr.
 * Exit 0 when delivered; 1 when the release or target is invalid or the delivery failed (its error code and
 * message are printed); 2 when an input cannot be read or the command line is wrong.
 */
export function registerDeliver(program: Command, io: CliIo, exit: ExitCodeSink): void {
  program
    .command('deliver')
    .description('deliver a release (ERN + audio + artwork) to a target with the DDEX choreography of a DSP profile')
    .argument('<release.json>', 'release in the JSON import format (- for stdin)')
    .requiredOption('--assets <dir>', "folder holding the release's files, found by each asset's fileName")
    .requiredOption('--target <target.json>', 'delivery target: the object /api/delivery-targets takes')
    .addOption(
      new Option('--profile <name>', "DSP profile (default: the target's, else generic-batch)").choices(
        Object.keys(DSP_PROFILES),
      ),
    )
    .addOption(
      new Option('--ern <version>', "ERN version (default: the target's, else the profile's)").choices([
        '4.3',
        '4.2',
        '3.8.2',
      ]),
    )
    .option('--dry-run', 'build and check the package and list what would be sent, without connecting')
    .option(
      '--resume <batchId>',
      'complete an interrupted batch (YYYYMMDDhhmmssnnn) instead of starting one',
      parseBatchId,
    )
    .option('--json', 'print the result as JSON on stdout')
    .action(async (file: string, opts: DeliverCommandOptions) => {
      const parsed = parseRelease(await readJson(file, io));
      if (!parsed.success) {
        for (const issue of parsed.issues) io.stderr(`${issue.path}: ${issue.code}: ${issue.message}\n`);
        exit(1);
        return;
      }
      const target = await readTargetFile(opts.target);
      const profile = opts.profile ? DSP_PROFILES[opts.profile]! : (target.profile ?? DSP_PROFILES['generic-batch']!);
      const { sender, recipient } = parties(target, profile, opts.target);
      const version = opts.ern ?? target.file.requirements?.ernVersion ?? profile.ernVersion;
      const test = profile.messageControlType === 'TestMessage' || target.file.testMode === true;

      const plan = await planFolderPackage(parsed.data, opts.assets, profile);
      for (const w of plan.warnings) io.stderr(`warning: ${w}\n`);
      const date = opts.resume ? batchDate(opts.resume) : new Date();
      const messageId = `${plan.upc}_${formatTimestamp(date)}`;
      const ern = writeErn(plan.release, {
        version,
        sender,
        recipient,
        messageId,
        createdAt: date,
        messageControlType: test ? 'Test' : 'Live',
      });
      const byMessage = new Map<string, string[]>();
      for (const i of ern.issues) byMessage.set(i.message, [...(byMessage.get(i.message) ?? []), i.path]);
      for (const [message, at] of byMessage) {
        const more = at.length > 1 ? ` and ${at.length - 1} more` : '';
        io.stderr(`warning: ERN ${version}: ${message} (${at[0]}${more})\n`);
      }
      if (process.env[SCHEMA_DIR_ENV]) {
        const check = await validateErn(ern.xml);
        if (!check.valid) {
          for (const e of check.errors) io.stderr(`ERN ${version} ${e.line}:${e.column}: ${e.message}\n`);
          throw new CliError(`the ERN ${version} message is not valid against the XSD; nothing was sent`, 1);
        }
      }

      const dryRun = opts.dryRun ? dryRunTransport() : undefined;
      const transport = dryRun ?? (await target.transport());
      const runtime: DeliveryRuntime = createDeliveryRuntime(transport, {
        logger: { warn: (m) => io.stderr(`retry: ${m}\n`) },
      });
      const tty = io === processIo && process.stderr.isTTY === true;
      const view = createProgressView((t) => io.stderr(t), tty);
      // Ctrl-C: stop after cleaning up (no marker is written); a second Ctrl-C quits at once
      const abort = new AbortController();
      const onSigint = () => {
        if (abort.signal.aborted) process.exit(130);
        io.stderr('\nstopping; press Ctrl-C again to quit at once\n');
        abort.abort();
      };
      process.on('SIGINT', onSigint);
      // a client library may leave a promise pending with no open handle: never let the process end silently
      const keepAlive = setInterval(() => undefined, 60_000);
      let batchId: string | undefined;
      io.stderr(
        `${opts.dryRun ? 'dry run: ' : ''}delivering ${plan.upc} (ERN ${version}, profile ${profile.name}) to ` +
          `${target.file.name} (${target.label})\n`,
      );
      try {
        const result = await deliver(runtime, [releaseDelivery(plan, { xml: ern.xml, messageId })], {
          profile,
          sender,
          recipients: [recipient],
          resume: opts.resume,
          now: () => date,
          signal: abort.signal,
          onProgress: (p) => view.update(p),
          onEvent: (e) => {
            if (e.type === 'start') batchId = e.batchId;
            view.event(e);
          },
        });
        view.end();
        const sizes = dryRun ? Object.fromEntries(dryRun.getInstance()) : undefined;
        const bytes = plan.resources.reduce((n, r) => n + (r.size ?? 0), 0) + Buffer.byteLength(ern.xml);
        if (opts.json) {
          io.stdout(
            `${JSON.stringify({ delivered: !opts.dryRun, target: target.file.name, profile: profile.name, ernVersion: version, messageId, ...result, ...(sizes && { sizes }) }, null, 2)}\n`,
          );
        } else if (result.alreadyComplete) {
          io.stdout(`batch ${result.batchId} was already complete on ${target.file.name}: nothing sent\n`);
        } else if (opts.dryRun) {
          for (const path of result.files) io.stdout(`${path}\t${sizes?.[path] ?? 0}\n`);
          io.stdout(`dry run: ${result.files.length} files, ${formatBytes(bytes)}; nothing was sent\n`);
        } else {
          io.stdout(
            `delivered ${plan.upc} to ${target.file.name}: ${result.files.length} files, ${formatBytes(bytes)}` +
              `${result.marker ? `, batch ${result.batchId}` : ''}${result.skipped.length ? ` (${result.skipped.length} already there)` : ''}\n`,
          );
        }
        exit(0);
      } catch (error) {
        view.end();
        if (!isDeliveryError(error)) throw error;
        io.stderr(`error: ${error.code}: ${error.message}\n`);
        if (batchId && profile.choreography === 'batch' && profile.marker && !opts.dryRun) {
          io.stderr(`batch ${batchId} has no completion marker; run again with --resume ${batchId} to complete it\n`);
        }
        exit(1);
      } finally {
        process.removeListener('SIGINT', onSigint);
        await runtime.dispose();
        clearInterval(keepAlive);
      }
    });
}

// --- Internal helpers ---

function parties(target: CliTarget, profile: DeliveryProfile, path: string) {
  const check = (field: string, party: MessageParty | undefined): MessageParty => {
    if (!party) throw new CliError(`${path}: ${field}: required ({ "dpid": "PADPIDA…", "name": "…" })`, 1);
    const dpid = checkDpid(party.dpid);
    if (!dpid.valid) throw new CliError(`${path}: ${field}.dpid: ${dpid.message}`, 1);
    return { dpid: dpid.value, name: party.name };
  };
  return {
    sender: check('sender', target.file.sender),
    recipient: check('recipient', target.file.recipient ?? profile.recipients?.[0]),
  };
}
