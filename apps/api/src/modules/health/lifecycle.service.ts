import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';

// Readiness turns 503 as soon as shutdown begins, so load balancers stop sending new work.
@Injectable()
export class LifecycleService implements BeforeApplicationShutdown {
  private stopping = false;

  get shuttingDown(): boolean {
    return this.stopping;
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }
}
