import { RescoreProgressDto } from './rescore-progress.dto';
import { ScoringRuleDto } from './scoring-rule.dto';

export class ScoringSettingsDto {
  rules: ScoringRuleDto[];
  /** Points a lead loses per whole day without contact (0 = no decay). */
  decayPerDay: number;
  rescore: RescoreProgressDto;
}
