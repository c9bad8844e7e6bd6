import { z } from 'zod';
import { defineConfig, type ConfigOf } from './define-config';
import { envString } from './env-parsers';

export const mailConfig = defineConfig(
  'mail',
  z.object({
    SMTP_URL: envString()
      .refine((v) => /^smtps?:\/\//.test(v) && URL.canParse(v), 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: envString().default('Hot Leads <no-reply@hotleads.local>'),
  }),
);

export type MailConfig = ConfigOf<typeof mailConfig>;
