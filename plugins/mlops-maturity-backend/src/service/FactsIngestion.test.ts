import fs from 'fs';
import os from 'os';
import path from 'path';
import { mockServices } from '@backstage/backend-test-utils';
import { FactSet } from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { ScorecardStore } from '../database/ScorecardStore';
import { FactsIngestion } from './FactsIngestion';

function memoryStore() {
  const stored: FactSet[] = [];
  const store = {
    putFacts: async (f: FactSet) => stored.push(f) > 0,
  } as unknown as ScorecardStore;
  return { store, stored };
}

describe('FactsIngestion', () => {
  it('stores nothing when any entry is malformed', async () => {
    const { store, stored } = memoryStore();
    const ingestion = new FactsIngestion(store, mockServices.logger.mock());
    await expect(
      ingestion.ingest(
        'component:default/x',
        {
          facts: [
            { source: 'custom', facts: { a: 1 } },
            { source: 'registry', facts: { provider: 'mlflow' } },
          ],
        },
        { sample: false, pushedBy: 'test' },
      ),
    ).rejects.toThrow(/nothing was stored.*facts\.1\.facts/);
    expect(stored).toEqual([]);
  });

  it('loads sample files as sample data and skips a broken file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-samples-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'good.json'),
        JSON.stringify({
          entityRef: 'component:default/good',
          facts: [{ source: 'custom', facts: { evalPassRate: 0.9 } }],
        }),
      );
      fs.writeFileSync(path.join(dir, 'broken.json'), '{ not json');
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
      const { store, stored } = memoryStore();
      const result = await new FactsIngestion(
        store,
        mockServices.logger.mock(),
      ).loadSampleFacts(dir);
      expect(result).toEqual({
        loaded: ['component:default/good'],
        failed: ['broken.json'],
      });
      expect(stored).toMatchObject([
        {
          source: 'custom',
          origin: 'push',
          sample: true,
          entityRef: 'component:default/good',
        },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts every sample facts file of the demo', async () => {
    // The demo lives at the repository root, four levels above this file.
    const dir = path.resolve(__dirname, '../../../../examples/sample-facts');
    const { store, stored } = memoryStore();
    const result = await new FactsIngestion(
      store,
      mockServices.logger.mock(),
    ).loadSampleFacts(dir);
    expect(result.failed).toEqual([]);
    expect(result.loaded.length).toBeGreaterThanOrEqual(10);
    expect(stored.every(f => f.sample)).toBe(true);
  });
});
