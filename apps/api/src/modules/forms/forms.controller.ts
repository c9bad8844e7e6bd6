import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requirePrincipal, type RequestContext } from '../../common/auth/request-context';
import { CreateFormDto } from './dto/create-form.dto';
import { FormDto } from './dto/form.dto';
import { UpdateFormDto } from './dto/update-form.dto';
import { FormsService } from './forms.service';
import { HTTP_PROBLEMS } from '../../common/problem/problem-kind';
import { Problems } from '../../common/problem/problems.decorator';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';

// Staff with forms:manage, or an API key with that scope.
@ApiTags('forms')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('forms')
@Authenticated({ permission: 'forms:manage' })
export class FormsController {
  constructor(private readonly forms: FormsService) {}

  /** The workspace's forms, oldest first (then by name), with their submission and spam counts. */
  @Get()
  list(@Ctx() ctx: RequestContext): Promise<FormDto[]> {
    return this.forms.list(requirePrincipal(ctx));
  }

  /** One form with its settings. */
  @Get(':id')
  @Problems(HTTP_PROBLEMS.notFound)
  get(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<FormDto> {
    return this.forms.get(requirePrincipal(ctx), id);
  }

  /** Creates a form; its `publicUrl` is where a website posts submissions. */
  @Post()
  create(@Body() dto: CreateFormDto, @Ctx() ctx: RequestContext): Promise<FormDto> {
    return this.forms.create(requirePrincipal(ctx), dto);
  }

  /** Changes the fields sent. */
  @Patch(':id')
  @Problems(HTTP_PROBLEMS.notFound)
  update(@Param('id', ParseIdPipe) id: string, @Body() dto: UpdateFormDto, @Ctx() ctx: RequestContext): Promise<FormDto> {
    return this.forms.update(requirePrincipal(ctx), id, dto);
  }

  /** Deletes a form: its URL stops accepting submissions. Leads it brought in stay. */
  @Delete(':id')
  @HttpCode(204)
  @Problems(HTTP_PROBLEMS.notFound)
  remove(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.forms.remove(requirePrincipal(ctx), id);
  }
}
