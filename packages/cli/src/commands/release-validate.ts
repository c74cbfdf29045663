import { parseRelease, type Release } from '@ddex/ern-model';
import type { Command } from 'commander';
import { type CliIo, readJson } from '../io';
import type { ExitCodeSink } from '../program';

/** Prints a short summary of a valid release: what a label manager checks at a glance. */
export function summarizeRelease(release: Release): string {
  const m = release.metadata;
  const discs = new Set(release.tracks.map((t) => t.discNumber)).size;
  const seconds = release.tracks.reduce((sum, t) => sum + t.metadata.duration, 0);
  const minutes = `${Math.floor(seconds / 60)}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
  const territories =
    release.territories.included.join(', ') +
    (release.territories.excluded.length > 0 ? ` except ${release.territories.excluded.join(', ')}` : '');
  return [
    `${release.type} "${m.title}" by ${m.displayArtist} (${m.label}${m.catalogNumber ? `, ${m.catalogNumber}` : ''})`,
    `  identifiers: ${[m.barcode && `UPC/EAN ${m.barcode}`, m.grid && `GRid ${m.grid}`].filter(Boolean).join(', ') || 'none'}`,
    `  release date: ${m.releaseDate}; ${release.tracks.length} track(s) on ${discs} disc(s), ${minutes}`,
    `  assets: ${release.assets.audio.length} audio, ${release.assets.images.length} image(s), ${release.assets.videos.length} video(s)`,
    `  territories: ${territories}; models: ${release.rights.commercialModels.join(', ')}; uses: ${release.rights.useTypes.join(', ')}`,
    `  ERN ${release.ddex.version}${release.ddex.profile ? ` (${release.ddex.profile} profile)` : ''}`,
  ].join('\n');
}

/** `ddex-distro release validate <file.json>`: exit 0 and `valid`, or exit 1 and one line per issue. */
export function registerReleaseValidate(release: Command, io: CliIo, exit: ExitCodeSink): void {
  release
    .command('validate')
    .description('check a release JSON file against the model and its cross-field rules')
    .argument('<file.json>', 'release in the JSON import format (- for stdin)')
    .option('--summary', 'print a summary of the release when it is valid')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { summary?: boolean; json?: boolean }) => {
      const result = parseRelease(await readJson(file, io));
      if (opts.json) {
        io.stdout(
          `${JSON.stringify(result.success ? { valid: true, warnings: result.warnings } : { valid: false, issues: result.issues }, null, 2)}\n`,
        );
        exit(result.success ? 0 : 1);
        return;
      }
      if (!result.success) {
        for (const issue of result.issues) io.stdout(`${issue.path}: ${issue.code}: ${issue.message}\n`);
        exit(1);
        return;
      }
      for (const warning of result.warnings)
        io.stderr(`warning: ${warning.path}: ${warning.code}: ${warning.message}\n`);
      io.stdout('valid\n');
      if (opts.summary) io.stdout(`${summarizeRelease(result.data)}\n`);
      exit(0);
    });
}
