import {
  escapePromqlString,
  renderQueryTemplate,
  validateQueryTemplate,
} from './promqlTemplate';

describe('escapePromqlString', () => {
  it('escapes the enclosing quote, backslashes and control characters', () => {
    expect(escapePromqlString('a"b\\c')).toBe('a\\"b\\\\c');
    expect(escapePromqlString('line\nnext\ttab\rret\u0001')).toBe(
      'line\\nnext\\ttab\\rret\\x01',
    );
    // Only the opening quote may be escaped in PromQL, so the other stays literal.
    expect(escapePromqlString(`it's "x"`, "'")).toBe(`it\\'s "x"`);
    expect(escapePromqlString(`it's`, '"')).toBe(`it's`);
  });

  it('keeps non-ASCII characters', () => {
    expect(escapePromqlString('betrugserkennung-ä-日本')).toBe(
      'betrugserkennung-ä-日本',
    );
  });
});

describe('renderQueryTemplate', () => {
  it('substitutes the job inside double- and single-quoted strings', () => {
    expect(
      renderQueryTemplate(
        'up{job="{{job}}"} or up{exported_job=\'{{job}}\'}',
        `a"b'c`,
      ),
    ).toBe(`up{job="a\\"b'c"} or up{exported_job='a"b\\'c'}`);
  });

  it('cannot be escaped from by a job name', () => {
    const rendered = renderQueryTemplate(
      'up{job="{{job}}"}',
      'x"} or vector(1) or up{job="',
    );
    expect(rendered).toBe('up{job="x\\"} or vector(1) or up{job=\\""}');
  });

  it('ignores quotes and placeholders inside strings of other kinds correctly', () => {
    expect(
      renderQueryTemplate('{a=`"`, job="{{job}}", b="\\"{{job}}"}', 'j'),
    ).toBe('{a=`"`, job="j", b="\\"j"}');
  });
});

describe('validateQueryTemplate', () => {
  it('accepts templates with the job inside a string', () => {
    expect(() =>
      validateQueryTemplate(
        'count by (__name__) ({job="{{job}}", __name__=~".*drift.*"}) # drift',
      ),
    ).not.toThrow();
  });

  it.each([
    [
      'count by (__name__) ({__name__=~".*drift.*"})',
      /must select the service's series with \{\{job\}\}/,
    ],
    [
      'up{job={{job}}}',
      /must be inside a double- or single-quoted PromQL string/,
    ],
    [
      'up{job=`{{job}}`}',
      /must be inside a double- or single-quoted PromQL string/,
    ],
    ['up # {{job}}', /must be inside a double- or single-quoted PromQL string/],
    ['up{job="{{service}}"}', /unknown placeholder \{\{service\}\}/],
    ['up{job="{{job}}}', /unterminated " string/],
  ])('rejects %s', (template, message) => {
    expect(() => validateQueryTemplate(template)).toThrow(message);
  });
});
