import { Global, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { appConfig, type AppConfig } from '../../config/app.config';
import { JobsService, runsWorkers } from './jobs.service';

// Durable background jobs in PostgreSQL (pg-boss, schema `pgboss`), available to every module. Periodic
// jobs tick with @Interval, which only enqueues (JobsService.enqueueTick) and only where workers run.
@Global()
@Module({
  imports: [
    ScheduleModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (app: AppConfig) => ({ intervals: runsWorkers(app), cronJobs: false, timeouts: false }),
    }),
  ],
  providers: [JobsService],
  exports: [JobsService],
})
export class JobsModule {}
