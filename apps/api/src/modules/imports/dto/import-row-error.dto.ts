export class ImportRowErrorDto {
  /** Row as a spreadsheet shows it: the header is row 1. */
  row: number;
  message: string;
}
