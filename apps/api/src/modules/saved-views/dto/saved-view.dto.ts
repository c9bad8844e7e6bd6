export class SavedViewDto {
  id: string;
  name: string;
  /** The leads page's URL query string, without the leading `?`. */
  query: string;
  createdAt: Date;
  updatedAt: Date;
}
