import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { randomToken, sha256 } from '../../common/crypto/tokens';
import { workspaceBaseUrl } from '../../common/http/public-url';
import { appConfig, type AppConfig } from '../../config/app.config';
import { UserToken } from './user-token.entity';
import { MailerService } from '../mail/mailer.service';

export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

export interface InvitationMail {
  to: string;
  url: string;
  workspace: string;
  invitedBy: string;
  // The address already has an account in another workspace: the email says so, and the person chooses.
  hasAccountElsewhere: boolean;
}

// Invitation tokens: single use, stored as SHA-256, consumed by POST /auth/invitations/accept.
@Injectable()
export class InvitationsService {
  constructor(
    private readonly mailer: MailerService,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  // A fresh token for the user; any earlier invitation of theirs stops working. Runs in the caller's
  // tenant transaction and returns the plain token, which exists nowhere else.
  async issue(m: EntityManager, user: { id: string; tenantId: string }): Promise<string> {
    await m.query(`update user_tokens set used_at = now() where user_id = $1 and purpose = 'invitation' and used_at is null`, [user.id]);
    const token = randomToken();
    await m.insert(UserToken, {
      tenantId: user.tenantId,
      userId: user.id,
      purpose: 'invitation',
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    });
    return token;
  }

  // On the workspace's own host with BASE_DOMAIN set: the session that accepting starts belongs there.
  url(token: string, slug: string): string {
    return `${workspaceBaseUrl(this.app, slug)}/accept-invitation?token=${encodeURIComponent(token)}`;
  }

  // Call after the transaction has committed; the mailer reports failures rather than throwing.
  async send(mail: InvitationMail): Promise<boolean> {
    const result = await this.mailer.send({
      to: mail.to,
      subject: `You are invited to ${mail.workspace} on Hot Leads`,
      text: [
        `${mail.invitedBy} invited you to join the ${mail.workspace} workspace on Hot Leads.`,
        '',
        'Choose your name and password here:',
        mail.url,
        '',
        'The link works once and expires in 7 days. If you did not expect this, ignore this email.',
        ...(mail.hasAccountElsewhere
          ? [
              '',
              'This address already has a Hot Leads account in another workspace, and one address belongs to one',
              'workspace: to join, ask to be invited with another address, or delete your other account first.',
            ]
          : []),
      ].join('\n'),
    });
    return result.sent;
  }
}
