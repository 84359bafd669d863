import { parseToml } from './toml';

describe('parseToml', () => {
  it('reads tables, dotted keys, arrays, inline tables and strings', () => {
    const table = parseToml(`# comment
[project]
name = "fraud"  # trailing comment
dependencies = [
  "numpy>=1.26",   # pinned later
  'pandas',
]
[tool.poetry.dependencies]
python = "^3.11"
torch = { version = "2.3.0", source = "pytorch" }
[[tool.mypy.overrides]]
module = "x.*"
ignore = true
[tool.other]
a.b = 1_000
text = """
multi
line"""
`);
    expect(table).toEqual({
      project: { name: 'fraud', dependencies: ['numpy>=1.26', 'pandas'] },
      tool: {
        poetry: {
          dependencies: {
            python: '^3.11',
            torch: { version: '2.3.0', source: 'pytorch' },
          },
        },
        mypy: { overrides: [{ module: 'x.*', ignore: true }] },
        other: { a: { b: 1000 }, text: 'multi\nline' },
      },
    });
  });

  it('returns undefined for text it cannot read', () => {
    expect(parseToml('[project\nname = ')).toBeUndefined();
    expect(parseToml('key = "unterminated')).toBeUndefined();
  });
});
