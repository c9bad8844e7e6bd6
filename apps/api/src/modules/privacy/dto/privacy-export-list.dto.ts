import { PrivacyExportDto } from './privacy-export.dto';

export class PrivacyExportListDto {
  /** The caller's own exports, newest first. */
  items: PrivacyExportDto[];
}
