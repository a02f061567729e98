/**
 * Edition folders must be named by the edition's code, as its output file is: bilateral/DE/,
 * regional/37/. A folder named otherwise (bilateral/德国/) would be passed over without a word.
 * Apart from layers.ts because the country names take a while to load (not on a no-op build).
 */
import path from 'node:path';
import { PROVINCES, resolveProvince } from '../../validate/ref/provinces.js';
import { countryByAlpha2, resolveCountry } from '../../validate/ref/countries.js';
import { editionFolders } from './layers.js';

export function editionFolderProblem(root: string): string | null {
  for (const { kind, name } of editionFolders(root)) {
    const problem = kind === 'regional' ? provinceFolder(name) : countryFolder(name);
    if (problem) return `文件夹 ${path.join(root, kind, name)}：${problem}`;
  }
  return null;
}

function provinceFolder(name: string): string | null {
  if (PROVINCES.some((p) => p.code === name)) return null;
  const p = resolveProvince(name);
  return p ? `应以行政区划代码命名，即 regional/${p.code}/（${p.name}）` : '不是省份的行政区划代码（如 37 = 山东）';
}

function countryFolder(name: string): string | null {
  if (/^[A-Z]{2}$/.test(name) && countryByAlpha2(name)) return null;
  const c = resolveCountry(name);
  return c ? `应以 ISO 两位代码命名，即 bilateral/${c.alpha2}/（${c.name}）` : '不是国家（地区）的 ISO 两位代码（如 DE = 德国）';
}
