import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LeadFilterQueryDto } from '../../triage/dto/list-leads-query.dto';
import { LEAD_EXPORT_FORMATS, type LeadExportFormat } from '../lead-export-format';

export class ExportLeadsQueryDto extends LeadFilterQueryDto {
  @ApiProperty({ required: false, enum: LEAD_EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(LEAD_EXPORT_FORMATS)
  format?: LeadExportFormat;
}
