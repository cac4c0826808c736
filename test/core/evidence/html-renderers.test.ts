import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  exportRenderer,
  generatorNumber,
  HTML_RENDERERS,
  newestGeneratorNumber,
  rendererNamed,
} from '../../../src-main/core/evidence/html-renderers.js';
import { checkPage, firstDifference } from '../../../src-main/core/evidence/page-check.js';
import type { EvidenceDocument } from '../../../src-main/core/evidence/sign.js';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'fixtures', 'evidence');
const released = fs.readFileSync(path.join(FIXTURES, 'released-html-1.html'), 'utf8');
const releasedDoc = JSON.parse(
  fs.readFileSync(path.join(FIXTURES, 'released-json-1.json'), 'utf8'),
) as EvidenceDocument;

describe('the released renderers', () => {
  it('renderer 1 still makes, byte for byte, the page it made when it was released', () => {
    const embedded = JSON.parse(
      /<script type="application\/json" id="runlog-evidence">([\s\S]*?)<\/script>/.exec(
        released,
      )![1]!,
    ) as EvidenceDocument;
    expect(rendererNamed('runlog-evidence-html/1')!.render(embedded)).toBe(released);
    expect(checkPage(released, embedded, 'runlog-evidence/1').matches).toBe(true);
  });

  it('are append-only and numbered 1, 2, … with unique names', () => {
    expect(HTML_RENDERERS.map((r) => generatorNumber(r.generator))).toEqual(
      HTML_RENDERERS.map((_r, i) => i + 1),
    );
    expect(newestGeneratorNumber()).toBe(HTML_RENDERERS.length);
  });

  it('export uses the newest renderer that reads the record format; renderer 2 names the signer', () => {
    const r = exportRenderer('runlog-evidence/1');
    expect(r.generator).toBe('runlog-evidence-html/2');
    const page = r.render(releasedDoc);
    expect(page).toMatch(/<th>Signed by key<\/th><td><span class="hash">SHA256:[^<]+<\/span>/);
    expect(() => exportRenderer('runlog-evidence/0')).toThrow(/no evidence page renderer/);
  });

  it('only accepts generator names Runlog writes', () => {
    expect(generatorNumber('runlog-evidence-html/12')).toBe(12);
    for (const bad of [
      'runlog-evidence-html/0',
      'runlog-evidence-html/01',
      'x',
      'runlog-evidence-html/2 ',
    ]) {
      expect(generatorNumber(bad)).toBeUndefined();
    }
  });
});

describe('firstDifference', () => {
  it('names line and column and shows both sides from the start of the tag', () => {
    expect(firstDifference('<p>a</p>\n<b>x</b>', '<p>a</p>\n<i>x</i>')).toBe(
      'line 2, column 1: the page has "<i>x</i>" where the signed record gives "<b>x</b>"',
    );
    expect(firstDifference('abc', 'abcdef')).toMatch(
      /the page has "def" where the signed record gives the end of the page/,
    );
  });
});
