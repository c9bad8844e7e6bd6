export class RevokedCountDto {
  revoked: number;
}
