import { analyzeFiles, rejectionsOf, signalsOf } from '../testUtils';

const prose = (topic: string, words: number) =>
  Array.from({ length: words }, (_, i) =>
    i % 12 === 0
      ? topic
      : [
          'the',
          'service',
          'scores',
          'card',
          'transactions',
          'within',
          'milliseconds',
          'using',
          'features',
          'from',
          'history',
        ][i % 11],
  ).join(' ');

describe('documentation and model cards', () => {
  it('accepts a README with substance and rejects a stub at the root', async () => {
    const good = await analyzeFiles({
      'README.md': `# Fraud detector\n\n[![CI](https://x/badge.svg)](https://x)\n\n## Overview\n${prose(
        'fraud',
        80,
      )}\n\n## Running locally\n${prose(
        'docker',
        60,
      )}\n\n\`\`\`bash\nmake run\n\`\`\`\n\n## Operations\n${prose(
        'alerts',
        40,
      )}\n`,
    });
    expect(
      signalsOf(good, 'documentation', 'readme')[0].attributes.sections,
    ).toEqual(['Fraud detector', 'Overview', 'Running locally', 'Operations']);
    const stub = await analyzeFiles({
      'README.md': '# fraud-detector\n\nTODO: write docs\n',
    });
    expect(signalsOf(stub, 'documentation')).toHaveLength(0);
    expect(rejectionsOf(stub, 'documentation')[0].reason).toMatch(
      /README.md is a stub/,
    );
  });

  it('accepts a MkDocs site with pages and rejects one without', async () => {
    const facts = await analyzeFiles({
      'mkdocs.yml': 'site_name: Fraud detector\nnav:\n  - Home: index.md\n',
      'docs/index.md': `# Fraud detector\n\n${prose('model', 200)}\n`,
      'services/empty/mkdocs.yml': 'site_name: Empty\n',
    });
    expect(
      signalsOf(facts, 'documentation', 'mkdocs')[0].attributes,
    ).toMatchObject({ pages: 1, siteName: 'Fraud detector' });
    expect(rejectionsOf(facts, 'documentation')[0].reason).toMatch(
      /services\/empty\/mkdocs.yml configures a docs site but services\/empty\/docs\/ has no pages/,
    );
  });

  it('accepts a model card with intended use, evaluation and limitations; rejects a stub', async () => {
    const facts = await analyzeFiles({
      'docs/MODEL_CARD.md': `# Model card: fraud-detector v7

## Model details
Gradient boosted trees trained on twelve months of card transactions from EU merchants.

## Intended use
Scoring card-not-present transactions in real time to route risky ones to manual review.

## Evaluation
On the March 2024 holdout the model reaches ROC AUC 0.947 and precision 0.81 at 60% recall.

## Limitations
Performance drops for merchants with fewer than 100 transactions and for new payment methods.
`,
      'models/churn/model_card.md': `# Model Card

## Intended use
[More Information Needed]

## Evaluation
TODO
`,
    });
    expect(signalsOf(facts, 'model-card')[0].attributes.sections).toEqual([
      'intended-use',
      'evaluation',
      'limitations',
      'details',
    ]);
    expect(rejectionsOf(facts, 'model-card')[0].reason).toMatch(
      /models\/churn\/model_card.md is a stub: missing intended use, evaluation \/ metrics and limitations/,
    );
  });

  it('reads a Hugging Face style README with model-index as a model card', async () => {
    const facts = await analyzeFiles({
      'model/README.md': `---
license: apache-2.0
pipeline_tag: text-classification
model-index:
  - name: intent-classifier
    results: []
---
# intent-classifier

## Intended uses & limitations
Routes customer support messages to one of 14 intents; not suitable for languages other than English.

## Evaluation results
Accuracy 0.91 and macro F1 0.88 on the held-out support tickets from 2024, measured per intent.

## Bias, risks and limitations
Under-represented intents such as chargeback disputes show lower recall and may be misrouted.
`,
    });
    expect(
      signalsOf(facts, 'model-card', 'huggingface')[0].attributes.modelIndex,
    ).toBe(true);
  });
});
