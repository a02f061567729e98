// zod, imported from this one module, as `import * as z from './zod.js'`. `npm run build` replaces
// dist/zod.js with these exports of zod joined into one file (scripts/bundle-vendor.mjs): zod's
// ~70 modules took ~0.1 s to load in every process, the joined file ~0.015 s. Name here what the
// schemas use; run from src (tsx, tests), this is the package itself.
export { array, boolean, custom, date, enum, int, literal, NEVER, object, preprocess, strictObject, string } from 'zod';
export type { infer, input, output, ZodType } from 'zod';
