import { BackstageCredentials } from '@backstage/backend-plugin-api';

/** Who acted, as audit records name them: the user, or the calling service. */
export function principalOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.userEntityRef ?? principal.subject ?? principal.type;
}
