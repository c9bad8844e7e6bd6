import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { credentialOf } from '../../common/auth/credential';
import type { ApiKeyPrincipal } from '../../common/auth/principal';
import { PrincipalResolver } from './principal-resolver.service';
import { RequestStrategy } from './request.strategy';

export const API_KEY_STRATEGY = 'api-key';

// An integration's API key, from X-API-Key or a bearer with the key prefix.
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(RequestStrategy, API_KEY_STRATEGY) {
  constructor(private readonly resolver: PrincipalResolver) {
    super();
  }

  async validate(request: FastifyRequest): Promise<ApiKeyPrincipal | null> {
    const credential = credentialOf(request);
    return credential?.kind === 'api_key' ? this.resolver.fromApiKey(credential.value) : null;
  }
}
