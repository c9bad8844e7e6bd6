// Over the period's leads that have been contacted. Durations are approximate (within about 5%).
export class TimeToFirstContactDto {
  medianSeconds: number | null;
  p90Seconds: number | null;
  /** How many contacted leads the figures are drawn from. */
  sampleSize: number;
}
