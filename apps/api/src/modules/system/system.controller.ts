import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { SystemHealthDto } from './dto/system-health.dto';
import { SystemHealthService } from './system-health.service';

@ApiTags('system')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('system')
@Authenticated({ permission: 'system:read' })
export class SystemController {
  constructor(private readonly system: SystemHealthService) {}

  /** Detailed health of the installation: every check with its status and reason, recent request figures and job queues. */
  @Get('health')
  health(): Promise<SystemHealthDto> {
    return this.system.report();
  }
}
