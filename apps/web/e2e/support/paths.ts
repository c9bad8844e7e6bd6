import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const API_MAIN = fileURLToPath(new URL('../../../api/dist/main.js', import.meta.url));
export const WEB_INDEX = fileURLToPath(new URL('../../dist/index.html', import.meta.url));
export const SCREENSHOTS_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));
