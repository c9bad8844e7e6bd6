export class ImportAcceptedDto {
  /** Follow the import at GET /leads/imports/{id}. */
  id: string;
}
