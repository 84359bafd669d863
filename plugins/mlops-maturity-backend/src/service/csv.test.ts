import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes fields with commas, quotes and line breaks as RFC 4180 says', () => {
    expect(
      toCsv(
        ['name', 'note', 'count'],
        [
          ['plain', 'a, b', 3],
          ['say "hi"', 'line one\nline two', 0.5],
          ['cr\r', null, undefined],
        ],
      ),
    ).toBe(
      'name,note,count\r\n' +
        'plain,"a, b",3\r\n' +
        '"say ""hi""","line one\nline two",0.5\r\n' +
        '"cr\r",,\r\n',
    );
  });

  it('writes the header alone when there are no rows', () => {
    expect(toCsv(['a', 'b'], [])).toBe('a,b\r\n');
  });
});
