/**
 * Collects findings in reading order. Each finding is built from the catalogue; --strict turns
 * warnings into errors here, in one place, so every rule honours it.
 */
import { FINDINGS, type FindingCode } from '../messages.js';
import type { Finding, Severity } from '../types.js';

export interface Where {
  file: string;
  sheet?: string | null;
  row?: number | null;
  column?: string | null;
  header?: string | null;
  value?: string | null;
}

export class FindingLog {
  readonly list: Finding[] = [];
  private readonly order = new Map<Finding, number[]>();
  constructor(private readonly strict: boolean) {}

  severityOf(code: FindingCode): Severity {
    const s = FINDINGS[code].severity as Severity;
    return this.strict && s === 'warning' ? 'error' : s;
  }

  /** `sortKey`: [file index, sheet index, row, column index], so cross-file findings sort in place. */
  add(code: FindingCode, where: Where, params: Record<string, string | number> = {}, sortKey: number[] = []): Finding {
    const f: Finding = {
      severity: this.severityOf(code),
      code,
      message: FINDINGS[code].text({ value: where.value ?? '', header: where.header ?? '', ...params }),
      file: where.file,
      sheet: where.sheet ?? null,
      row: where.row ?? null,
      column: where.column ?? null,
      header: where.header ?? null,
      value: where.value ?? null,
    };
    this.list.push(f);
    this.order.set(f, sortKey);
    return f;
  }

  sorted(): Finding[] {
    const key = (f: Finding) => this.order.get(f) ?? [];
    return [...this.list].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
        const d = (ka[i] ?? -1) - (kb[i] ?? -1);
        if (d) return d;
      }
      return 0;
    });
  }
}
