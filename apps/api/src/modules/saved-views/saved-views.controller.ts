import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { CreateSavedViewDto } from './dto/create-saved-view.dto';
import { SavedViewDto } from './dto/saved-view.dto';
import { UpdateSavedViewDto } from './dto/update-saved-view.dto';
import { SavedViewsService } from './saved-views.service';
import { SavedViewExistsException } from './saved-view-exists.exception';
import { SavedViewLimitException } from './saved-view-limit.exception';
import { SavedViewNotFoundException } from './saved-view-not-found.exception';
import { Problems } from '../../common/problem/problems.decorator';
import { ParseIdPipe } from '../../common/http/parse-id.pipe';

// Personal: each user sees and changes only their own views; API keys have none.
@ApiTags('saved-views')
@ApiBearerAuth('bearer')
@Controller('saved-views')
@Authenticated({ permission: 'leads:read', staffOnly: true })
export class SavedViewsController {
  constructor(private readonly views: SavedViewsService) {}

  /** The caller's saved views of the leads page, by name. */
  @Get()
  list(@Ctx() ctx: RequestContext): Promise<SavedViewDto[]> {
    return this.views.list(requireUser(ctx));
  }

  /** Saves a view (409 `saved_view_exists` when the name is taken, 422 `saved_view_limit` past 50 views). */
  @Post()
  @Problems(SavedViewLimitException, SavedViewExistsException)
  create(@Body() dto: CreateSavedViewDto, @Ctx() ctx: RequestContext): Promise<SavedViewDto> {
    return this.views.create(requireUser(ctx), dto);
  }

  /** Renames a view or changes its query (404 `saved_view_not_found` for a view that is not the caller's). */
  @Patch(':id')
  @Problems(SavedViewNotFoundException, SavedViewExistsException)
  update(@Param('id', ParseIdPipe) id: string, @Body() dto: UpdateSavedViewDto, @Ctx() ctx: RequestContext): Promise<SavedViewDto> {
    return this.views.update(requireUser(ctx), id, dto);
  }

  /** Deletes a view. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @Problems(SavedViewNotFoundException)
  remove(@Param('id', ParseIdPipe) id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.views.remove(requireUser(ctx), id);
  }
}
