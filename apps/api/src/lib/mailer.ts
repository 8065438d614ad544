import type { Logger } from '@bmm/logger';
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The one link the message is about (verification), so the log mailer can show it. */
  link?: string;
}

/**
 * Sends the platform's email. `delivery` tells the web what to say: `email` ("check your inbox")
 * or `server_log` ("check the server log"), when no SMTP server is configured.
 */
export interface Mailer {
  readonly delivery: 'email' | 'server_log';
  send(message: MailMessage): Promise<void>;
  close?(): void;
}

/** Real SMTP through nodemailer (`smtp://` with STARTTLS when offered, `smtps://` for implicit TLS). */
export function createSmtpMailer(options: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(options.url);
  return {
    delivery: 'email',
    async send(message) {
      await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
    },
    close: () => transport.close(),
  };
}

/**
 * Without SMTP_URL: writes the message to the log, one entry with an `outbox` object, so a local
 * operator can follow the link (`pnpm start` prints it in its own voice). Never used when SMTP is set.
 */
export function createLogMailer(logger: Logger): Mailer {
  return {
    delivery: 'server_log',
    async send(message) {
      logger.info(
        { outbox: { to: message.to, subject: message.subject, link: message.link ?? null } },
        'email not sent (SMTP_URL is unset); its link is in this log entry',
      );
    },
  };
}
