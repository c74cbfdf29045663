import { createDeliveryRuntime, type ProbeStep, probeEndpoint, probeTarget } from '@ddex/delivery-transports';
import type { Command } from 'commander';
import { readTargetFile } from '../delivery/target-file';
import type { CliIo } from '../io';
import type { ExitCodeSink } from '../program';

const SAYS: Record<ProbeStep['step'], string> = {
  resolve: 'look up the host',
  reach: 'reach its port',
  connect: 'connect and log in',
  mkdir: 'create a folder',
  write: 'write a file',
  stat: 'check its size',
  read: 'read it back',
  list: 'list the folder',
  remove: 'delete it',
};

/**
 * `ddex-distro target test <target.json>`: connects, writes a probe file, reads it back and deletes it, and prints
 * what works and what does not. Exit 0 when the target can take deliveries, 1 when it cannot, 2 when the file
 * cannot be read.
 */
export function registerTargetTest(target: Command, io: CliIo, exit: ExitCodeSink): void {
  target
    .command('test')
    .description('connect to a delivery target, write, read back and delete a probe file, and say what works')
    .argument('<target.json>', 'delivery target: the object /api/delivery-targets takes')
    .option('--folder <dir>', 'folder for the probe file, relative to the target directory', '.ddex-probe')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { folder: string; json?: boolean }) => {
      const t = await readTargetFile(file);
      const runtime = createDeliveryRuntime(await t.transport(), { retries: 1, minTimeout: 200 });
      try {
        if (!opts.json) io.stderr(`testing ${t.file.name} (${t.label})\n`);
        const endpoint = probeEndpoint(t.file.protocol, t.file as unknown as Record<string, unknown>);
        const result = await probeTarget(runtime, { folder: opts.folder, endpoint });
        if (opts.json) {
          io.stdout(`${JSON.stringify({ target: t.file.name, url: t.label, ...result }, null, 2)}\n`);
        } else {
          for (const s of result.steps) {
            const mark = s.outcome === 'ok' ? 'ok     ' : s.outcome === 'failed' ? 'FAILED ' : 'skipped';
            const detail = s.detail ? `  ${s.detail}` : '';
            io.stdout(`${mark} ${SAYS[s.step].padEnd(18)} ${String(s.ms).padStart(5)} ms${detail}\n`);
          }
          const failed = result.steps.filter((s) => s.outcome === 'failed').map((s) => SAYS[s.step]);
          io.stdout(
            result.ok
              ? `${t.file.name}: ready for deliveries${failed.length ? ` (but cannot ${failed.join(', ')})` : ''}\n`
              : `${t.file.name}: NOT ready for deliveries: cannot ${failed.join(', ') || 'connect'}\n`,
          );
        }
        exit(result.ok ? 0 : 1);
      } finally {
        await runtime.dispose();
      }
    });
}
