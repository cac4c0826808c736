import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readZip, writeZip, ZipFormatError } from '../../../src-main/core/evidence/zip-store.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-zip-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function sample(name = 'a.zip'): string {
  const file = path.join(dir, name);
  const big = path.join(dir, 'big.bin');
  fs.writeFileSync(big, Buffer.alloc(3 * 1024 * 1024 + 7, 0xab));
  writeZip(
    file,
    [
      { name: 'evidence.json', data: Buffer.from('{"a":1}') },
      { name: 'artifacts/dir/ünïcode.txt', data: Buffer.from('x') },
      { name: 'artifacts/big.bin', file: big },
    ],
    new Date('2026-03-04T05:06:08Z'),
  );
  return file;
}

describe('zip-store', () => {
  it('writes a ZIP that unzip lists and tests, and reads it back', () => {
    const file = sample();
    const listing = execFileSync(
      'python3',
      [
        '-c',
        'import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);print(z.testzip());print("\\n".join(z.namelist()))',
        file,
      ],
      { encoding: 'utf8' },
    );
    expect(listing.trim().split('\n')).toEqual([
      'None',
      'evidence.json',
      'artifacts/dir/ünïcode.txt',
      'artifacts/big.bin',
    ]);
    expect(readZip(file).map((e) => [e.name, e.size])).toEqual([
      ['evidence.json', 7],
      ['artifacts/dir/ünïcode.txt', 1],
      ['artifacts/big.bin', 3 * 1024 * 1024 + 7],
    ]);
  });

  const mangle: Array<[string, (b: Buffer) => Buffer, RegExp, boolean]> = [
    [
      'data appended after the end record',
      (b) => Buffer.concat([b, Buffer.from('x')]),
      /no ZIP end record/,
      false,
    ],
    [
      'bytes prepended',
      (b) => Buffer.concat([Buffer.from('MZ'), b]),
      /not where the previous one ends|does not end where/,
      true,
    ],
    [
      'a local name that disagrees with the directory',
      (b) => {
        const c = Buffer.from(b);
        c[30] = 'E'.charCodeAt(0); // first byte of the first local name
        return c;
      },
      /local header of "evidence.json" disagrees/,
      true,
    ],
    ['a truncated file', (b) => b.subarray(0, 10), /too short|no ZIP end record/, false],
  ];
  for (const [what, change, why, structural] of mangle) {
    it(`attack: ${what} → refused`, () => {
      const file = path.join(dir, 'mangled.zip');
      fs.writeFileSync(file, change(fs.readFileSync(sample('base.zip'))));
      let caught: unknown;
      try {
        readZip(file);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ZipFormatError);
      expect((caught as Error).message).toMatch(why);
      expect((caught as ZipFormatError).structural).toBe(structural);
    });
  }

  it('attack: two entries of one name → refused', () => {
    const file = path.join(dir, 'dup.zip');
    writeZip(
      file,
      [
        { name: 'a', data: Buffer.from('1') },
        { name: 'a', data: Buffer.from('2') },
      ],
      new Date(),
    );
    expect(() => readZip(file)).toThrow(/two entries are named "a"/);
  });
});
