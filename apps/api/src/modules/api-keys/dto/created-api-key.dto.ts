import { ApiKeyDto } from './api-key.dto';

export class CreatedApiKeyDto {
  apiKey: ApiKeyDto;
  /** The full key. Shown only in this response: store it now, it cannot be retrieved later. */
  secret: string;
}
