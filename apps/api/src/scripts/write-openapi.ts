import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { applyRouting, createAdapter } from '../bootstrap/create-app';
import { loadConfig } from '../config/load-config';
import { buildOpenApiDocument } from '../openapi/openapi-document';

// Prints the OpenAPI document without a database or a listening port: preview mode builds the module
// graph and routes but instantiates no provider, so nothing connects anywhere.
async function main(): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'test' });
  const runtime = {
    databaseUrl: 'postgres://unused@127.0.0.1:1/unused',
    ownerDatabaseUrl: 'postgres://unused@127.0.0.1:1/unused',
    secrets: { jwtSecret: 'x'.repeat(32), encryptionKey: Buffer.alloc(32), embeddedPostgresPassword: 'unused', backupEncryptionKey: Buffer.alloc(32), privacyHashKey: Buffer.alloc(32) },
  };
  const app = await NestFactory.create(AppModule.register(config, runtime), createAdapter(config.app), {
    preview: true,
    logger: false,
  });
  applyRouting(app);
  const document = buildOpenApiDocument(app);
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  await app.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`openapi: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
