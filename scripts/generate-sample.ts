/**
 * Generates the sample submissions under data/submissions/: synthetic school rosters (表1 院校基本情况)
 * for 2019–2023, one file per province (31 + 兵团), and the international-cooperation projects
 * (表2 对外合作项目) of the same years in three regional workbooks a year, each listing the projects
 * reported that year (a project keeps its 项目编号, school, partner, type, brand and start; 筹建中,
 * 运行中, then 已结束 in the year it ends, after which it is no longer listed), plus 2023's cases.
 * Everything is 示例数据（非真实统计）: the schools, codes, partners and figures are invented, drawn
 * from a fixed seed, and built so that their national aggregates reproduce the figures
 * 《中国职业教育发展报告》(2012–2023) publishes at the precision it prints them (school counts,
 * enrolment, graduates, teachers, 民办 counts, 去向落实率, 兼职教师, and the brand table 表1-3). See
 * scripts/sample/targets.ts and scripts/sample/projects.ts.
 *
 *   npx tsx scripts/generate-sample.ts                      normal mode into data/submissions
 *   npx tsx scripts/generate-sample.ts --out DIR            normal mode into DIR
 *   npx tsx scripts/generate-sample.ts --large --out DIR    benchmark data: rosters 2014–2023 for every
 *                                                           province, and ten times the projects
 *                                                           (≈4,000 running in 2023, each reported
 *                                                           again every year it ran since 2014)
 *
 * Output is deterministic, byte for byte (workbook dates and zip timestamps are pinned).
 */

import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROVINCES } from '../src/validate/ref/provinces.js';
import { csvText, gbkBuffer, xlsxBuffer } from './sample/grid.js';
import { PROJECT_FILES, ROSTER_LAYOUTS, projectSheets, rosterSheets, type ProjectRowView } from './sample/layouts.js';
import { endedProjects, generateProjects, type Project } from './sample/projects.js';
import { buildUniverse, rosterFor, type School } from './sample/roster.js';
import { Rng } from './sample/rng.js';
import { sampleCases } from './sample/cases.js';

export const SEED = 20240415;
const MARK = '（示例数据）';

export interface GenerateOptions {
  out: string;
  large: boolean;
  log?: (line: string) => void;
}

export interface GenerateResult {
  files: string[];
  rosterRows: number;
  projectRows: number;
}

/** Removes earlier generated files (names carrying the sample mark) from a year folder. */
async function clearYear(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const n of names) if (n.includes(MARK)) await rm(path.join(dir, n));
  await rm(path.join(dir, CASES_DIR), { recursive: true, force: true });
}

/** Cases (案例) sit in their own folder of the year: the sheet, the Word files, pictures. */
export const CASES_DIR = '案例';

/** A project is listed from its start (or the first year) through the year it ended. */
const listed = (p: Project, year: number, last: number): boolean => p.start.y <= year && (p.end ?? last) >= year;

/**
 * A project as an earlier year's file reports it: 筹建中 in (part of) its first year for some,
 * 运行中 after, 已结束 in its last; students and trainees growing towards its last year's figures;
 * the country as the last year's file spells it from some year on; submitted in the next year's
 * window (a school late in the last year was on time before).
 */
function earlier(p: Project, year: number, first: number, last: number, rng: Rng): ProjectRowView {
  const final = p.end ?? last;
  const grow = (v: number | null): number | null =>
    v === null ? null : Math.round(((v * (year - p.start.y + 1)) / (final - p.start.y + 1)) * rng.uniform(0.85, 1.15));
  const status = year === p.end ? '已结束' : p.start.y === year && rng.chance(0.2) ? '筹建中' : rng.chance(0.04) ? '' : '运行中';
  const respelt = p.countryText !== p.country.zh && year >= Rng.keyed(SEED, 'spelling', p.id).int(Math.max(p.start.y, first) + 1, last);
  const late = p.submitted.m > 4 || (p.submitted.m === 4 && p.submitted.d > 15);
  const submitted = late ? { y: year + 1, m: 4, d: 15 } : { y: year + 1, m: p.submitted.m, d: Math.min(p.submitted.d, 28) };
  return { project: p, year, status, countryText: respelt ? p.countryText : p.country.zh, students: grow(p.students), trainees: grow(p.trainees), submitted };
}

export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const log = opts.log ?? (() => {});
  const years = opts.large ? [2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023] : [2019, 2020, 2021, 2022, 2023];
  const first = years[0];
  const last = years[years.length - 1];
  const files: string[] = [];
  let rosterRows = 0;
  let projectRows = 0;

  // Projects: the last year's (ten replicas in large mode), then those that ended before it.
  const counters = new Map<string, number>();
  const labels = opts.large ? Array.from({ length: 10 }, (_, r) => `large-${r}`) : ['normal'];
  const makeProjects = (schools: readonly School[]): Project[] => {
    const byProvince = new Map<string, School[]>();
    for (const s of schools) {
      if (!byProvince.has(s.province)) byProvince.set(s.province, []);
      byProvince.get(s.province)!.push(s);
    }
    const current = labels.map((label) => generateProjects({ seed: SEED, label, schools: byProvince, counters }));
    const ended = labels.map((label, r) => endedProjects({ seed: SEED, label, counters, ends: years.slice(0, -1) }, current[r]));
    return [...current.flat(), ...ended.flat()];
  };
  // Normal mode: the projects' schools are the last year's, kept in the rosters back to the first
  // year their projects are listed. Large mode: schools present every year.
  let projects: Project[] = [];
  const universe = buildUniverse(
    SEED,
    years,
    opts.large
      ? undefined
      : (schools) => {
          projects = makeProjects(schools);
          const from = new Map<string, number>();
          for (const p of projects) from.set(p.school.id, Math.min(from.get(p.school.id) ?? last, Math.max(first, p.start.y)));
          return from;
        },
  );
  if (opts.large) {
    const everyYear = universe.years.map((y) => new Set(universe.byYear.get(y)!.map((s) => s.id)));
    projects = makeProjects(universe.byYear.get(last)!.filter((s) => everyYear.every((set) => set.has(s.id))));
  }

  const write = async (rel: string, data: Buffer): Promise<void> => {
    const full = path.join(opts.out, rel);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, data);
    files.push(rel);
  };

  for (const y of years) await clearYear(path.join(opts.out, String(y)));

  // Rosters: one file per province and year.
  for (const year of years) {
    const recs = rosterFor(SEED, universe, year);
    rosterRows += recs.length;
    for (const p of PROVINCES) {
      const layout = ROSTER_LAYOUTS[p.name];
      const mine = recs.filter((r) => r.school.province === p.name);
      const sheets = rosterSheets(p.name, year, mine, layout, SEED);
      const base = `${year}/院校基本情况_${p.name}_${year}${MARK}`;
      if (layout.format === 'csv') await write(base + '.csv', gbkBuffer(csvText(sheets[0])));
      else await write(base + '.xlsx', await xlsxBuffer(sheets, `${year}年${p.full}职业院校基本情况（示例数据，非真实统计）`));
    }
    log(`院校基本情况 ${year}: ${recs.length} 所学校`);
  }

  // Project files: every year, each listing the projects reported that year.
  for (const year of years) {
    const rng = Rng.keyed(SEED, 'project-years', year);
    const inRoster = new Set(universe.byYear.get(year)!.map((s) => s.id));
    const views: ProjectRowView[] = [];
    for (const p of projects) {
      if (!listed(p, year, last)) continue;
      if (!inRoster.has(p.school.id)) throw new Error(`${p.id}: 学校 ${p.school.id} 不在 ${year} 年院校名单中`);
      views.push(
        year === last
          ? {
              project: p,
              year,
              status: p.statusBlank ? '' : p.status,
              countryText: p.countryText,
              students: p.students,
              trainees: p.trainees,
              submitted: p.submitted,
            }
          : earlier(p, year, first, last, rng),
      );
    }
    projectRows += views.length;
    for (const f of PROJECT_FILES) {
      const sheets = projectSheets(f, year, views, SEED);
      await write(`${year}/对外合作项目_${f.region}_${year}${MARK}.xlsx`, await xlsxBuffer(sheets, `${year}年职业院校对外合作项目（示例数据，非真实统计）`));
    }
    log(`对外合作项目 ${year}: ${views.length} 个项目`);
  }

  // Cases of the last year, about its projects (normal mode only: the benchmark data has none).
  if (!opts.large) {
    const cases = await sampleCases(
      projects.filter((p) => listed(p, last, last)),
      last,
      SEED,
    );
    const dir = `${last}/${CASES_DIR}`;
    await write(`${dir}/典型案例_${last}${MARK}.xlsx`, await xlsxBuffer([cases.sheet], `${last}年职业院校国际交流合作典型案例（示例数据，非真实案例）`));
    for (const d of cases.docs) await write(`${dir}/${d.name}`, d.bytes);
    for (const im of cases.images) await write(`${dir}/${im.name}`, im.bytes);
    await write(`${dir}/${cases.markdown.name}`, Buffer.from(cases.markdown.text, 'utf8'));
    log(`典型案例 ${last}: 案例表 ${cases.sheet.rows.length - 2} 个，Word 文档 ${cases.docs.length} 个，转录案例 1 个`);
  }
  return { files, rosterRows, projectRows };
}

function parseArgs(argv: string[]): GenerateOptions {
  // Default: the repository's data/submissions, wherever the script is started from.
  let out = path.resolve(import.meta.dirname, '..', 'data', 'submissions');
  let large = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--large') large = true;
    else if (a === '--out') {
      const v = argv[++i];
      if (!v) throw new Error('--out 需要一个目录');
      out = v;
    } else if (a.startsWith('--out=')) out = a.slice(6);
    else if (a === '--help' || a === '-h') {
      process.stdout.write('用法: npx tsx scripts/generate-sample.ts [--large] [--out DIR]\n');
      process.exit(0);
    } else throw new Error(`未知参数: ${a}`);
  }
  if (large && !argv.includes('--out') && !argv.some((a) => a.startsWith('--out='))) {
    throw new Error('--large 需要 --out DIR（大数据不写入 data/submissions）');
  }
  return { out, large };
}

async function main(): Promise<void> {
  let opts: GenerateOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n用法: npx tsx scripts/generate-sample.ts [--large] [--out DIR]\n`);
    process.exit(2);
  }
  const t0 = performance.now();
  const res = await generate({ ...opts, log: (l) => process.stdout.write(l + '\n') });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  process.stdout.write(
    `示例数据（非真实统计）已写入 ${opts.out}: ${res.files.length} 个文件, 院校 ${res.rosterRows} 行, 项目 ${res.projectRows} 行, 用时 ${secs} 秒\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
