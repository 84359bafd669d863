import { mlopsMaturityPlugin } from './plugin';

describe('mlops-maturity', () => {
  it('should export plugin', () => {
    expect(mlopsMaturityPlugin).toBeDefined();
  });
});
