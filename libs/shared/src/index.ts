export * from './permissions';
export * from './roles';
export * from './leads';
export * from './grant-rules';
export * from './lead-conditions';
export * from './enrichment';
export * from './sso';
