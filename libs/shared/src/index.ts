export * from './permissions';
export * from './roles';
export * from './leads';
export * from './grant-rules';
export * from './lead-conditions';
export * from './enrichment';
export * from './import-fields';
export * from './workspace-slug';
