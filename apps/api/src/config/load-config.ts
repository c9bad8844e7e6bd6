import type { z } from 'zod';
import { appConfig, type AppConfig } from './app.config';
import { authConfig, type AuthConfig } from './auth.config';
import { backupConfig, type BackupConfig } from './backup.config';
import { ConfigError } from './config.error';
import { databaseConfig, type DatabaseConfig } from './database.config';
import { integrationsConfig, type IntegrationsConfig } from './integrations.config';
import { liveConfig, type LiveConfig } from './live.config';
import { mailConfig, type MailConfig } from './mail.config';
import { observabilityConfig, type ObservabilityConfig } from './observability.config';
import { rateLimitConfig, type RateLimitConfig } from './rate-limit.config';
import type { ConfigSection } from './define-config';
import { securityConfig, type SecurityConfig } from './security.config';

export interface Config {
  app: AppConfig;
  database: DatabaseConfig;
  security: SecurityConfig;
  auth: AuthConfig;
  rateLimit: RateLimitConfig;
  mail: MailConfig;
  live: LiveConfig;
  integrations: IntegrationsConfig;
  backup: BackupConfig;
  observability: ObservabilityConfig;
}

export const CONFIG_SECTIONS = [appConfig, databaseConfig, securityConfig, authConfig, rateLimitConfig, mailConfig, liveConfig, integrationsConfig, backupConfig, observabilityConfig] as const;

type Env = Record<string, string | undefined>;

function describe(value: unknown): string {
  if (value === undefined) return 'unset';
  const text = String(value);
  return `got "${text.length > 40 ? `${text.slice(0, 40)}...` : text}"`;
}

function parseSection<S extends z.ZodTypeAny>(section: ConfigSection<S>, env: Env, problems: string[]) {
  const result = section.schema.safeParse(env);
  if (result.success) return result.data as z.output<S>;
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? section.KEY);
    // Secret values are never echoed back.
    const shown = /SECRET|KEY|PASSWORD|URL|EMAIL/.test(name) ? '' : ` (${describe(env[name])})`;
    problems.push(`${name} ${issue.message}${shown}`);
  }
  return undefined;
}

// Parses and validates every variable; throws one ConfigError listing all problems.
export function loadConfig(rawEnv: Env = process.env): Config {
  // `FOO=` in an env file means unset, so the default applies.
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([, v]) => v !== undefined && v !== ''));
  const problems: string[] = [];
  const app = parseSection(appConfig, env, problems);
  const database = parseSection(databaseConfig, env, problems);
  const security = parseSection(securityConfig, env, problems);
  const auth = parseSection(authConfig, env, problems);
  const rateLimit = parseSection(rateLimitConfig, env, problems);
  const mail = parseSection(mailConfig, env, problems);
  const live = parseSection(liveConfig, env, problems);
  const integrations = parseSection(integrationsConfig, env, problems);
  const backup = parseSection(backupConfig, env, problems);
  const observability = parseSection(observabilityConfig, env, problems);
  if (app?.NODE_ENV === 'production' && security) {
    if (!security.JWT_SECRET) problems.push('JWT_SECRET is required when NODE_ENV=production');
    if (!security.ENCRYPTION_KEY) problems.push('ENCRYPTION_KEY is required when NODE_ENV=production');
    // Scheduled backups need a key that lives apart from DATA_DIR, or losing the disk loses the key too.
    if (backup?.BACKUP_SCHEDULE && !backup.BACKUP_ENCRYPTION_KEY) problems.push('BACKUP_ENCRYPTION_KEY is required when NODE_ENV=production and BACKUP_SCHEDULE is set');
  }
  if (problems.length > 0 || !app || !database || !security || !auth || !rateLimit || !mail || !live || !integrations || !backup || !observability) {
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return { app, database, security, auth, rateLimit, mail, live, integrations, backup, observability };
}
