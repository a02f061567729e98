/** Where the package's own folders are, from src/ or dist/ alike (both sit one level below the root). */
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TEMPLATES = fileURLToPath(new URL('../templates', import.meta.url));
export const DATA = fileURLToPath(new URL('../data', import.meta.url));
