export class ConnectionTestResultDto {
  ok: boolean;
  /** What the provider said, in plain words. */
  message: string;
}
