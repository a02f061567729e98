#!/usr/bin/env node
/**
 * vet-report's command line: parses arguments and calls the functions the package exports.
 * Exit codes: 0 fine (warnings allowed), 1 rows rejected / errors found, 2 usage error or no
 * input readable, 3 internal error (a bug: please report it).
 */
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { runValidate, validateExitCode, anyInputRead, runBuild, runAggregate, DEFAULT_DATA, type BuildResult } from './pipeline.js';
import { formatSummary } from './validate/summary.js';
import { FindingSpill, findingsJson } from './validate/findings.js';
import { VetError, isVetError } from './errors.js';
import { COMMANDER_ERRORS, PREVIEW, UI, USER_ERRORS } from './messages.js';
import { VERSION } from './version.js';
import { progressReporter } from './progress.js';
import { mergeManifestFiles } from './manifest.js';
import { takeCacheNotices } from './cache.js';
import { displayWidth, wrapText } from './text-width.js';

// Help in Chinese throughout: commander's headings and "(default: …)" translated, terms padded
// and text wrapped by display width (a CJK character takes two columns).
const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Arguments:': '参数：',
  'Commands:': '命令：',
  'Global Options:': '全局选项：',
};
const zhUsage = (s: string): string => s.replace('[options]', '[选项]').replace('[command]', '[命令]');
const program = new Command();
program
  .configureHelp({
    styleTitle: (s) => TITLES[s] ?? s,
    styleUsage: (s) => zhUsage(s),
    styleSubcommandTerm: (s) => zhUsage(s),
    // biome-ignore lint/suspicious/noControlCharactersInRegex: commander's colour codes start with ESC, which is what is removed
    displayWidth: (s) => displayWidth(s.replace(/\x1b\[[0-9;]*m/g, '')),
    // Chinese has no spaces to wrap at: commander's own wrap left 110-column lines.
    boxWrap: (s, width) => (width < 40 ? s : wrapText(s, width)),
    optionDescription: (o) => (o.defaultValue !== undefined && !o.isBoolean() ? `${o.description}（默认：${o.defaultValue}）` : o.description),
  })
  .name('vet-report')
  .description('职业教育统计数据：校验、汇总与报告生成')
  .version(VERSION, '-V, --version', '显示版本号')
  .helpOption('-h, --help', '显示帮助')
  .helpCommand('help [命令]', '显示某个命令的帮助')
  .configureOutput({ outputError: (text, write) => write(COMMANDER_ERRORS.reduce((t, [en, zh]) => t.replace(en, zh), text)) })
  .showHelpAfterError('（用 --help 查看用法）')
  .exitOverride();

program
  .command('validate')
  .description('校验填报文件（.xlsx / .csv / .tsv / .txt，或包含它们的文件夹），逐格指出问题')
  .argument('<路径...>', '文件或文件夹（递归读取）')
  .option('--json', '以 JSON 输出到标准输出（files 与 findings）')
  .option('--report <问题.xlsx>', '写出问题汇总工作簿，并在其旁为每个有问题的文件写一份标注副本')
  .option('--strict', '把警告当作错误（所在行不接收）')
  .action(async (paths: string[], opts: { json?: boolean; report?: string; strict?: boolean }) => {
    if (opts.report && path.extname(opts.report).toLowerCase() !== '.xlsx') throw new VetError('REPORT_PATH', { path: opts.report });
    // Sheets read are kept in the tool cache: an editor validating again after fixing one file
    // waits for that file only.
    // --json lists every finding: those beyond the cap are spilled to disk and streamed out, never
    // one string (3 million findings were more than a string can hold). --report's annotated
    // copies mark every bad cell, beyond the cap too: read back from the same spill.
    const spill = opts.json || opts.report ? new FindingSpill() : null;
    try {
      const result = await runValidate(paths, { strict: opts.strict, keepSheets: true }, spill ?? undefined);
      if (opts.json && spill) {
        const files = result.files.map(({ file, sheet, table, read, accepted, rejected, skipped }) => ({
          file,
          sheet,
          table,
          read,
          accepted,
          rejected,
          skipped,
        }));
        // Each chunk written before the next is read into the same buffer.
        for await (const chunk of findingsJson({ files }, spill, { reuse: true })) await new Promise((done) => process.stdout.write(chunk, done));
      } else {
        process.stdout.write(formatSummary(result) + '\n');
      }
      if (opts.report) {
        const [{ listInputs }, { writeFindingsReport }] = await Promise.all([import('./ingest/files.js'), import('./validate/report.js')]);
        const inputs = await listInputs(paths);
        const byDisplay = new Map(inputs.map((i) => [i.display, i.path]));
        const written = await writeFindingsReport(result, opts.report, {
          resolve: (d) => byDisplay.get(d) ?? d,
          now: clock(),
          every: spill ?? undefined,
        });
        process.stderr.write(`已写出问题报告：${written.join('、')}\n`);
      }
      if (!anyInputRead(result)) process.stderr.write(USER_ERRORS.NO_INPUT_READ.text({}) + '\n');
      for (const n of takeCacheNotices()) process.stderr.write(`${n}\n`);
      process.exitCode = validateExitCode(result);
    } finally {
      spill?.dispose();
    }
  });

program
  .command('aggregate')
  .description('汇总指标：学校、在校生、毕业生与去向落实率、教师、对外合作项目与品牌，并注明来源')
  .argument('<路径...>', '文件或文件夹（递归读取）')
  .option('--year <年份>', '报告年份（默认：数据中最新的年份）')
  .option('--json', '把指标表以 JSON 输出到标准输出')
  .option('--out <目录>', '写出 indicators.json、indicators.csv、indicators.xlsx')
  .option('--allow-rejected', '有数据行被拒收时仍以 0 退出')
  .option('--strict', '把警告当作错误')
  .action(async (paths: string[], opts: { year?: string; json?: boolean; out?: string; allowRejected?: boolean; strict?: boolean }) => {
    const run = await runAggregate(paths, { year: opts.year, strict: opts.strict, keepSheets: true });
    const { toJson, writeIndicators } = await import('./aggregate/output.js');
    if (opts.json) process.stdout.write(toJson(run.result));
    if (opts.out) {
      const written = await writeIndicators(run.result, opts.out);
      process.stderr.write(`已写出：${written.join('、')}\n`);
    }
    if (!opts.json && !opts.out) process.stderr.write('提示：用 --json 输出到标准输出，或用 --out 目录 写出文件。\n');
    const unread = run.validation.files.filter((f) => f.sheet === null);
    if (unread.length) process.stderr.write(UI.unreadFiles(unread) + '\n');
    const rejected = run.validation.files.reduce((a, f) => a + f.rejected, 0);
    if (rejected) process.stderr.write(`警告：${rejected} 行数据被拒收，未计入汇总（用 vet-report validate 查看）。\n`);
    for (const e of run.result.errors) process.stderr.write(`错误：${e.message}\n`);
    for (const n of takeCacheNotices()) process.stderr.write(`${n}\n`);
    process.exitCode = run.result.errors.length || (run.rejected && !opts.allowRejected) ? 1 : 0;
  });

program
  .command('build')
  .description('生成报告：默认读取 data/ 中的数据，生成全部版本（年度报告、省域版、国别版）到 out/<年份>/')
  .argument('[路径...]', '文件或文件夹（默认 data/）')
  .option('--year <年份>', '报告年份（默认：数据中最新的年份）')
  .option('--edition <版本>', '只生成某类版本：annual（年度）、regional（省域）、bilateral（国别），可用逗号分隔')
  .option('--region <省份>', '只生成该省份的省域版（如 山东、山东省、37）')
  .option('--country <国家>', '只生成与该国家（地区）的国别版（如 DE、德国、Germany）')
  .option('--format <格式>', '输出格式：html、pdf（逗号分隔）', 'html,pdf')
  .option('--out <目录>', '输出目录', 'out')
  .option('--templates <目录>', '叠加在随工具提供的 templates/ 之上的模板文件夹，只需放改过的文件')
  .option('--shard <i/n>', '把版本分成 n 份，只生成第 i 份（用于多台 CI 并行）')
  .option('--force', '即使未变化也重新生成')
  .option('--quiet', '不显示进度')
  .option('--allow-rejected', '有数据行被拒收时仍以 0 退出')
  .option('--strict', '把警告当作错误')
  .option('--watch', '生成后继续监视数据与模板，有改动就重新生成（浏览器保持打开；Ctrl-C 结束）')
  .addHelpText(
    'after',
    `
环境变量：
  SOURCE_DATE_EPOCH        固定报告与 PDF 中的日期（秒），使 PDF 可逐字节复现
  VET_REPORT_CACHE         工具缓存目录（默认 ~/.cache/vet-report）
  VET_REPORT_CACHE_MAX_MB  工具缓存上限，单位 MB（默认 1024）
  VET_REPORT_MAX_FILE_MB   每个输入文件的大小上限，单位 MB（默认 200）
  CHROMIUM_PATH            Chromium 可执行文件（默认 /usr/bin/chromium）
  VET_REPORT_BROWSER_TIMEOUT
                           等待 Chromium 启动并应答的秒数（默认 30）
  CI=true                  不显示进度条，每个版本输出一行带时间的日志`,
  )
  .action(
    async (
      paths: string[],
      opts: EditionFlags & {
        shard?: string;
        force?: boolean;
        quiet?: boolean;
        allowRejected?: boolean;
        watch?: boolean;
      },
    ) => {
      const pinned = pinnedClock();
      const now = pinned ?? new Date();
      // Strings as given: the pipeline's option schema resolves and checks them (src/options.ts).
      const options = {
        ...editionOptions(paths, opts),
        shard: opts.shard,
        force: opts.force,
        pinDates: pinned !== null,
      };
      if (opts.watch) {
        const { watchBuild } = await import('./watch.js');
        const stop = new AbortController();
        watching = stop;
        process.stderr.write('监视数据与模板的改动，Ctrl-C 结束。\n');
        await watchBuild({
          ...options,
          signal: stop.signal,
          clock,
          onBuild: watchLine,
        });
        return;
      }
      const t0 = performance.now();
      const progress = progressReporter({ quiet: opts.quiet });
      let result: BuildResult;
      try {
        result = await runBuild({ ...options, now, onEvent: progress.onEvent });
      } finally {
        progress.stop();
      }
      if (!opts.quiet || result.log.some((l) => l.startsWith('错误'))) process.stdout.write(result.log.join('\n') + '\n');
      const n = (s: string) => result.editions.filter((e) => e.status === s).length;
      process.stdout.write(summary(result, performance.now() - t0));
      process.exitCode = n('failed') || (result.rejected && !opts.allowRejected) ? 1 : 0;
    },
  );

const summary = (result: BuildResult, ms: number): string => {
  const n = (s: string) => result.editions.filter((e) => e.status === s).length;
  return `完成：生成 ${n('built')} 个，未变化跳过 ${n('unchanged')} 个，失败 ${n('failed')} 个，用时 ${(ms / 1000).toFixed(1)} 秒。${result.manifest ? `清单：${result.manifest}` : ''}\n`;
};

/** One line per build of a watch or preview: the summary, or the error that stopped it. */
function watchLine(result: BuildResult | null, ms: number, error?: unknown): void {
  const at = new Date().toTimeString().slice(0, 8);
  if (!result) {
    process.stderr.write(`${at} ${isVetError(error) ? `错误：${error.message}` : `内部错误：${(error as Error)?.stack ?? error}`}\n`);
    return;
  }
  for (const l of result.log.filter((l) => l.startsWith('错误'))) process.stdout.write(`${l}\n`);
  process.stdout.write(`${at} ${summary(result, ms)}`);
}

program
  .command('preview')
  .description('在浏览器中预览报告：生成所选版本，在本机提供网页，保存模板或数据后自动重新生成，打开的页面随之刷新，出错时在页面上显示')
  .argument('[路径...]', '文件或文件夹（默认 data/）')
  .option('--year <年份>', '报告年份（默认：数据中最新的年份）')
  .option('--edition <版本>', '只生成某类版本：annual（年度）、regional（省域）、bilateral（国别），可用逗号分隔')
  .option('--region <省份>', '只生成该省份的省域版（如 山东、山东省、37）')
  .option('--country <国家>', '只生成与该国家（地区）的国别版（如 DE、德国、Germany）')
  .option('--format <格式>', '输出格式：html、pdf（逗号分隔；只要 html 时每次刷新更快）', 'html,pdf')
  .option('--out <目录>', '输出目录（同 build；预览提供其中的文件）', 'out')
  .option('--templates <目录>', '模板文件夹（默认：随工具提供的 templates/）')
  .option('--port <端口>', '端口（0 为任一空闲端口）', '4321')
  .option('--host <地址>', '监听地址；默认只有本机可以访问', '127.0.0.1')
  .option('--open', '用系统的浏览器打开预览首页')
  .option('--strict', '把警告当作错误')
  .addHelpText(
    'after',
    `
首页列出该年各版本（状态、页数、警告，HTML、PDF 与数据下载）
和数据校验的全部问题。打开的版本页面在该版本重新生成后自动刷新；
模板或数据出错时在页面上显示错误（文件、行号、出错处前后几行）。
只提供输出目录中的文件；刷新用的脚本只加在发给浏览器的网页中，
不写入输出目录。Ctrl-C 结束。

例：vet-report preview --country DE --format html --open`,
  )
  .action(
    async (
      paths: string[],
      opts: EditionFlags & {
        port: string;
        host: string;
        open?: boolean;
      },
    ) => {
      const pinned = pinnedClock();
      const { runPreview, openInBrowser, isLoopbackHost } = await import('./preview/server.js');
      const stop = new AbortController();
      watching = stop;
      await runPreview({
        ...editionOptions(paths, opts),
        pinDates: pinned !== null,
        port: opts.port,
        host: opts.host,
        signal: stop.signal,
        clock,
        onListening(url) {
          process.stderr.write(`${PREVIEW.listening(url)}\n`);
          if (!isLoopbackHost(opts.host)) process.stderr.write(`${PREVIEW.notLoopback(opts.host)}\n`);
          if (opts.open) void openInBrowser(url).then((ok) => ok || process.stderr.write(`${PREVIEW.openFailed(url)}\n`));
        },
        onBuild: watchLine,
      });
      process.stderr.write(`${PREVIEW.stopped}\n`);
    },
  );

program
  .command('indicators')
  .description('列出模板中可用 {{v "…"}} 引用的全部指标：名称、单位、维度与有数据的年份')
  .argument('[路径...]', '文件或文件夹（默认 data/）')
  .option('--year <年份>', '报告年份（默认：数据中最新的年份）')
  .option('--json', '以 JSON 输出到标准输出')
  .action(async (paths: string[], opts: { year?: string; json?: boolean }) => {
    const run = await runAggregate(paths.length ? paths : [DEFAULT_DATA], { year: opts.year, keepSheets: true });
    const { listIndicators, formatIndicators } = await import('./render/editions/reference.js');
    const list = listIndicators(run.result.indicators);
    process.stdout.write(opts.json ? JSON.stringify(list, null, 2) + '\n' : formatIndicators(list) + '\n');
  });

program
  .command('manifest')
  .description('版本清单')
  .command('merge')
  .description('合并分片构建（--shard）写出的清单')
  .argument('<清单...>', 'manifest-shard-*.json')
  .requiredOption('--out <文件>', '合并后的清单（如 out/2023/manifest.json）')
  .action(async (files: string[], opts: { out: string }) => {
    const m = await mergeManifestFiles(files, opts.out);
    process.stdout.write(`已合并 ${files.length} 个清单，共 ${m.editions.length} 个版本：${opts.out}\n`);
    process.exitCode = m.editions.some((e) => e.status === 'failed') ? 1 : 0;
  });

/** The flags build and preview share: which data, which editions, where to. */
interface EditionFlags {
  year?: string;
  edition?: string;
  region?: string;
  country?: string;
  format: string;
  out: string;
  templates?: string;
  strict?: boolean;
}

/** Those flags as the pipeline's options, strings as given (src/options.ts resolves and checks them). */
function editionOptions(paths: string[], opts: EditionFlags) {
  return {
    paths: paths.length ? paths : [DEFAULT_DATA],
    year: opts.year,
    out: opts.out,
    strict: opts.strict,
    formats: opts.format,
    editions: opts.edition,
    region: opts.region,
    country: opts.country,
    templates: opts.templates,
  };
}

/** SOURCE_DATE_EPOCH (seconds) pins the date outputs carry: reproducible builds and reports. */
function pinnedClock(): Date | null {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (!epoch) return null;
  const d = /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new VetError('BAD_OPTION', { option: 'SOURCE_DATE_EPOCH', detail: `应为 1970 年以来的秒数（整数），而不是“${epoch}”` });
  return d;
}
const clock = (): Date => pinnedClock() ?? new Date();

async function main(argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is a usage error.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (isVetError(e)) {
      process.stderr.write(`错误：${e.message}\n`);
      process.exitCode = e.exitCode;
      return;
    }
    process.stderr.write(`内部错误（请报告此问题）：${(e as Error)?.stack ?? e}\n`);
    process.exitCode = 3;
  }
}

// Interrupted (Ctrl-C, CI cancel, timeout): stop at once. Outputs are written under temporary
// names and renamed, so nothing partial is left; browser.ts's exit hook ends Chromium and removes its profile.
// A watch ends on the first Ctrl-C (it closes its browser and returns); a second one exits.
let watching: AbortController | null = null;
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.on(signal, () => {
    if (watching && !watching.signal.aborted) {
      watching.abort();
      return;
    }
    process.stderr.write(`\n已中止（${signal}）。\n`);
    process.exit(code);
  });
}

// `vet-report … | head`: a reader that stops early is not an error (it was an EPIPE stack).
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  throw e;
});

await main(process.argv);
