import { Module } from '@nestjs/common';
import { RUNTIME, type Runtime } from '../../config/runtime';
import { AuthModule } from '../auth/auth.module';
import { LiveEventIds } from './live-event-ids';
import { LiveEventsController } from './live-events.controller';
import { LiveEventsPurgeJob } from './live-events-purge.job';
import { LiveEventsRepository } from './live-events.repository';
import { LiveEventsService } from './live-events.service';
import { LiveHub } from './live-hub.service';
import { LiveListener } from './live-listener.service';

// Live updates: lead changes announced by triggers and PostgreSQL notifications, streamed to clients
// as Server-Sent Events by every API process.
@Module({
  imports: [AuthModule],
  controllers: [LiveEventsController],
  providers: [
    LiveEventsService,
    LiveHub,
    LiveListener,
    LiveEventsRepository,
    LiveEventsPurgeJob,
    // Keyed from ENCRYPTION_KEY, so every replica hands out and understands the same ids.
    { provide: LiveEventIds, inject: [RUNTIME], useFactory: (runtime: Runtime) => new LiveEventIds(runtime.secrets.encryptionKey) },
  ],
})
export class LiveEventsModule {}
