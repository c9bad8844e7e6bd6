import { ConfigError } from './config.error';
import { loadConfig } from './load-config';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig({});
    expect(config.app).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', NODE_ENV: 'development', DATA_DIR: './.data', BODY_LIMIT: 1048576 });
    expect(config.database.DATABASE_URL).toBeUndefined();
    expect(config.database.MIGRATIONS_RUN).toBe(true);
  });

  it('parses sizes, lists and booleans', () => {
    const config = loadConfig({ BODY_LIMIT: '512kb', CORS_ORIGINS: 'https://a.example.com, https://b.example.com', MIGRATIONS_RUN: 'false' });
    expect(config.app.BODY_LIMIT).toBe(512 * 1024);
    expect(config.app.CORS_ORIGINS).toEqual(['https://a.example.com', 'https://b.example.com']);
    expect(config.database.MIGRATIONS_RUN).toBe(false);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).app.PORT).toBe(3000);
  });

  it('lists every problem in one error', () => {
    expect(() => loadConfig({ PORT: '70000', BODY_LIMIT: 'lots', NODE_ENV: 'staging' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: '70000', BODY_LIMIT: 'lots', NODE_ENV: 'staging' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT must be at most 65535 (got "70000")');
      expect(message).toContain('BODY_LIMIT must be a size');
      expect(message).toContain('NODE_ENV');
      expect(message).not.toContain('\n');
    }
  });

  it('never echoes secret values', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short-secret-value' })).toThrow(/JWT_SECRET must be at least 32 characters$/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).toThrow(/DATABASE_URL must be a postgres/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' })).not.toThrow(/hunter2/);
  });

  it('requires secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required.*ENCRYPTION_KEY is required/);
    const key = Buffer.alloc(32, 1).toString('base64');
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ENCRYPTION_KEY: key }).app.NODE_ENV).toBe('production');
  });

  it('requires a backup key for scheduled backups in production, and checks the cron expressions', () => {
    const key = Buffer.alloc(32, 1).toString('base64');
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ENCRYPTION_KEY: key };
    expect(() => loadConfig({ ...production, BACKUP_SCHEDULE: '0 3 * * *' })).toThrow(/BACKUP_ENCRYPTION_KEY is required/);
    expect(loadConfig({ ...production, BACKUP_SCHEDULE: '0 3 * * *', BACKUP_ENCRYPTION_KEY: key }).backup).toMatchObject({ BACKUP_SCHEDULE: '0 3 * * *', BACKUP_KEEP_DAILY: 7, BACKUP_KEEP_WEEKLY: 4 });
    expect(() => loadConfig({ BACKUP_SCHEDULE: 'every night' })).toThrow(/BACKUP_SCHEDULE must be a cron expression/);
    expect(() => loadConfig({ BACKUP_ENCRYPTION_KEY: 'short' })).toThrow(/BACKUP_ENCRYPTION_KEY must be 32 bytes/);
  });
});
