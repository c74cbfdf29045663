import type { ServiceLogger } from '../options';

/** One e-mail the service sends (today only password-reset links). */
export interface MailMessage {
  /** what the mail is for, so a sender can pick a template */
  kind: 'password-reset';
  /** recipient address */
  to: string;
  /** subject line */
  subject: string;
  /** plain-text body */
  text: string;
  /** the link the mail is about (the reset page with its single-use token) */
  link: string;
}

/** Sends the service's e-mails: plug in SMTP or a mail API; the default writes to the server log. */
export interface MailSender {
  /** Sends one message; a rejection is logged, never shown to the requester. */
  send(message: MailMessage): Promise<void>;
}

/**
 * The default {@link MailSender} when none is configured: nothing can be delivered, so it says so in the server
 * log at `warn` (kind and recipient only). The link is never logged: its token is a credential, and logs travel
 * further than mail. `ddex-distro serve` plugs in `outboxMailSender` from `@ddex/distro-core/node` instead.
 */
export function undeliveredMailSender(logger: ServiceLogger): MailSender {
  return {
    async send(message) {
      logger.warn?.(
        { mail: message.kind, to: message.to },
        `no mail sender configured: the ${message.kind} mail for ${message.to} was not sent`,
      );
    },
  };
}
