import { Logger } from '@nestjs/common';
import { createServer, type Server, type Socket } from 'node:net';
import type { AppConfig } from '../../config/app.config';
import type { MailConfig } from '../../config/mail.config';
import { MailerService } from './mailer.service';

const MESSAGE = { to: 'ada@example.com', subject: 'Reset your password', text: 'Open https://leads.example.com/reset-password?token=abc123' };

function mailer(env: AppConfig['NODE_ENV'], smtpUrl?: string): MailerService {
  return new MailerService({ SMTP_URL: smtpUrl, MAIL_FROM: 'Hot Leads <no-reply@example.com>' } as MailConfig, { NODE_ENV: env } as AppConfig);
}

// Just enough SMTP (RFC 5321) to accept one message and keep what was sent.
function fakeSmtp(received: string[]): Server {
  return createServer((socket: Socket) => {
    let inData = false;
    let buffer = '';
    let data = '';
    socket.write('220 fake.test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let eol: number;
      while ((eol = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push(data);
            socket.write('250 queued\r\n');
          } else data += `${line}\n`;
        } else if (/^(EHLO|HELO)/i.test(line)) socket.write('250 fake.test\r\n');
        else if (/^DATA/i.test(line)) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
}

describe('MailerService', () => {
  afterEach(() => jest.restoreAllMocks());

  it('does not send without SMTP_URL, and logs the text only in development', async () => {
    const info = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);

    await expect(mailer('test').send(MESSAGE)).resolves.toEqual({ sent: false });
    await expect(mailer('production').send(MESSAGE)).resolves.toEqual({ sent: false });
    expect(info).not.toHaveBeenCalled();

    await expect(mailer('development').send(MESSAGE)).resolves.toEqual({ sent: false });
    expect(info).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(info.mock.calls[0])).toContain('reset-password?token=abc123');
  });

  it('sends through SMTP when SMTP_URL is set', async () => {
    const received: string[] = [];
    const server = fakeSmtp(received);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const service = mailer('production', `smtp://127.0.0.1:${port}`);
    try {
      await expect(service.send(MESSAGE)).resolves.toEqual({ sent: true });
      expect(received).toHaveLength(1);
      expect(received[0]).toMatch(/^To: ada@example\.com$/m);
      expect(received[0]).toMatch(/^Subject: Reset your password$/m);
      expect(received[0]).toContain('reset-password?token=abc123');
    } finally {
      service.onModuleDestroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reports a failed delivery as not sent instead of throwing', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    // Nothing listens on port 1.
    const service = mailer('production', 'smtp://127.0.0.1:1');
    await expect(service.send(MESSAGE)).resolves.toEqual({ sent: false });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(warn.mock.calls[0])).not.toContain('token=abc123');
    service.onModuleDestroy();
  });
});
