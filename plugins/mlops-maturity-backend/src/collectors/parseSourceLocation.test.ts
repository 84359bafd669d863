import { parseSourceLocation } from './parseSourceLocation';

describe('parseSourceLocation', () => {
  it.each([
    [
      'url:https://github.com/acme/fraud/tree/main/',
      { type: 'url', target: 'https://github.com/acme/fraud/tree/main/' },
    ],
    [
      'https://gitlab.example.test/acme/fraud',
      { type: 'url', target: 'https://gitlab.example.test/acme/fraud' },
    ],
    [
      'file:./examples/repos/fraud',
      { type: 'file', target: './examples/repos/fraud' },
    ],
    ['file:/srv/repos/fraud/', { type: 'file', target: '/srv/repos/fraud/' }],
    ['url:file:/srv/repos/fraud', { type: 'file', target: '/srv/repos/fraud' }],
    ['file:///srv/repos/fraud', { type: 'file', target: '/srv/repos/fraud' }],
    [
      '  url:https://dev.azure.com/acme/ml/_git/fraud  ',
      { type: 'url', target: 'https://dev.azure.com/acme/ml/_git/fraud' },
    ],
  ])('parses %s', (value, expected) => {
    expect(parseSourceLocation(value)).toEqual(expected);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    [
      'ftp://example.test/repo',
      /Unsupported source location "ftp:\/\/example.test\/repo"/,
    ],
    ['url:ftp://example.test/repo', /Unsupported source location/],
    ['url:', /Unsupported source location/],
    ['file:', /no path after file:/],
    ['github.com/acme/fraud', /Unsupported source location/],
  ])('rejects %j', (value, message) => {
    expect(() => parseSourceLocation(value)).toThrow(message);
  });
});
