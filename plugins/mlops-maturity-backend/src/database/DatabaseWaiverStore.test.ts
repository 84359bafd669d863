import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseWaiverStore } from './DatabaseWaiverStore';

jest.setTimeout(60_000);

const ref = (name: string) => `component:default/${name}`;
const day = (iso: string) => new Date(`${iso}T23:59:59.999Z`);

describe('DatabaseWaiverStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let store: DatabaseWaiverStore;
    const now = new Date('2026-12-04T10:00:00Z');

    beforeEach(async () => {
      store = await DatabaseWaiverStore.fromKnex(
        await databases.init(databaseId),
      );
    });

    const request = (name: string, expiresAt = '2027-01-31') =>
      store.request({
        entityRef: ref(name),
        checkId: 'deploy.rollback',
        reason: 'Rollback waits for the new serving platform',
        expiresAt: day(expiresAt),
        actor: 'user:default/owner',
        now,
      });

    it('keeps a request pending until approved, and one open waiver per check', async () => {
      const waiver = await request('a');
      expect(waiver).toMatchObject({
        status: 'pending',
        requestedBy: 'user:default/owner',
        expiresAt: '2027-01-31T23:59:59.999Z',
      });
      await expect(request('a')).rejects.toThrow(/A pending waiver/);
      await expect(store.approvedFor([ref('a')], now)).resolves.toEqual(
        new Map(),
      );

      const approved = await store.decide({
        id: waiver.id,
        decision: 'approve',
        actor: 'group:default/ml-platform',
        note: 'Until the platform ships',
        now,
      });
      expect(approved).toMatchObject({
        status: 'approved',
        decidedBy: 'group:default/ml-platform',
      });
      await expect(
        store.approvedFor([ref('a'), ref('b')], now),
      ).resolves.toEqual(
        new Map([
          [
            ref('a'),
            [{ checkId: 'deploy.rollback', expiresAt: day('2027-01-31') }],
          ],
        ]),
      );
      await expect(
        store.decide({ id: waiver.id, decision: 'approve', actor: 'x', now }),
      ).rejects.toThrow(
        `Waiver ${waiver.id} is approved; only a pending one can be approved.`,
      );
    });

    it('records every step in the audit log, and reads an approved waiver past its expiry as expired', async () => {
      const waiver = await request('a', '2026-12-10');
      await store.decide({
        id: waiver.id,
        decision: 'approve',
        actor: 'platform',
        now,
      });
      const later = new Date('2026-12-11T00:00:00Z');
      await expect(store.get(waiver.id, later)).resolves.toMatchObject({
        status: 'expired',
      });
      await expect(store.approvedFor([ref('a')], later)).resolves.toEqual(
        new Map(),
      );
      // An expired waiver no longer blocks a new request.
      const renewed = await store.request({
        entityRef: ref('a'),
        checkId: 'deploy.rollback',
        reason: 'Still waiting for the platform',
        expiresAt: day('2027-02-28'),
        actor: 'user:default/owner',
        now: later,
      });
      await store.decide({
        id: renewed.id,
        decision: 'revoke',
        actor: 'platform',
        now: later,
      });
      await expect(store.events(waiver.id)).resolves.toEqual([
        {
          at: now.toISOString(),
          actor: 'user:default/owner',
          action: 'requested',
          note: 'Rollback waits for the new serving platform',
        },
        { at: now.toISOString(), actor: 'platform', action: 'approved' },
      ]);
      await expect(
        store
          .list({ entityRef: ref('a') }, later)
          .then(list => list.map(w => w.status)),
      ).resolves.toEqual(['revoked', 'expired']);
      await expect(
        store
          .list({ status: 'expired' }, later)
          .then(list => list.map(w => w.id)),
      ).resolves.toEqual([waiver.id]);
    });

    it('lists approved waivers expiring soon, and records each expiry once in the audit log', async () => {
      const soon = await request('a', '2026-12-06');
      const later = await request('b', '2027-01-31');
      const pending = await request('c', '2026-12-05');
      for (const { id } of [soon, later]) {
        await store.decide({ id, decision: 'approve', actor: 'platform', now });
      }
      const week = new Date('2026-12-11T10:00:00Z');
      await expect(
        store.expiringBefore(week, now).then(list => list.map(w => w.id)),
      ).resolves.toEqual([soon.id]);

      await expect(store.recordExpiries(now)).resolves.toEqual([]);
      const afterExpiry = new Date('2026-12-07T01:00:00Z');
      await expect(store.recordExpiries(afterExpiry)).resolves.toEqual([
        expect.objectContaining({ id: soon.id, status: 'expired' }),
      ]);
      // Recorded once: the next run finds nothing, and the waiver stays expired.
      await expect(store.recordExpiries(afterExpiry)).resolves.toEqual([]);
      await expect(store.get(soon.id, afterExpiry)).resolves.toMatchObject({
        status: 'expired',
      });
      await expect(store.expiringBefore(week, afterExpiry)).resolves.toEqual(
        [],
      );
      await expect(store.events(soon.id)).resolves.toEqual([
        expect.objectContaining({ action: 'requested' }),
        expect.objectContaining({ action: 'approved' }),
        {
          at: afterExpiry.toISOString(),
          actor: 'mlops-maturity',
          action: 'expired',
          note: 'The waiver expired on 2026-12-06.',
        },
      ]);
      // A pending waiver past its expiry was never in force: nothing to record.
      await expect(store.get(pending.id, afterExpiry)).resolves.toMatchObject({
        status: 'pending',
      });
      // Expired waivers cannot be revoked, and no longer block a new request.
      await expect(
        store.decide({
          id: soon.id,
          decision: 'revoke',
          actor: 'platform',
          now: afterExpiry,
        }),
      ).rejects.toThrow(/is expired/);
    });

    it('closes a waiver whose check passes, and asks again when the check fails for another reason', async () => {
      const approve = async (name: string) => {
        const waiver = await request(name);
        await store.decide({
          id: waiver.id,
          decision: 'approve',
          actor: 'platform',
          now,
        });
        return waiver.id;
      };
      const reconcile = (
        name: string,
        outcome: { passes: boolean; withoutWaiver?: string },
      ) =>
        store.reconcile({
          entityRef: ref(name),
          outcomes: new Map([['deploy.rollback', outcome]]),
          now,
        });

      const a = await approve('a');
      // The first scoring records why the check fails; nothing stops applying.
      await expect(
        reconcile('a', {
          passes: false,
          withoutWaiver: 'fail — no rollback job',
        }),
      ).resolves.toBe(false);
      await expect(
        reconcile('a', {
          passes: false,
          withoutWaiver: 'fail — no rollback job',
        }),
      ).resolves.toBe(false);
      await expect(
        reconcile('a', {
          passes: false,
          withoutWaiver: 'fail — rollback job never ran',
        }),
      ).resolves.toBe(true);
      await expect(store.get(a, now)).resolves.toMatchObject({
        status: 'pending',
      });

      const b = await approve('b');
      await expect(reconcile('b', { passes: true })).resolves.toBe(true);
      await expect(store.get(b, now)).resolves.toMatchObject({
        status: 'closed',
      });
      await expect(
        store.approvedFor([ref('a'), ref('b')], now),
      ).resolves.toEqual(new Map());
      expect(
        (await store.events(a)).map(e => [e.action, e.actor, e.note]),
      ).toEqual([
        [
          'requested',
          'user:default/owner',
          'Rollback waits for the new serving platform',
        ],
        ['approved', 'platform', undefined],
        [
          'reopened',
          'mlops-maturity',
          'The check now finds: fail — rollback job never ran',
        ],
      ]);
      expect((await store.events(b)).at(-1)).toMatchObject({
        action: 'closed',
        note: 'The check passes: the waiver is no longer needed.',
      });
      // A reopened waiver can be approved again.
      await expect(
        store.decide({ id: a, decision: 'approve', actor: 'platform', now }),
      ).resolves.toMatchObject({ status: 'approved' });
    });

    it('refuses a decision on an unknown waiver, and a rejection of an approved one', async () => {
      await expect(
        store.decide({ id: 'nope', decision: 'approve', actor: 'x', now }),
      ).rejects.toThrow('No waiver nope.');
      const waiver = await request('b');
      await store.decide({
        id: waiver.id,
        decision: 'approve',
        actor: 'x',
        now,
      });
      await expect(
        store.decide({ id: waiver.id, decision: 'reject', actor: 'x', now }),
      ).rejects.toThrow(/is approved; only a pending one can be rejected/);
    });
  });
});
