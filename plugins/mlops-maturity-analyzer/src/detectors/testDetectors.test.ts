import { analyzeFiles, rejectionsOf, signalsOf } from '../testUtils';

describe('tests', () => {
  it('counts test functions with real assertions across Python, TypeScript and Go', async () => {
    const facts = await analyzeFiles({
      'tests/test_features.py': `import pytest
from fraud.features import build

def test_build_adds_amount_ratio():
    df = build(sample())
    assert "amount_ratio" in df.columns

def test_rejects_negative_amounts():
    with pytest.raises(ValueError):
        build(negative())

class TestModel:
    def test_scores_are_probabilities(self):
        check_probabilities(model().predict_proba(X))

def check_probabilities(p):
    assert ((p >= 0) & (p <= 1)).all()
`,
      'tests/unit/test_api.py': `import unittest

class ApiTest(unittest.TestCase):
    def test_health(self):
        self.assertEqual(client.get("/health").status_code, 200)
`,
      'web/src/score.test.ts': `import { score } from './score';
describe('score', () => {
  it('rounds to two decimals', () => {
    expect(score(0.12345)).toBe(0.12);
  });
  it.skip('handles NaN', () => {
    expect(score(NaN)).toBe(0);
  });
});
`,
      'gateway/router_test.go': `package gateway

import "testing"

func TestRoute(t *testing.T) {
	if got := Route("gpt-4o"); got != "azure" {
		t.Fatalf("got %s", got)
	}
}
`,
    });
    const pytest = signalsOf(facts, 'tests', 'pytest')[0];
    expect(pytest.attributes).toMatchObject({
      testFiles: 2,
      testFunctions: 4,
      placeholders: 0,
    });
    expect(pytest.path).toBe('tests');
    expect(signalsOf(facts, 'tests', 'jest')[0].attributes).toMatchObject({
      testFiles: 1,
      testFunctions: 1,
      skipped: 1,
    });
    expect(
      signalsOf(facts, 'tests', 'go-test')[0].attributes.testFunctions,
    ).toBe(1);
    expect(rejectionsOf(facts, 'tests')).toHaveLength(0);
  });

  it('rejects placeholder, empty and skipped tests', async () => {
    const facts = await analyzeFiles({
      'tests/test_placeholder.py': `def test_model():
    assert True

def test_pipeline():
    pass

def test_math():
    assert 1 == 1

def test_smoke():
    run_pipeline()
`,
      'tests/test_skipped.py':
        'import pytest\n\n@pytest.mark.skip(reason="flaky")\ndef test_train():\n    assert train() > 0.9\n',
      'src/app.test.ts':
        "describe('app', () => {\n  it('works', () => {\n    expect(true).toBe(true);\n  });\n});\n",
    });
    expect(signalsOf(facts, 'tests')).toHaveLength(0);
    const reasons = rejectionsOf(facts, 'tests').map(r => r.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /tests\/test_placeholder.py does not test anything: it has only placeholder tests: `test_model \(asserts a constant\)`, `test_pipeline \(empty\)`, `test_math \(asserts a constant\)`/,
        ),
        expect.stringMatching(
          /tests\/test_skipped.py does not test anything: all 1 test is skipped/,
        ),
        expect.stringMatching(
          /src\/app.test.ts does not test anything: .*`works \(asserts a constant\)`/,
        ),
      ]),
    );
  });
});
