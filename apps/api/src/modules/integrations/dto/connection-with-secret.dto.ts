import { ConnectionDto } from './connection.dto';

// A connection as created or after a secret rotation.
export class ConnectionWithSecretDto extends ConnectionDto {
  /** The webhook source's signing secret (`whsec_...`). Shown this once only. */
  secret?: string;
}
