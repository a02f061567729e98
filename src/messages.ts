/**
 * Every message the user can read, in one catalogue, each with a stable code.
 * Findings (about input cells) and user errors (about the run itself) live here; code elsewhere
 * refers to them by code and passes the parameters.
 */
import type { Severity } from './types.js';

type P = Record<string, string | number>;
const q = (s: unknown) => `“${String(s ?? '')}”`;

export interface FindingEntry {
  severity: Severity;
  text: (p: P) => string;
}

export const FINDINGS = {
  // Files and sheets
  FILE_XLS: { severity: 'error', text: () => '这是旧版 Excel（.xls）文件，无法读取。请在 Excel 或 WPS 中“另存为” .xlsx 格式后重新提交。' },
  FILE_UNSUPPORTED: { severity: 'error', text: (p) => `不支持的文件类型（${p.ext}）。请提交 .xlsx 工作簿，或 .csv / .tsv / .txt 分隔文本。` },
  FILE_CORRUPT: { severity: 'error', text: (p) => `文件已损坏或不是有效的 .xlsx 工作簿（${p.detail}）。请在 Excel 或 WPS 中打开并重新“另存为” .xlsx。` },
  FILE_UNREADABLE: { severity: 'error', text: (p) => `无法读取文件：${p.detail}` },
  FILE_ENCODING: { severity: 'warning', text: (p) => `文本编码无法可靠识别，已按 ${p.encoding} 读取；如出现乱码，请另存为 UTF-8 编码的 CSV。` },
  FILE_NOT_WORKBOOK: {
    severity: 'error',
    text: (p) => `这是一个 zip 压缩文件，但不是 Excel 工作簿（${p.detail}），未读取。请提交在 Excel 或 WPS 中保存的 .xlsx 工作簿。`,
  },
  FILE_NOT_REGULAR: { severity: 'error', text: (p) => `这不是普通文件，而是${p.type}，未读取。请提交文件本身。` },
  FILE_LINK_BROKEN: { severity: 'error', text: (p) => `这是一个符号链接，但它指向的位置${p.target ? `（${p.target}）` : ''}不存在，未读取。` },
  FILE_LINK_LOOP: { severity: 'error', text: () => '这是一个形成循环的符号链接（最终指回自身或上级文件夹），未读取。' },
  FILE_TOO_LARGE: {
    severity: 'error',
    text: (p) => `文件大小 ${p.size} 超过每个文件 ${p.limit} 的上限，未读取。如确需读取，请设置环境变量 VET_REPORT_MAX_FILE_MB（单位 MB）。`,
  },
  FILE_ENCODING_DETECTED: {
    severity: 'info',
    text: (p) => `文本既不是 UTF-8 也不是 GBK 编码，按检测结果以 ${p.encoding} 编码读取。如出现乱码，请另存为 UTF-8 编码的 CSV。`,
  },
  TEXT_MIXED_ENCODING: {
    severity: 'warning',
    text: (p) =>
      `文件混用了两种文本编码：自此行起共 ${p.count} 行为 ${p.other}，其余为 ${p.main}；已逐行识别读取。请核对这些行，并把文件另存为统一的 UTF-8 编码。`,
  },
  TEXT_REPLACEMENT_CHARS: {
    severity: 'warning',
    text: (p) => `按 ${p.encoding} 读取时有 ${p.count} 处无法识别的字符（显示为 �），第一处在此行。请核对原文件的编码，另存为 UTF-8 编码的 CSV。`,
  },
  CELL_REPLACEMENT_CHARS: {
    severity: 'warning',
    text: (p) => `单元格文字${q(p.value)}中有无法识别的字符（显示为 �），工作簿中这段文字已损坏。请在 Excel 或 WPS 中核对并重新填写此单元格，保存后重新提交。`,
  },
  CSV_UNCLOSED_QUOTE: {
    severity: 'error',
    text: (p) =>
      `此行有一个没有闭合的引号（"）：从这里起的 ${p.lines} 行文本（直到文件末尾）都被读成了一个单元格，这些行均未接收。请补上缺少的引号或删去多余的引号。`,
  },
  CSV_CELL_LINE_BREAK: {
    severity: 'warning',
    text: (p) => `此行有一个单元格在引号内跨了 ${p.lines} 行，其中有多个分隔符，像是并入了下一行的数据：可能少了或多了一个引号（"）。请核对。`,
  },
  SHEET_NO_TABLE: { severity: 'info', text: (p) => `未识别为任何数据表（${p.reason}），已跳过。` },
  COLUMN_REQUIRED_MISSING: {
    severity: 'error',
    text: (p) => `表头缺少必填列${q(p.header)}（可用名称：${p.aliases}），本表 ${p.rows} 行数据均无法接收。请补充该列。`,
  },
  COLUMN_IGNORED: { severity: 'info', text: (p) => `列${q(p.header)}不属于${p.table}的填报项，已忽略。` },
  COLUMN_DUPLICATE: { severity: 'warning', text: (p) => `列${q(p.header)}与第 ${p.first} 列重复（都对应“${p.field}”），已使用第一列。` },
  TOTAL_MISMATCH: { severity: 'warning', text: (p) => `合计行数值 ${p.value} 与上方各行之和 ${p.sum} 不一致，请核对合计或明细。` },

  // Cell values
  VALUE_REQUIRED: { severity: 'error', text: (p) => `必填项${q(p.header)}为空。请填写${p.expect}。` },
  VALUE_NOT_NUMBER: { severity: 'error', text: (p) => `${q(p.value)}不是数字。请填写${p.expect}。` },
  VALUE_NOT_INTEGER: { severity: 'error', text: (p) => `${q(p.value)}不是整数。请填写整数${p.unit ? `（单位：${p.unit}）` : ''}。` },
  VALUE_NEGATIVE: { severity: 'error', text: (p) => `${q(p.value)}为负数。该项应为不小于 0 的整数。` },
  VALUE_UNIT_CONFLICT: { severity: 'error', text: (p) => `${q(p.value)}的单位与列的单位（${p.unit}）不符。请只填写数字，或使用与表头一致的单位。` },
  SCHOOL_ID_FORMAT: { severity: 'error', text: (p) => `学校标识码${q(p.value)}应为 10 位数字。请按文本格式填写（保留开头的 0）。` },
  YEAR_INVALID: { severity: 'error', text: (p) => `统计年份${q(p.value)}无效。请填写 4 位年份，如 2023。` },
  PROVINCE_UNKNOWN: {
    severity: 'error',
    text: (p) =>
      `无法识别的省份${q(p.value)}${p.suggestion ? `，是否应为“${p.suggestion}”？` : '。'}请填写省份简称（如 山东）、全称（如 山东省）或 2 位行政区划代码（如 37）。`,
  },
  LEVEL_UNKNOWN: { severity: 'error', text: (p) => `无法识别的办学层次${q(p.value)}。应为 中职、高职专科 或 高职本科。` },
  OWNERSHIP_UNKNOWN: { severity: 'error', text: (p) => `无法识别的举办性质${q(p.value)}。应为 公办 或 民办。` },
  COUNTRY_UNKNOWN: {
    severity: 'error',
    text: (p) =>
      `无法识别的合作国家（地区）${q(p.value)}${p.suggestion ? `，是否应为“${p.suggestion}”？` : '。'}请填写中文名称（如 德国）、英文名称或 ISO 代码（如 DE）。`,
  },
  COUNTRY_IS_CHINA: { severity: 'error', text: (p) => `合作国家（地区）${q(p.value)}不能是中国本身。港澳台请填写 中国香港、中国澳门、中国台湾。` },
  PROJECT_TYPE_UNKNOWN: { severity: 'error', text: (p) => `无法识别的项目类型${q(p.value)}。应为：${p.allowed}。` },
  STATUS_UNKNOWN: { severity: 'error', text: (p) => `无法识别的项目状态${q(p.value)}。应为 运行中、已结束 或 筹建中。` },
  DATE_INVALID: { severity: 'error', text: (p) => `${q(p.value)}不是有效日期。请填写如 2023-04-19、2023/4/19 或 2023年4月19日。` },
  START_AFTER_YEAR: { severity: 'error', text: (p) => `设立日期 ${p.date} 晚于统计年份 ${p.year} 年末。请核对设立日期或统计年份。` },
  START_TOO_EARLY: { severity: 'error', text: (p) => `设立日期 ${p.date} 早于 1978 年，不合常理。请核对。` },
  SUBMITTED_LATE: { severity: 'warning', text: (p) => `填报日期 ${p.date} 晚于填报截止日（${p.deadline}）。` },
  SUBMITTED_EARLY: { severity: 'warning', text: (p) => `填报日期 ${p.date} 早于填报开始日（${p.start}），统计年份尚未结束。` },
  PLACED_GT_GRADUATES: { severity: 'error', text: (p) => `毕业去向落实人数 ${p.placed} 大于毕业生数 ${p.graduates}。落实人数不能超过毕业生数。` },
  UNIT_UNKNOWN: { severity: 'error', text: (p) => `无法识别的单位${q(p.value)}。应为：所、个、人、万人、人次、万人次、%、元、万元、亿元。` },
  SERIES_LEVEL_UNKNOWN: { severity: 'error', text: (p) => `无法识别的层次${q(p.value)}。应为 合计、中职、高职专科、高职本科 或 高职。` },
  BOOL_INVALID: { severity: 'error', text: (p) => `${q(p.value)}无法识别。请填写 是 或 否。` },
  REGION_UNKNOWN: {
    severity: 'error',
    text: (p) => `无法识别的地区${q(p.value)}${p.suggestion ? `，是否应为“${p.suggestion}”？` : '。'}应为 全国 或省份名称。`,
  },

  // Across rows and files
  DUPLICATE_KEY: { severity: 'error', text: (p) => `${p.key}重复：已在 ${p.first} 出现，以首次出现的为准，本行未接收。` },
  SCHOOL_NOT_IN_ROSTER: { severity: 'warning', text: (p) => `学校标识码 ${p.id} 不在 ${p.year} 年院校基本情况名单中。请核对学校标识码。` },
  SCHOOL_NAME_MISMATCH: { severity: 'warning', text: (p) => `学校名称${q(p.value)}与院校名单中的“${p.roster}”不一致（学校标识码 ${p.id}）。` },
  PROVINCE_MISMATCH: { severity: 'error', text: (p) => `省份“${p.value}”与院校名单中该校所在省份“${p.roster}”不一致（学校标识码 ${p.id}，见 ${p.where}）。` },
  CASE_DOC_UNREADABLE: {
    severity: 'error',
    text: (p) => `Word 文档无法读取（${p.detail}）。Word 文档按案例读取：数据表请另存为 .xlsx 提交；案例请在 Word 或 WPS 中打开后重新另存为 .docx。`,
  },
  CASE_DOC_NO_FIELDS: {
    severity: 'error',
    text: () =>
      'Word 文档开头没有案例字段（如“学校名称：……”“省份：……”“合作国家（地区）：……”），无法作为案例读取。数据表请另存为 .xlsx 提交；案例请在文档开头逐行写明这些字段（见 README“案例”）。',
  },
  CASE_DOC_MISSING: { severity: 'error', text: (p) => `正文所指的文件${q(p.value)}不存在。请把该文件与案例表放在同一文件夹中，或直接填写正文。` },
  CASE_FIELD_MISSING: { severity: 'error', text: (p) => `案例缺少${q(p.header)}。请在文档开头写一行“${p.header}：……”（见 README“案例”）。` },
  CASE_BODY_EMPTY: { severity: 'error', text: () => '案例正文为空。' },
  CASE_TOO_LONG: { severity: 'warning', text: (p) => `案例正文有 ${p.chars} 字，超过一页（约 ${p.limit} 字），排版时将跨页。请考虑精简。` },
  CASE_IMAGE_MISSING: { severity: 'error', text: (p) => `图片文件${q(p.value)}不存在。请把图片与案例放在同一文件夹中，或删去该文件名。` },
  CASE_CONTENT_REMOVED: { severity: 'warning', text: (p) => `案例中的${p.what}不能出现在报告中，已删去（文字保留）。` },
  CASE_DUPLICATE: { severity: 'error', text: (p) => `同一学校的同名案例已在 ${p.first} 出现，以首次出现的为准，本案例未接收。` },
  CASE_PROJECT_UNKNOWN: { severity: 'warning', text: (p) => `项目编号 ${p.id} 不在 ${p.year} 年对外合作项目中。请核对项目编号。` },
  CASE_COUNTRY_MISMATCH: { severity: 'warning', text: (p) => `合作国家（地区）“${p.value}”与项目 ${p.id} 的合作国家（地区）“${p.project}”不一致。` },
  CASE_SCHOOL_UNKNOWN: {
    severity: 'warning',
    text: (p) => `学校标识码 ${p.id} 不在 ${p.year} 年院校基本情况名单中${p.suggestion ? `（名称相近的学校：${p.suggestion}）` : ''}。请核对。`,
  },
  SERIES_DISAGREES: {
    severity: 'warning',
    text: (p) =>
      `${p.year}年${p.region}${p.level === '合计' ? '' : p.level}${p.indicator}：院校名单汇总为 ${p.computed}，公布数据为 ${p.published}，超出公布精度。`,
  },
} satisfies Record<string, FindingEntry>;

export type FindingCode = keyof typeof FINDINGS;

export interface UserErrorEntry {
  exit: number;
  text: (p: P) => string;
}

export const USER_ERRORS = {
  PATH_NOT_FOUND: { exit: 2, text: (p) => `找不到输入路径：${p.path}` },
  NO_INPUT_READ: { exit: 2, text: (p?: P) => `没有读到任何可用的输入数据（文件不存在、格式不支持或均无法识别为数据表）。${p?.detail ? `\n${p.detail}` : ''}` },
  NO_FILES: { exit: 2, text: (p) => `在 ${p.path} 中没有找到 .xlsx、.csv、.tsv 或 .txt 文件。` },
  BAD_OPTION: { exit: 2, text: (p) => `参数${q(p.option)}无效：${p.detail}` },
  REPORT_PATH: { exit: 2, text: (p) => `问题报告必须是 .xlsx 文件：${p.path}` },
  TEMPLATE_ERROR: { exit: 1, text: (p) => `模板 ${p.template} 出错：${p.detail}` },
  GLYPH_MISSING: { exit: 1, text: (p) => `${p.edition}：字体中没有以下字符，无法排印：${p.detail}` },
  EDITION_FAILED: { exit: 1, text: (p) => `${p.edition} 生成失败：${p.detail}` },
  NO_DATA_FOR_YEAR: { exit: 2, text: (p) => `${p.year}年没有院校基本情况数据，无法生成报告（有院校基本情况的年份：${p.years}）。` },
  MANIFEST_BAD: { exit: 2, text: (p) => `无法读取清单 ${p.path}：${p.detail}` },
  MANIFEST_MERGE: { exit: 2, text: (p) => `无法合并清单：${p.detail}` },
  TEMP_FAILED: { exit: 2, text: (p) => `无法在临时文件夹 ${p.path} 中写入：${p.detail}（可用环境变量 TMPDIR 指定另一个文件夹）` },
  WRITE_FAILED: { exit: 2, text: (p) => `无法写入 ${p.path}：${p.detail}` },
  // The browser that prints PDFs: each names CHROMIUM_PATH (where it was looked for) and what to do.
  BROWSER_MISSING: {
    exit: 1,
    text: (p) =>
      `找不到用来生成 PDF 的浏览器：${p.path} 不存在。请安装 Chromium（Debian/Ubuntu：apt-get install chromium），或用环境变量 CHROMIUM_PATH 指定 Chromium 可执行文件的位置；只要 HTML 时可用 --format html。`,
  },
  BROWSER_NOT_EXECUTABLE: {
    exit: 1,
    text: (p) =>
      `用来生成 PDF 的浏览器 ${p.path} ${p.detail}，无法启动。请把环境变量 CHROMIUM_PATH 设为 Chromium 可执行文件（如 /usr/bin/chromium），或不设置它以使用默认位置。`,
  },
  BROWSER_TIMEOUT: {
    exit: 1,
    text: (p) =>
      `浏览器 ${p.path} 启动后 ${p.seconds} 秒内没有响应，已结束它。请确认环境变量 CHROMIUM_PATH 指向 Chromium（而不是别的程序）；机器繁忙时可用 VET_REPORT_BROWSER_TIMEOUT 设置更长的等待秒数。`,
  },
  PREVIEW_PORT_IN_USE: {
    exit: 2,
    text: (p) => `端口 ${p.port} 已被占用（可能另一个预览仍在运行）。请结束它，或用 --port 指定另一个端口（如 --port ${p.next}）。`,
  },
  PREVIEW_LISTEN_FAILED: { exit: 2, text: (p) => `预览无法在 ${p.host}:${p.port} 上提供服务：${p.detail}` },
  BROWSER_CRASHED: {
    exit: 1,
    text: (p) => `浏览器 ${p.path} ${p.when}意外退出（${p.how}）。请确认环境变量 CHROMIUM_PATH 指向可用的 Chromium，并检查内存是否充足，然后重新生成。`,
  },
} satisfies Record<string, UserErrorEntry>;

export type UserErrorCode = keyof typeof USER_ERRORS;

/** Why a file could not be written or read, by the system's error code (WRITE_FAILED and others' detail). */
export const FS_ERRNO: Record<string, string> = {
  ENOENT: '路径不存在（或是指向不存在位置的链接）',
  ENOTDIR: '路径中有一部分是文件，不是文件夹',
  EISDIR: '这是一个文件夹，不是文件',
  EEXIST: '同名的文件或链接已存在',
  EACCES: '没有权限',
  EPERM: '没有权限',
  EROFS: '文件系统是只读的',
  ENOSPC: '磁盘空间不足',
  EDQUOT: '超出磁盘配额',
  ENAMETOOLONG: '文件名过长',
  ELOOP: '符号链接形成了循环',
  EMFILE: '打开的文件过多',
  EIO: '读写出错（磁盘或网络存储）',
};

/** The Chinese reason for a file system error, else its own message. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return (code && FS_ERRNO[code]) || String((e as Error)?.message ?? e);
}

/**
 * commander's own usage errors, in Chinese: [its English message, ours]. Applied in order to the
 * text commander writes; anything not matched passes through as commander wrote it.
 */
export const COMMANDER_ERRORS: readonly [RegExp, string][] = [
  [/^error: unknown option '(.*)'/, '错误：没有选项“$1”'],
  [/^error: unknown command '(.*)'/, '错误：没有命令“$1”'],
  [/^error: missing required argument '(.*)'/, '错误：缺少参数“$1”'],
  [/^error: option '(.*)' argument missing/, '错误：选项“$1”缺少取值'],
  [/^error: required option '(.*)' not specified/, '错误：缺少必需的选项“$1”'],
  [/^error: too many arguments.*? Expected (\d+) arguments? but got (\d+)\./, '错误：参数过多（应为 $1 个，给出了 $2 个）'],
  [/\(Did you mean one of (.*)\?\)/, '（是否应为以下之一：$1？）'],
  [/\(Did you mean (.*)\?\)/, '（是否应为 $1？）'],
];

/** Warnings a build records for an edition (manifest `warnings`, the build log); the edition is still made. */
export const BUILD_WARNINGS = {
  DASH_BEFORE_UNIT: (p: { dashes: string; words: string }) =>
    `正文中缺少的数值印成了“${p.dashes}”：“…${p.words}…”，请在模板中用 {{#if (known …)}} 略去或改写这句话`,
  SUPERLATIVE_OVER_ONE: (p: { words: string }) =>
    `正文用“最”字比较的只有一个数：“…${p.words}…”，数据少时请在模板中改写（如用 {{#if (plottable …)}} 或 {{#if (gt … 1)}} 选择说法）`,
  RAW_NUMBER: (p: { template: string; at: string; value: number }) =>
    `模板 ${p.template} ${p.at}：数字 ${p.value} 未经格式助手输出；请用 fixed、percent、wanRen 等助手（见 docs/templates.md）。`,
};

/** Human texts for the CLI's own lines (summaries, headings). */
export const UI = {
  summaryHeader: '文件 / 工作表                          表        读取   接收   拒收   跳过',
  severityLabel: { error: '错误', warning: '警告', info: '提示' } as Record<Severity, string>,
  tableName: { roster: '院校基本情况', projects: '对外合作项目', series: '统计指标', cases: '典型案例' } as Record<string, string>,
  /** Damaged tool cache entries found and made again (src/cache.ts takeCacheNotices): what, by kind, and the cache folder. */
  cacheDamaged: (what: string, root: string) => `提示：工具缓存中的条目已损坏，已重新生成：${what}（缓存目录 ${root}）。`,
  cacheKind: {
    charts: '图表',
    data: '校验与汇总结果',
    layout: '分页测量',
    sheets: '读出的工作表',
    subsets: '字体子集',
    xlsx: '数据工作簿',
  } as Record<string, string>,
  /** After the first FINDINGS_CAP findings of one kind in one column: the rest counted. */
  sameKind: (n: string, listed: number) => `同类问题另有 ${n} 处（只列出前 ${listed} 处，完整列表请用 --json 输出）`,
  moreInFile: (n: string) => `…… 另有 ${n} 条，完整列表请用 --report 问题.xlsx 或 --json 输出。`,
  /** aggregate: files not read at all (refused, not a workbook, unreadable), each with its reason. */
  unreadFiles: (list: { file: string; reason?: string }[]) =>
    `错误：${list.length} 个文件未能读取，未计入汇总：\n${list.map((f) => `  ${f.file}：${f.reason ?? ''}`).join('\n')}`,
};

/** `vet-report preview`: the index page, the overlay and the terminal lines (src/preview/). */
export const PREVIEW = {
  listening: (url: string) => `预览：${url}（保存模板或数据后自动重新生成，打开的页面随之刷新；Ctrl-C 结束）`,
  notLoopback: (host: string) => `注意：预览在 ${host} 上提供服务，同一网络中的其他计算机也可以访问这些报告。`,
  openFailed: (url: string) => `无法自动打开浏览器，请手动打开 ${url}`,
  stopped: '预览已结束。',
  indexTitle: (year: number | null) => (year ? `${year}年报告预览` : '报告预览'),
  waiting: '正在生成，请稍候……',
  building: (what: string) => `正在重新生成：${what}`,
  buildingAny: '正在重新生成……',
  idle: (at: string, seconds: string) => `${at} 生成完毕（用时 ${seconds} 秒）`,
  editions: '版本',
  columns: ['版本', '状态', '页数', '警告', '文件'] as const,
  status: { built: '已生成', unchanged: '未变化', failed: '失败' } as Record<string, string>,
  lastGood: '上次生成成功的文件',
  html: 'HTML',
  pdf: 'PDF',
  dataFiles: (n: number) => `数据下载（${n} 个）`,
  noEditions: '还没有生成任何版本。',
  validation: '数据校验',
  validationCounts: (errors: number, warnings: number, infos: number) => `错误 ${errors} 条，警告 ${warnings} 条，提示 ${infos} 条`,
  validationMissing: '还没有校验结果（validation.json）。',
  filterFile: '文件',
  filterSeverity: '级别',
  all: '全部',
  filterSubmit: '筛选',
  findingColumns: ['级别', '文件', '工作表', '行', '列', '问题'] as const,
  buildFailed: '生成失败',
  overlayTitle: (what: string) => `${what}出错`,
  overlayWhole: '本次生成',
  overlayWhere: (file: string, line?: number, column?: number) => `${file}${line ? `：第 ${line} 行` : ''}${column ? `第 ${column} 列` : ''}`,
  overlayHint: '改正并保存后，本页自动刷新。',
  notFound: '404 找不到该文件',
  methodNotAllowed: '405 只支持 GET 与 HEAD 请求',
  forbiddenHost: '403 预览只接受以本机地址（127.0.0.1、localhost）访问的请求',
};
