// Lead fields a CSV column can fill when importing, in the order the import screen offers them.
export const IMPORT_FIELDS = [
  'name',
  'email',
  'phone',
  'company',
  'subject',
  'message',
  'role',
  'type',
  'priority',
  'tags',
  'source',
  'sourceRef',
  'qualityScore',
  'country',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

// "Source Ref", "source_ref" and "sourceref" all name sourceRef.
export const foldHeader = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
