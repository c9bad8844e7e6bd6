import { Module } from '@nestjs/common';

// API keys for integrators.
@Module({
  controllers: [],
  providers: [],
})
export class ApiKeysModule {}
