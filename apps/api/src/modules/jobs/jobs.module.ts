import { Global, Module } from '@nestjs/common';
import { JobsService } from './jobs.service';

// Durable background jobs in PostgreSQL (pg-boss, schema `pgboss`), available to every module.
@Global()
@Module({
  providers: [JobsService],
  exports: [JobsService],
})
export class JobsModule {}
