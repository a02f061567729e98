// The edition hash: everything the HTML holds except the build date printed in it.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { editionHash } from '../../src/render/batch.js';
import { VERSION } from '../../src/version.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('editionHash', () => {
  const date = '2024年6月30日';
  it('is the hash of the tool version, formats and the HTML with the date left out', () => {
    for (const html of [`${date}<p>封面</p>`, `<p>${date}</p><p>正文 ${date}</p>`, `<p>正文</p>${date}`, '<p>无日期</p>', `${date}${date}`]) {
      expect(editionHash(html, ['html', 'pdf'], date), html).toBe(sha(`${VERSION}\nhtml,pdf\n${html.split(date).join('')}`));
      expect(editionHash(html, ['pdf'], ''), `${html} (no date)`).toBe(sha(`${VERSION}\npdf\n${html}`));
    }
  });

  it('does not change with the date, and changes with anything else', () => {
    const a = editionHash(`<p>${date}</p><p>10所</p>`, ['pdf'], date);
    expect(editionHash('<p>2024年7月1日</p><p>10所</p>', ['pdf'], '2024年7月1日')).toBe(a);
    expect(editionHash(`<p>${date}</p><p>11所</p>`, ['pdf'], date)).not.toBe(a);
    expect(editionHash(`<p>${date}</p><p>10所</p>`, ['html', 'pdf'], date)).not.toBe(a);
  });
});
