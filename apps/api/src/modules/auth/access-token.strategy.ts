import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { credentialOf } from '../../common/auth/credential';
import type { UserPrincipal } from '../../common/auth/principal';
import { PrincipalResolver } from './principal-resolver.service';
import { RequestStrategy } from './request.strategy';

export const ACCESS_TOKEN_STRATEGY = 'access-token';

// A staff session's access token, as a bearer; checked against its session row on every request.
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(RequestStrategy, ACCESS_TOKEN_STRATEGY) {
  constructor(private readonly resolver: PrincipalResolver) {
    super();
  }

  async validate(request: FastifyRequest): Promise<UserPrincipal | null> {
    const credential = credentialOf(request);
    return credential?.kind === 'bearer' ? this.resolver.fromAccessToken(credential.value) : null;
  }
}
