// The page script (page-script.ts) as printPdf evaluates it in the page: run from src, as here,
// it is the module with its types stripped, a script of its own with nothing from the test runner.

import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { asPageScript, pageScript } from '../../src/render/pdf.js';

describe('the page script', () => {
  it('is page-script.ts without its types, without helpers of tsx or vitest, and installs window.__vr once', async () => {
    const text = await pageScript();
    expect(text).toContain('function splitBox(box, piece)'); // types stripped, names kept
    expect(text).not.toMatch(/__name|__vite|\bimport\b|\brequire\(|^export/m);
    const window: { __vr?: object } = {};
    vm.runInNewContext(text, { window });
    expect(Object.keys(window.__vr ?? {})).toEqual(['prepare', 'measure', 'unmeasure', 'apply', 'verify', 'loadFonts']);
    const first = window.__vr;
    vm.runInNewContext(text, { window });
    expect(window.__vr).toBe(first);
  });

  it('takes a module whose exports are types only, and refuses one that imports or exports at run time', () => {
    const script = asPageScript('const a = 1;\nexport {};\n//# sourceMappingURL=page-script.js.map\n');
    expect(script).not.toMatch(/^export|sourceMappingURL/m);
    expect(() => asPageScript("import { x } from './x.js';\nx();\nexport {};\n")).toThrow(/不得导入或导出/);
    expect(() => asPageScript('export const a = 1;\n')).toThrow(/不得导入或导出/);
  });
});
