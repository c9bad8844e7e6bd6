import type { SavedViewDto } from './dto/saved-view.dto';
import type { SavedView } from './saved-view.entity';

export function toSavedViewDto(view: SavedView): SavedViewDto {
  return { id: view.id, name: view.name, query: view.query, createdAt: view.createdAt, updatedAt: view.updatedAt };
}
