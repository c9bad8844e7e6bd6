import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

// Every tenant-owned query runs inside one of these transactions. PostgreSQL row-level security reads
// the transaction-local settings, so a query that forgets its tenant filter still sees nothing else.
@Injectable()
export class TenantDb {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(tenantId: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`select set_config('hotleads.tenant_id', $1, true)`, [tenantId]);
      return fn(m);
    });
  }

  // Only for finding a credential before its tenant is known (sign-in by email, refresh token, API key,
  // emailed tokens) and for creating a tenant. Nothing else may use it.
  crossTenant<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`select set_config('hotleads.cross_tenant', 'on', true)`);
      return fn(m);
    });
  }
}
