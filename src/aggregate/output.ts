/**
 * The indicator table as files a person opens: indicators.json (the machine form),
 * indicators.csv (UTF-8 with BOM so Excel shows Chinese) and indicators.xlsx (one sheet per
 * family, frozen header, number formats, widths that fit Chinese). Text from input data is
 * neutralised against formula injection in CSV and XLSX.
 */
import path from 'node:path';
import { csvField, fitWidth, safeText, xlsxBytes } from '../spreadsheet.js';
import { writeAtomic, type WriteFile } from '../io.js';
import { cachedBytes, cacheKey, packageVersion, sourceHash } from '../cache.js';
import { countryByAlpha2 } from '../validate/ref/countries.js';
import type { AggregateResult, Indicator, Source } from './types.js';

/** The JSON shape of `aggregate --json`: absent dimensions are left out of each object. */
export function toJson(r: AggregateResult): string {
  const indicators = r.indicators.map((i) => {
    const o: Record<string, unknown> = { id: i.id, name: i.name, unit: i.unit, value: i.value, year: i.year, region: i.region };
    for (const k of ['level', 'country', 'continent', 'brand', 'type', 'basis'] as const) if (i[k] !== undefined) o[k] = i[k];
    o.sources = i.sources;
    return o;
  });
  return JSON.stringify({ year: r.year, indicators }, null, 2) + '\n';
}

export function sourceText(sources: Source[]): string {
  return sources
    .map((s) => {
      if (s.type === 'rows') return `${s.file}（${s.rows} 行）`;
      if (s.type === 'series') return [s.source ?? `${s.file} 第 ${s.row} 行`, s.note ? `备注：${s.note}` : ''].filter(Boolean).join('；');
      return `由 ${s.from.join('、')} 计算`;
    })
    .join('；');
}

const COLUMNS: { header: string; get: (i: Indicator) => unknown; numeric?: boolean }[] = [
  { header: '指标编号', get: (i) => i.id },
  { header: '指标', get: (i) => i.name },
  { header: '年份', get: (i) => i.year, numeric: true },
  { header: '地区', get: (i) => i.region },
  { header: '层次', get: (i) => i.level },
  { header: '合作国家（地区）', get: (i) => (i.country ? `${countryByAlpha2(i.country)?.name ?? i.country}（${i.country}）` : undefined) },
  { header: '洲', get: (i) => i.continent },
  { header: '品牌', get: (i) => i.brand },
  { header: '项目类型', get: (i) => i.type },
  { header: '数值', get: (i) => i.value, numeric: true },
  { header: '单位', get: (i) => i.unit },
  { header: '依据', get: (i) => (i.basis === 'series' ? '公布数据' : i.basis === 'roster' ? '院校名单汇总' : '') },
  { header: '来源', get: (i) => sourceText(i.sources) },
];

export function toCsv(r: AggregateResult): string {
  const lines = [COLUMNS.map((c) => csvField(c.header)).join(',')];
  for (const i of r.indicators) {
    lines.push(
      COLUMNS.map((c) => {
        const v = c.get(i);
        return csvField(c.numeric && typeof v === 'number' ? v : safeText(v === undefined ? '' : String(v)));
      }).join(','),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

const FAMILIES: { sheet: string; test: (i: Indicator) => boolean }[] = [
  { sheet: '同比变化', test: (i) => i.id.endsWith('.yoy') },
  { sheet: '品牌', test: (i) => i.brand !== undefined },
  {
    sheet: '合作项目',
    test: (i) => ['projects', 'partner_countries', 'cooperating_schools', 'cooperating_provinces', 'project_students', 'project_trainees'].includes(i.id),
  },
  { sheet: '公布数据', test: (i) => i.basis === 'series' },
  { sheet: '院校', test: () => true },
];

function numFmt(i: Indicator): string {
  if (typeof i.value !== 'number') return '@';
  if (i.unit === '年') return '0';
  if (i.unit === '%' || i.unit === '个百分点' || i.unit === '') return '0.00';
  return Number.isInteger(i.value) ? '#,##0' : '#,##0.00';
}

export async function toXlsx(r: AggregateResult): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs'); // a quarter of a second to load; most builds find the file written
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vet-report';
  const groups = new Map<string, Indicator[]>(FAMILIES.map((f) => [f.sheet, []]));
  for (const i of r.indicators) groups.get(FAMILIES.find((f) => f.test(i))!.sheet)!.push(i);
  for (const f of [...FAMILIES].reverse()) {
    const list = groups.get(f.sheet)!;
    if (!list.length) continue;
    const ws = wb.addWorksheet(f.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(COLUMNS.map((c) => c.header)).font = { bold: true };
    for (const i of list) {
      const row = ws.addRow(
        COLUMNS.map((c) => {
          const v = c.get(i);
          return c.numeric && typeof v === 'number' ? v : safeText(v === undefined ? null : String(v));
        }),
      );
      row.getCell(COLUMNS.findIndex((c) => c.header === '数值') + 1).numFmt = numFmt(i);
    }
    COLUMNS.forEach((c, k) => {
      ws.getColumn(k + 1).width = c.header === '来源' ? 80 : fitWidth([c.header, ...list.slice(0, 2000).map((i) => c.get(i))]);
    });
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  }
  // Dated by the data's year, not the clock: the same inputs give the same bytes.
  return xlsxBytes(wb, new Date(Date.UTC(r.year + 1, 0, 1)));
}

let code: string | undefined;

export async function writeIndicators(r: AggregateResult, dir: string, write: WriteFile = writeAtomic): Promise<string[]> {
  const files = ['indicators.json', 'indicators.csv', 'indicators.xlsx'].map((f) => path.join(dir, f));
  const json = toJson(r);
  await write(files[0], json);
  await write(files[1], toCsv(r));
  // The workbook is the slow one (exceljs): kept in the tool cache by its content and code.
  code ??= sourceHash(import.meta.url, ['./output.js', '../spreadsheet.js'], [packageVersion('exceljs')]);
  await write(files[2], await cachedBytes('xlsx', `${cacheKey(code, json)}.xlsx`, () => toXlsx(r)));
  return files;
}
