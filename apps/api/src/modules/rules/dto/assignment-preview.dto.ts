export class AssignmentPreviewRowDto {
  leadId: string;
  name: string | null;
  createdAt: Date;
  /** Who the rules would give it to now (null: no rule matches, or nobody in the group is available). */
  userId: string | null;
  ruleId: string | null;
  ruleName: string | null;
}

export class AssignmentPreviewDto {
  rows: AssignmentPreviewRowDto[];
  /** Per user id: how many of these leads they would have received. */
  byUser: Record<string, number>;
  unassigned: number;
}
