/** A provider's endpoint check answered at once (Zoom's `endpoint.url_validation`); nothing is stored. */
export class WebhookHandshakeDto {
  plainToken: string;
  /** Hex HMAC-SHA256 of plainToken under the connection's webhook secret token. */
  encryptedToken: string;
}
