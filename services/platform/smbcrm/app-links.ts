/**
 * Links into the SMBcrm web app for one sub-account (`SMBCRM_APP_URL`, which white labels change). HighLevel's
 * app addresses a contact as /v2/location/:locationId/contacts/detail/:contactId.
 */
export type AppLinks = ReturnType<typeof createAppLinks>;

export function createAppLinks(options: { appUrl: string; locationId: string }) {
  const base = `${options.appUrl}/v2/location/${encodeURIComponent(options.locationId)}`;
  return {
    contact: (contactId: string) => `${base}/contacts/detail/${encodeURIComponent(contactId)}`,
    // The lists behind the Home tab's "and N more" (ASSUMED paths of HighLevel's app: no public document lists
    // them; a wrong one lands on the sub-account's dashboard after sign-in).
    opportunities: () => `${base}/opportunities/list`,
    tasks: () => `${base}/tasks`,
  };
}
