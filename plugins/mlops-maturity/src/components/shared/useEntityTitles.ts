import { useCallback, useMemo } from 'react';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { displayRef } from '../OrgPage/orgFormat';

const TITLE_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'spec.profile.displayName',
];

/** The canonical form of an entity ref, or undefined for keys that are not refs (personas). */
function canonicalRef(ref: string): string | undefined {
  if (!ref.includes(':')) {
    return undefined;
  }
  try {
    return stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * Names domains, teams and services as the catalog titles them (`metadata.title`, a
 * group's `spec.profile.displayName`), in one request for all of `refs`, asked again only
 * when the set of refs changes. Until the titles arrive, or where the catalog has none (or
 * cannot be asked), the humanized ref is shown.
 */
export function useEntityTitles(
  refs: ReadonlyArray<string | undefined>,
): (ref: string, defaultKind: string) => string {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const wanted = useMemo(
    () =>
      [
        ...new Set(
          refs.flatMap(ref => {
            const canonical = ref && canonicalRef(ref);
            return canonical ? [canonical] : [];
          }),
        ),
      ].sort(),
    [refs],
  );
  const { value: titles } = useAsync(async () => {
    const byRef = new Map<string, string>();
    if (!catalogApi || wanted.length === 0) {
      return byRef;
    }
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: wanted,
      fields: TITLE_FIELDS,
    });
    items.forEach((entity, index) => {
      const profile = entity?.spec?.profile as
        | { displayName?: unknown }
        | undefined;
      const title = entity?.metadata.title ?? profile?.displayName;
      if (typeof title === 'string' && title) {
        byRef.set(wanted[index], title);
      }
    });
    return byRef;
  }, [catalogApi, wanted.join('\n')]);
  return useCallback(
    (ref: string, defaultKind: string) => {
      const canonical = canonicalRef(ref);
      return (
        (canonical && titles?.get(canonical)) || displayRef(ref, defaultKind)
      );
    },
    [titles],
  );
}
