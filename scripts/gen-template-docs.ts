/**
 * Writes docs/templates.md from the helper registry (src/render/editions/registry.ts): every
 * helper's description, example and the example's output. Run after adding or changing a helper:
 *   npx tsx scripts/gen-template-docs.ts
 * test/render/editions/reference.test.ts fails while the checked-in file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exampleData, renderExamples } from '../src/render/editions/examples.js';
import { helperReferenceMarkdown } from '../src/render/editions/reference.js';

const file = fileURLToPath(new URL('../docs/templates.md', import.meta.url));
writeFileSync(file, helperReferenceMarkdown(renderExamples(await exampleData())));
process.stdout.write(`已写出 ${file}\n`);
