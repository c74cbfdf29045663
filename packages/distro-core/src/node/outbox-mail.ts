import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServiceLogger } from '../options';
import type { MailMessage, MailSender } from '../services/mail';

/** The message as an RFC 5322 file (what a mail client opens, or `sendmail -t < file` sends). */
function toEml(message: MailMessage, date: Date): string {
  return [
    `To: ${message.to}`,
    `Subject: ${message.subject}`,
    `Date: ${date.toUTCString()}`,
    `X-DDEX-Distro-Mail: ${message.kind}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    message.text,
    '',
  ].join('\r\n');
}

/**
 * A {@link MailSender} for a server without a mail service: each message becomes an `.eml` file in `dir` (created
 * mode 0700, files 0600: a reset link is a credential), written to a temporary name and renamed, so a reader never
 * sees half a mail. The log names the file and the recipient, never the link. An operator hands the link on, or
 * points a mail relay at the folder.
 * @example
 * createDistroServices({ store, keys, mailer: outboxMailSender(join(dataDir, 'outbox'), logger) })
 */
export function outboxMailSender(dir: string, logger: ServiceLogger): MailSender {
  return {
    async send(message) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const now = new Date();
      const name = `${now.toISOString().replace(/[:.]/g, '-')}-${message.kind}-${randomUUID().slice(0, 8)}.eml`;
      const temp = join(dir, `.${name}.tmp`);
      await writeFile(temp, toEml(message, now), { mode: 0o600 });
      await rename(temp, join(dir, name));
      logger.info?.({ mail: message.kind, to: message.to, file: join(dir, name) }, 'mail written to the outbox');
    },
  };
}
