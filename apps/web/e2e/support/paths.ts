import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const API_MAIN = fileURLToPath(new URL('../../../api/dist/main.js', import.meta.url));
// WEB_DIST_DIR (also read by the API it starts) lets a build in another directory be tested.
export const WEB_DIST = process.env.WEB_DIST_DIR || fileURLToPath(new URL('../../dist/', import.meta.url));
export const WEB_INDEX = `${WEB_DIST.replace(/\/$/, '')}/index.html`;
export const SCREENSHOTS_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));
