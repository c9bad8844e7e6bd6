import { startTracing } from './tracing';

// Imported by main.ts before anything else, so the instrumented modules load after their patches.
export const tracing = startTracing();
