import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { LeadsModule } from '../leads/leads.module';
import { ImportMergeService } from './import-merge.service';
import { ImportReceiverService } from './import-receiver.service';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

// CSV imports of leads: upload streamed into a staging table with COPY, merged by a background job.
@Module({
  imports: [LeadsModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportsRepository, ImportReceiverService, ImportMergeService],
})
export class ImportsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  // The raw CSV parser hands the body over as a stream (nothing is buffered, so BODY_LIMIT does not
  // apply; the import bounds the size itself). Multipart is registered with the other plugins in
  // create-app.ts: registering a plugin this late breaks the error handling of body parsing.
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    if (!fastify.hasContentTypeParser('text/csv')) {
      fastify.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload));
    }
  }
}
