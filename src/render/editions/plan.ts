/**
 * Which editions a build makes: the annual edition, one regional edition per province present
 * in the year's roster, one bilateral edition per partner country or region present in the
 * year's projects; selected by --edition / --region / --country, split by --shard.
 */
import path from 'node:path';
import { annualModel } from './annual.js';
import { regionalModel } from './regional.js';
import { bilateralModel, bilateralTitle } from './bilateral.js';
import type { EditionJob } from './render.js';
import type { AggregateResult } from '../../aggregate/types.js';
import type { ValidationResult } from '../../validate/index.js';
import { PROVINCES, resolveProvince, suggestProvince } from '../../validate/ref/provinces.js';
import { countryByAlpha2, resolveCountry, suggestCountry } from '../../validate/ref/countries.js';
import { VetError } from '../../errors.js';
import { templateSet } from './layers.js';

import { TEMPLATES } from '../../paths.js';
export { TEMPLATES };

import { EDITION_KINDS, type EditionKind } from '../../types.js';
export type { EditionKind };

export interface PlanOptions {
  editions?: readonly EditionKind[];
  /** Any accepted spelling: 山东, 山东省, 37. */
  region?: string;
  /** Any accepted spelling: DE, DEU, 德国, Germany. */
  country?: string;
  /** An overlay over the shipped templates/: only the files that differ (--templates). */
  templates?: string;
}

export interface PlannedEdition {
  job: EditionJob;
  /** Pages expected, from the data alone (deterministic: shards on every runner agree). */
  expectedPages: number;
}

/** --region and --country as province and country, or a BAD_OPTION naming the spelling not recognised (checked before any data is read). */
export function resolveSelection(opts: Pick<PlanOptions, 'region' | 'country'>) {
  const region = opts.region !== undefined ? resolveProvince(opts.region) : undefined;
  if (opts.region !== undefined && !region) {
    const s = suggestProvince(opts.region);
    throw new VetError('BAD_OPTION', { option: '--region', detail: `无法识别的省份“${opts.region}”${s ? `，是否应为“${s}”？` : ''}` });
  }
  const country = opts.country !== undefined ? resolveCountry(opts.country) : undefined;
  if (opts.country !== undefined && !country) {
    const s = suggestCountry(opts.country);
    throw new VetError('BAD_OPTION', { option: '--country', detail: `无法识别的国家（地区）“${opts.country}”${s ? `，是否应为“${s}”？` : ''}` });
  }
  return { region, country };
}

export function planEditions(v: ValidationResult, agg: AggregateResult, opts: PlanOptions = {}): PlannedEdition[] {
  const year = agg.year;
  const kinds = new Set<EditionKind>(opts.editions?.length ? opts.editions : EDITION_KINDS);
  const sample = [...v.roster, ...v.projects].some((r) => r.origin.file.includes('示例'));
  const subtitle = sample ? '（示例数据版）' : undefined;
  const ind = agg.indicators;
  const { region, country } = resolveSelection(opts);
  // --region / --country alone select just that edition.
  if (!opts.editions?.length && (region || country)) {
    kinds.clear();
    if (region) kinds.add('regional');
    if (country) kinds.add('bilateral');
  }

  const out: PlannedEdition[] = [];
  const cases = v.cases.filter((c) => c.year === year);
  const ctx = (r: string) => ({ year, region: r, indicators: ind, sample, cases });
  // The shipped templates, under the overlay (--templates) when one is given.
  const dir = (k: EditionKind) => path.join(TEMPLATES, k);
  const layers = (k: EditionKind, id: string) => templateSet(dir(k), { overlay: opts.templates, id });
  if (kinds.has('annual')) {
    out.push({
      job: {
        id: 'annual',
        kind: 'annual',
        title: `中国职业教育发展年度报告（${year}）`,
        subtitle,
        templateDir: dir('annual'),
        templates: layers('annual', 'annual'),
        model: annualModel(ind, year),
        ctx: ctx('全国'),
      },
      expectedPages: 17,
    });
  }
  if (kinds.has('regional')) {
    const present = new Set(v.roster.filter((r) => r.year === year).map((r) => r.province));
    for (const p of PROVINCES) {
      if (!present.has(p.name) || (region && region.name !== p.name)) continue;
      out.push({
        job: {
          id: `regional-${p.code}`,
          kind: 'regional',
          title: `${p.full}职业教育发展报告（${year}）`,
          subtitle,
          templateDir: dir('regional'),
          templates: layers('regional', `regional-${p.code}`),
          model: regionalModel(ind, year, p.name),
          ctx: ctx(p.name),
        },
        expectedPages: 8,
      });
    }
  }
  if (kinds.has('bilateral')) {
    const codes = [...new Set(v.projects.filter((p) => p.year === year).map((p) => p.country))].sort();
    for (const code of codes) {
      if (country && country.alpha2 !== code) continue;
      const c = countryByAlpha2(code)!;
      const n = v.projects.filter((p) => p.year === year && p.country === code).length;
      out.push({
        job: {
          id: `bilateral-${code}`,
          kind: 'bilateral',
          title: bilateralTitle(c, year),
          subtitle,
          templateDir: dir('bilateral'),
          templates: layers('bilateral', `bilateral-${code}`),
          model: bilateralModel(ind, v.projects, year, c),
          ctx: ctx('全国'),
        },
        // Front matter and charts, plus the project list at about 25 rows a page.
        expectedPages: 5 + Math.ceil(n / 25),
      });
    }
  }
  if (region && !out.some((e) => e.job.kind === 'regional'))
    throw new VetError('BAD_OPTION', { option: '--region', detail: `${year}年数据中没有${region.name}的院校` });
  if (country && !out.some((e) => e.job.kind === 'bilateral'))
    throw new VetError('BAD_OPTION', { option: '--country', detail: `${year}年数据中没有与${country.name}的合作项目` });
  return out;
}

export { shardOf } from '../../shard.js';
