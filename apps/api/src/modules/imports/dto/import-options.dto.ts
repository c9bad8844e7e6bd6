import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { LEAD_LIMITS } from '../../leads/lead-input';
import { CSV_DELIMITERS, CSV_ENCODINGS, type CsvEncoding } from '../csv-sniff';

export const IMPORT_MODES = ['create', 'upsert'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

// Options of an import: query parameters, or multipart fields sent before the file part.
export class ImportOptionsDto {
  /**
   * JSON object from CSV header to lead field (name, email, phone, company, subject, message, role, type,
   * priority, tags, source, sourceRef, qualityScore, country). Without it, headers named like a field
   * (case, spaces, hyphens and underscores aside) map to it; other columns are ignored. Up to 20,000
   * characters as a multipart field; as a query parameter the request line and headers together must stay
   * under 16 KB (the server answers 431 `headers_too_large` beyond), so send long mappings as a field.
   */
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  mapping?: string;

  /** Source of every imported lead that has no `source` column value (default `import`). */
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'source must not be blank' })
  @MaxLength(LEAD_LIMITS.source)
  source?: string;

  /** Tags added to every imported lead, comma-separated. */
  @IsOptional()
  @IsString()
  @MaxLength(LEAD_LIMITS.tags * (LEAD_LIMITS.tag + 1))
  tags?: string;

  /** `create` (default): rows merge into open leads with the same email or phone. `upsert`: a row whose source and sourceRef match a lead updates it. */
  @IsOptional()
  @ApiProperty({ enum: IMPORT_MODES, required: false })
  @IsIn(IMPORT_MODES)
  mode?: ImportMode;

  /** Column delimiter; detected from the header row when absent. */
  @IsOptional()
  @ApiProperty({ enum: [...CSV_DELIMITERS, 'tab'], required: false })
  @IsIn([...CSV_DELIMITERS, 'tab'])
  delimiter?: string;

  /** Character encoding of the file (default UTF-8). */
  @IsOptional()
  @ApiProperty({ enum: CSV_ENCODINGS, required: false })
  @IsIn(CSV_ENCODINGS)
  encoding?: CsvEncoding;

  /** Name to show for a `text/csv` upload (multipart uploads use the file part's name). */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  filename?: string;
}
