import { Entity } from '@backstage/catalog-model';
import { DatabaseWaiverStore } from '../../database/DatabaseWaiverStore';

/** An ML service `component:default/<name>` whose repository is the local folder `root`. */
export function localMlService(root: string, name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/source-location': `file:${root}/` },
    },
    spec: { type: 'ml-service', owner: 'group:default/team' },
  };
}

/** Requests a waiver of the check and has the platform team approve it; returns its id. */
export async function approveWaiver(
  waivers: DatabaseWaiverStore,
  options: { entityRef: string; checkId: string; now: Date; expiresAt: Date },
): Promise<string> {
  const { entityRef, checkId, now, expiresAt } = options;
  const waiver = await waivers.request({
    entityRef,
    checkId,
    reason: 'Waits for the platform migration next quarter',
    expiresAt,
    actor: 'user:default/owner',
    now,
  });
  await waivers.decide({
    id: waiver.id,
    decision: 'approve',
    actor: 'group:default/platform',
    now,
  });
  return waiver.id;
}
