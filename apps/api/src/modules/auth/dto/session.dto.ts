export class SessionDto {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  mfa: boolean;
  /** The session this request is made with. */
  current: boolean;
}
