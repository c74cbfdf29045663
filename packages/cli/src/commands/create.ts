import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { CliError, type CliIo } from '../io';
import type { ExitCodeSink } from '../program';
import { firebaseTemplate } from './firebase';
import { findWebApp, readWebApp } from './web-app';

/** Project templates of `ddex-distro create`. */
export const CREATE_TEMPLATES = ['sqlite', 'postgres', 'firebase'] as const;
/** A project template. */
export type CreateTemplate = (typeof CREATE_TEMPLATES)[number];

/**
 * Versions of the published packages a new project depends on: the workspace's own (a test keeps them equal to the
 * packages' package.json files).
 */
export const SCAFFOLD_VERSIONS = {
  '@ddex/cli': '^0.1.0',
  '@ddex/adapter-sqlite': '^0.1.0',
  '@ddex/adapter-postgres': '^0.1.0',
  '@ddex/adapter-firebase': '^0.1.0',
} as const;

/** Why `create` refused: `DIR_NOT_EMPTY` (the folder has files), `NOT_A_DIRECTORY`, `BAD_OPTION`, `WRITE_FAILED`. */
export type CreateErrorCode = 'DIR_NOT_EMPTY' | 'NOT_A_DIRECTORY' | 'BAD_OPTION' | 'WRITE_FAILED';

/** A refused or failed `ddex-distro create`; nothing was left behind. */
export class CreateProjectError extends CliError {
  readonly code: CreateErrorCode;
  /** the project folder, absolute */
  readonly dir: string;
  constructor(code: CreateErrorCode, dir: string, message: string, options?: { cause?: unknown }) {
    super(message, code === 'WRITE_FAILED' ? 1 : 2, options);
    this.name = 'CreateProjectError';
    this.code = code;
    this.dir = dir;
  }
}

/** Options of {@link createProject}. */
export interface CreateProjectOptions {
  /**
   * The store the project runs on.
   * @default 'sqlite'
   */
  template?: CreateTemplate;
  /** npm package name (default: from the folder name) */
  name?: string;
  /** firebase: the Firebase project id (required) */
  projectId?: string;
  /** firebase: the Cloud Functions region */
  region?: string;
  /** firebase: the project's Web API key for the web app's config.json (default: Hosting's `/__/firebase/init.json`) */
  apiKey?: string;
  /**
   * firebase: the built web app for Hosting's public folder, or false for the placeholder page. By default the
   * reference app's build: `DDEX_DISTRO_WEB_DIR`, the `linkWorkspace` checkout, or a checkout above the CLI or cwd.
   */
  web?: string | false;
  /**
   * A DDEX Distro checkout whose packages the project depends on through `file:` links instead of the registry
   * (before the packages are published, and for trying a development build).
   */
  linkWorkspace?: string;
}

/** What {@link createProject} wrote. */
export interface CreatedProject {
  /** the project folder, absolute */
  dir: string;
  /** the npm package name */
  name: string;
  /** paths written, relative to `dir`, sorted */
  files: string[];
  /** firebase: the folder of the web app shipped in `web/dist`, or null when it got the placeholder page */
  web?: string | null;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A valid npm package name from a folder name. */
export function packageNameFor(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|[-]+$/g, '')
    .slice(0, 214);
  return name || 'ddex-distro-label';
}

const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

// Placeholder parties: valid DPIDs (the demo's), to replace with the label's own and the DSP's.
const SENDER = { dpid: 'PADPIDA20270101016', name: 'Your Label' };
const FOLDER_DSP = { dpid: 'PADPIDA20270101024', name: 'Folder DSP' };

/** The example delivery targets: the object `/api/delivery-targets` takes and `ddex-distro deliver --target` reads. */
export function exampleTargets(): Record<string, unknown> {
  return {
    'targets/folder-dsp.json': {
      id: 'folder-dsp',
      name: 'Folder DSP (local test)',
      type: 'Test',
      protocol: 'FILESYSTEM',
      config: { directory: 'folder-dsp', deliveryProfile: 'generic-batch' },
      sender: SENDER,
      recipient: FOLDER_DSP,
      requirements: { ernVersion: '4.3' },
      testMode: true,
    },
    'targets/sftp-dsp.example.json': {
      id: 'sftp-dsp',
      name: 'Example DSP (SFTP)',
      type: 'DSP',
      protocol: 'SFTP',
      active: false,
      config: {
        host: 'sftp.dsp.example',
        port: 22,
        username: 'your-label',
        passwordEnv: 'DSP_SFTP_PASSWORD',
        hostFingerprint: 'SHA256:REPLACE-WITH-THE-HOST-KEY-FINGERPRINT-THE-DSP-GAVE-YOU',
        directory: 'inbox',
        deliveryProfile: 'generic-batch',
      },
      sender: SENDER,
      recipient: { dpid: 'PADPIDA20270101024', name: 'Example DSP' },
      requirements: { ernVersion: '4.3' },
    },
  };
}

function envExample(template: CreateTemplate, secretKey?: string): string {
  const lines = [
    '# Settings of `npm start` (ddex-distro serve --env-file .env). Variables set in the environment win over this',
    '# file. .env is kept out of git: it holds secrets; this file documents them.',
    '',
    '# Master key that encrypts delivery-target secrets (passwords, keys, tokens) at rest: 32 random bytes as base64',
    '# (openssl rand -base64 32) or a long passphrase. Back it up apart from the data: without it stored target',
    '# secrets cannot be read. Unset: a key is generated into <data>/secret.key (then back up that file).',
    `DDEX_DISTRO_SECRET_KEY=${secretKey ?? ''}`,
    '',
    '# A fixed admin API key for the first tenant (at least 24 characters; send it as Authorization: Bearer ...).',
    '# Unset: an admin key is generated on first start and printed once.',
    '# DDEX_DISTRO_ADMIN_KEY=',
    '',
  ];
  if (template === 'postgres') {
    lines.push(
      '# The shared PostgreSQL database: API and worker processes on several machines use the same one.',
      'DDEX_DISTRO_DATABASE_URL=postgres://ddex:change-me@localhost:5432/ddex_distro',
      '',
      '# Uploaded audio and artwork: an S3 bucket (AWS, MinIO, Ceph...) shared by every process; unset: files stay',
      '# under DDEX_DISTRO_DATA on this machine. Credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the SDK chain.',
      '# DDEX_DISTRO_S3_BUCKET=',
      '# DDEX_DISTRO_S3_ENDPOINT=',
      '# DDEX_DISTRO_S3_REGION=us-east-1',
      '# DDEX_DISTRO_S3_PREFIX=',
      '',
    );
  }
  lines.push(
    template === 'postgres'
      ? '# Local files of this process (the secret.key fallback, FILESYSTEM targets, assets without S3).'
      : '# Where the data lives: the SQLite database, uploaded assets, FILESYSTEM target folders (under dsp/).',
    'DDEX_DISTRO_DATA=./.ddex-distro',
    '',
    '# HTTP port and address (0.0.0.0 to accept connections from other machines, behind TLS).',
    'DDEX_DISTRO_PORT=8080',
    'DDEX_DISTRO_HOST=127.0.0.1',
    '',
    '# Delivery worker loops in this process (0: API only).',
    'DDEX_DISTRO_WORKERS=1',
    '',
    '# ERN message sender when a release has no label DPID: DPID:Name.',
    `# DDEX_DISTRO_SENDER=${SENDER.dpid}:${SENDER.name}`,
    '',
    '# DDEX XSD folder for offline validation (POST /api/releases/:id/validate).',
    '# DDEX_SCHEMA_DIR=',
    '',
    '# trace, debug, info, warn, error',
    '# LOG_LEVEL=info',
  );
  return `${lines.join('\n')}\n`;
}

const GITIGNORE = `node_modules/
# the service's data: database, uploads, secret.key
.ddex-distro/
# secrets
.env
*.log
`;

function targetsReadme(): string {
  return `# Delivery targets

Each file here is one delivery target, in the form both \`POST /api/delivery-targets\` and
\`ddex-distro deliver --target <file>\` take.

- \`folder-dsp.json\`: a filesystem "DSP" for trying deliveries locally. The service writes under
  \`<DDEX_DISTRO_DATA>/dsp/folder-dsp\`; \`ddex-distro deliver\` writes to \`targets/folder-dsp\` (relative to this file).
- \`sftp-dsp.example.json\`: a real DSP over SFTP, switched off (\`"active": false\`) until you fill it in: the host,
  your username, the host key fingerprint the DSP gives you (\`SHA256:...\`), the recipient's DDEX Party ID, and the
  password. Copy it to \`<dsp>.json\` and set \`"active": true\`.

Passwords and keys:

- \`ddex-distro deliver\` reads \`passwordEnv\` (and \`passphraseEnv\`, \`secretAccessKeyEnv\`, \`auth.tokenEnv\`) from
  the environment, so the file holds no secret: \`DSP_SFTP_PASSWORD=... npx ddex-distro deliver ...\`.
- The service never reads the server's environment for a target (a tenant could otherwise name any server
  variable): replace \`passwordEnv\` with \`"password": "..."\` (or \`privateKey\`) in the request body. The service
  encrypts it at rest with \`DDEX_DISTRO_SECRET_KEY\` and never returns it.

\`sender\` is your DDEX Party ID (DPID) and name, written into each ERN message by \`ddex-distro deliver\`; the service
takes it from the release's label DPID or \`DDEX_DISTRO_SENDER\` and ignores the field. Replace the placeholder
DPIDs with your own and each DSP's.

Add a target to the running service:

\`\`\`sh
curl -X POST http://127.0.0.1:8080/api/delivery-targets \\
  -H "Authorization: Bearer $DDEX_DISTRO_ADMIN_KEY" -H 'Content-Type: application/json' \\
  --data @targets/folder-dsp.json
\`\`\`
`;
}

function projectReadme(name: string, template: CreateTemplate): string {
  const store =
    template === 'postgres'
      ? 'PostgreSQL (`DDEX_DISTRO_DATABASE_URL`), with uploads in S3 or under `DDEX_DISTRO_DATA`'
      : 'SQLite and local files under `.ddex-distro/`';
  const scaling =
    template === 'postgres'
      ? `
## Several machines

Every process started with the same \`DDEX_DISTRO_DATABASE_URL\` (and S3 bucket) shares the catalog and the delivery
queue: run \`npm start\` on as many machines as you need, \`DDEX_DISTRO_WORKERS=0\` for API-only processes behind a
load balancer and more worker loops elsewhere. Every process needs the same \`DDEX_DISTRO_SECRET_KEY\`.
`
      : `
## Backups

Everything is under \`DDEX_DISTRO_DATA\` (default \`.ddex-distro/\`): \`catalog.db\` (SQLite, back it up with
\`sqlite3 .ddex-distro/catalog.db ".backup backup.db"\` while running), \`assets/\` and, when
\`DDEX_DISTRO_SECRET_KEY\` is not set, \`secret.key\`. Keep the secret key apart from the data.
`;
  return `# ${name}

A DDEX distribution service for your label, run with [DDEX Distro](https://www.npmjs.com/package/@ddex/cli): a REST
API for your catalog, ERN messages generated and validated, and delivery workers sending releases to DSPs. Data:
${store}.

## Start

\`\`\`sh
npm install
npm start
\`\`\`

\`npm start\` runs \`ddex-distro serve --env-file .env\`. On first start it creates your tenant and prints an admin
API key once (or uses \`DDEX_DISTRO_ADMIN_KEY\`): keep it. Then:

\`\`\`sh
curl http://127.0.0.1:8080/api/health
curl -H "Authorization: Bearer <admin key>" http://127.0.0.1:8080/api/releases
\`\`\`

The API is described at \`/api/openapi.json\`.

## Files

- \`.env\`: your settings and secrets (not in git); \`.env.example\` documents every variable.
- \`targets/\`: example delivery targets (see \`targets/README.md\`).
- \`package.json\`: the DDEX Distro packages; \`npm update\` upgrades them (database migrations run on start).

## Everyday commands

\`\`\`sh
npx ddex-distro import catalog.csv --data .ddex-distro      # bulk-load releases (JSON, JSON lines, CSV)
npx ddex-distro release validate release.json               # check a release
npx ddex-distro ern generate release.json --version 4.3     # write its ERN message
npx ddex-distro deliver release.json --assets ./assets --target targets/folder-dsp.json --dry-run
npx ddex-distro --help
\`\`\`
${scaling}`;
}

function localFiles(name: string, template: 'sqlite' | 'postgres'): Record<string, string> {
  const store = template === 'postgres' ? '@ddex/adapter-postgres' : '@ddex/adapter-sqlite';
  return {
    'package.json': json({
      name,
      version: '0.1.0',
      private: true,
      description: `DDEX distribution service of ${name} (DDEX Distro on ${template === 'postgres' ? 'PostgreSQL' : 'SQLite'})`,
      type: 'module',
      engines: { node: '>=20.19' },
      scripts: {
        start: 'ddex-distro serve --env-file .env',
        'start:api': 'ddex-distro serve --env-file .env --workers 0',
        deliver: 'ddex-distro deliver',
        import: 'ddex-distro import',
      },
      dependencies: {
        '@ddex/cli': SCAFFOLD_VERSIONS['@ddex/cli'],
        [store]: SCAFFOLD_VERSIONS[store],
      },
    }),
    '.env.example': envExample(template),
    // the working copy: a fresh master key, so `npm install && npm start` runs with secrets encrypted from the start
    '.env': envExample(template, randomBytes(32).toString('base64')),
    '.gitignore': GITIGNORE,
    'README.md': projectReadme(name, template),
  };
}

/** Package name → folder of every package in a DDEX Distro checkout. */
function workspacePackages(root: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const group of ['packages', 'adapters']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base)) {
      try {
        const pkg = JSON.parse(readFileSync(join(base, entry, 'package.json'), 'utf8')) as { name?: string };
        if (pkg.name) found.set(pkg.name, join(base, entry));
      } catch {
        // not a package
      }
    }
  }
  return found;
}

/** Points every `@ddex/*` dependency of the package.json files at the checkout's folders (`file:` links). */
function linkToWorkspace(files: Record<string, string | Uint8Array>, root: string, dir: string): void {
  const packages = workspacePackages(root);
  if (!packages.has('@ddex/cli')) {
    throw new CreateProjectError('BAD_OPTION', dir, `--link-workspace: ${root} is not a DDEX Distro checkout`);
  }
  for (const [path, text] of Object.entries(files)) {
    if (basename(path) !== 'package.json') continue;
    const pkg = JSON.parse(String(text)) as Record<string, Record<string, string> | undefined>;
    for (const field of ['dependencies', 'devDependencies']) {
      const deps = pkg[field];
      if (!deps) continue;
      for (const name of Object.keys(deps)) {
        const folder = packages.get(name);
        if (name.startsWith('@ddex/') && folder) deps[name] = `file:${folder}`;
      }
    }
    files[path] = json(pkg);
  }
}

async function isEmptyDir(dir: string): Promise<boolean | 'missing'> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw new CreateProjectError('WRITE_FAILED', dir, `cannot read ${dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!info.isDirectory()) throw new CreateProjectError('NOT_A_DIRECTORY', dir, `${dir} exists and is not a folder`);
  return (await readdir(dir)).length === 0;
}

/**
 * Scaffolds a label's own DDEX Distro project in `dir` (which must not exist or be empty): package.json on the
 * published packages with `npm start` running the service, `.env.example` and `.env`, example delivery targets, a
 * README and a .gitignore. Everything is written into a temporary folder beside `dir` and renamed into place, so a
 * failure leaves nothing behind.
 */
export async function createProject(dir: string, options: CreateProjectOptions = {}): Promise<CreatedProject> {
  const target = resolve(dir);
  const template = options.template ?? 'sqlite';
  if (!CREATE_TEMPLATES.includes(template)) {
    throw new CreateProjectError(
      'BAD_OPTION',
      target,
      `unknown template "${template}" (${CREATE_TEMPLATES.join(', ')})`,
    );
  }
  const name = options.name ?? packageNameFor(target);
  if (!NPM_NAME.test(name)) throw new CreateProjectError('BAD_OPTION', target, `"${name}" is not a valid npm name`);
  const empty = await isEmptyDir(target);
  if (empty === false) {
    throw new CreateProjectError(
      'DIR_NOT_EMPTY',
      target,
      `${target} is not empty: create a project in a new or empty folder`,
    );
  }

  let files: Record<string, string | Uint8Array>;
  let web: string | null | undefined;
  if (template === 'firebase') {
    if (!options.projectId)
      throw new CreateProjectError('BAD_OPTION', target, '--template firebase needs --project <id>');
    files = await firebaseTemplate({
      name,
      projectId: options.projectId,
      region: options.region,
      apiKey: options.apiKey,
    });
    web = options.web === false ? null : (findWebApp({ web: options.web, checkout: options.linkWorkspace }) ?? null);
    if (web !== null) Object.assign(files, hostingFiles(web, target));
    files['README.md'] ??=
      `# ${name}\n\nDDEX Distro on Firebase. \`npm run emulators\` runs it locally, \`npm run deploy\` deploys it.\nDelivery targets: see \`targets/README.md\`.\n`;
  } else {
    files = localFiles(name, template);
  }
  for (const [path, value] of Object.entries(exampleTargets())) files[path] = json(value);
  files['targets/README.md'] = targetsReadme();
  if (options.linkWorkspace) linkToWorkspace(files, resolve(options.linkWorkspace), target);

  const parent = dirname(target);
  let staging: string | undefined;
  try {
    await mkdir(parent, { recursive: true });
    staging = await mkdtemp(join(parent, `.${basename(target)}.creating-`));
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await writeFile(join(staging, path), content, path === '.env' ? { mode: 0o600 } : undefined);
    }
    await chmod(staging, 0o755);
    // an empty folder is replaced; one that gained files meanwhile makes rename fail (ENOTEMPTY)
    if (empty === true) await rmdir(target);
    await rename(staging, target);
    staging = undefined;
  } catch (error) {
    if (error instanceof CreateProjectError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST') {
      throw new CreateProjectError('DIR_NOT_EMPTY', target, `${target} is not empty: it was written to meanwhile`, {
        cause: error,
      });
    }
    throw new CreateProjectError('WRITE_FAILED', target, `cannot create ${target}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
  }
  return { dir: target, name, files: Object.keys(files).sort(), ...(web !== undefined ? { web } : {}) };
}

/** The built web app as Hosting's public folder (`web/dist/...`); the template's config.json stays. */
function hostingFiles(web: string, target: string): Record<string, Uint8Array> {
  let app: Record<string, Uint8Array>;
  try {
    app = readWebApp(web);
  } catch (error) {
    throw new CreateProjectError('BAD_OPTION', target, `--web: ${(error as Error).message}`, { cause: error });
  }
  return Object.fromEntries(Object.entries(app).map(([path, bytes]) => [`web/dist/${path}`, bytes]));
}

/** `ddex-distro create <dir>`: a label's own project, whose `npm install && npm start` runs the service. */
export function registerCreate(program: Command, io: CliIo, exit: ExitCodeSink): void {
  program
    .command('create <dir>')
    .description("scaffold a label's own DDEX Distro project: package.json, settings, example targets, README")
    .addOption(
      new Option('--template <store>', 'what the project runs on').choices([...CREATE_TEMPLATES]).default('sqlite'),
    )
    .option('--name <name>', 'npm package name (default: the folder name)')
    .option('--project <id>', 'firebase: the Firebase project id')
    .option('--region <region>', 'firebase: the Cloud Functions region')
    .option('--api-key <key>', "firebase: the Web API key for the web app (default: Hosting's /__/firebase/init.json)")
    .option('--web <dir>', 'firebase: the built web app for Hosting (default: the reference app build)')
    .option('--no-web', 'firebase: a placeholder page instead of the web app')
    .option('--link-workspace <checkout>', 'depend on a DDEX Distro checkout (file: links) instead of the registry')
    .action(
      async (
        dir: string,
        o: {
          template: CreateTemplate;
          name?: string;
          project?: string;
          region?: string;
          apiKey?: string;
          web?: string | boolean;
          linkWorkspace?: string;
        },
      ) => {
        const created = await createProject(dir, {
          template: o.template,
          name: o.name,
          projectId: o.project,
          region: o.region,
          apiKey: o.apiKey,
          web: o.web === false ? false : typeof o.web === 'string' ? o.web : undefined,
          linkWorkspace: o.linkWorkspace,
        });
        const listed = created.files.filter((f) => !f.startsWith('web/dist/assets/'));
        io.stdout(`created ${created.dir} (${o.template}):\n${listed.map((f) => `  ${f}\n`).join('')}`);
        if (created.web) io.stdout(`\nweb app (Hosting, web/dist): ${created.web}\n`);
        else if (created.web === null)
          io.stdout(
            `\nweb/dist holds a placeholder page: no built web app was found (npm run build -w examples/reference-app in a DDEX Distro checkout, then --web <dir>)\n`,
          );
        const start = o.template === 'firebase' ? 'npm run emulators' : 'npm start';
        io.stdout(`\nnext:\n  cd ${dir}\n  npm install\n  ${start}\n`);
        exit(0);
      },
    );
}
