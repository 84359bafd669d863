import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { MaturityCheck } from './checks';
import { FactCollector } from './collectors';

/** @public */
export interface MlopsMaturityCollectorsExtensionPoint {
  addCollector(...collectors: FactCollector[]): void;
}

/** @public */
export const mlopsMaturityCollectorsExtensionPoint =
  createExtensionPoint<MlopsMaturityCollectorsExtensionPoint>({
    id: 'mlops-maturity.collectors',
  });

/** @public */
export interface MlopsMaturityChecksExtensionPoint {
  addCheck(...checks: MaturityCheck[]): void;
}

/** @public */
export const mlopsMaturityChecksExtensionPoint =
  createExtensionPoint<MlopsMaturityChecksExtensionPoint>({
    id: 'mlops-maturity.checks',
  });
