export class ZohoAuthorizationUrlDto {
  /** Zoho's sign-in and consent page; send the browser there. Valid for 10 minutes, once. */
  url: string;
}
