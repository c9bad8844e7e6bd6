import { ApiProperty } from '@nestjs/swagger';

// The answer when a lead was received but not stored (the workspace's privacy rules refused it).
export class LeadAcceptedDto {
  @ApiProperty({ enum: ['accepted'] })
  status: 'accepted';
}
