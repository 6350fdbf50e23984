/**
 * Where the published specs (commit 0af86a4) are wrong or silent about what the live API sends, as recorded in
 * shared/reference/smbcrm-api.md. Each patch is as narrow as possible and says why; everything else is validated
 * as published.
 */
// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are patched as untyped JSON
type Obj = Record<string, any>;

export const SPEC_PATCHES: { file: string; why: string; apply(doc: Obj): void }[] = [
  {
    file: 'apps/locations.json',
    why: 'LocationTaskListSuccessfulResponseDto types `tasks` as an array of arrays, the same generator artefact as the pipelines’ stages; each is ASSUMED to be the contact task object (TaskSchema of apps/contacts.json): no reference or public example shows the live answer',
    apply(doc) {
      doc.components.schemas.LocationTaskListSuccessfulResponseDto.properties.tasks.items = {
        type: 'object',
        required: ['id', 'title'],
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          body: { type: 'string' },
          dueDate: { type: 'string' },
          completed: { type: 'boolean' },
          assignedTo: { type: 'string' },
          contactId: { type: 'string' },
        },
      };
    },
  },
  {
    file: 'apps/opportunities.json',
    why: 'PipelinesResponseSchema types `stages` as an array of arrays; live payloads are stage objects (reference §5.6, OBS)',
    apply(doc) {
      doc.components.schemas.PipelinesResponseSchema.properties.stages.items = {
        type: 'object',
        required: ['id', 'name'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, position: { type: 'number' } },
      };
    },
  },
  {
    file: 'apps/opportunities.json',
    why: 'search meta: prevPage is nullable, and the cursor fields are null on the last page (reference §5.1)',
    apply(doc) {
      const meta = doc.components.schemas.SearchMetaResponseSchema.properties;
      for (const k of ['nextPageUrl', 'startAfterId', 'startAfter', 'nextPage', 'prevPage'])
        meta[k].nullable = true;
    },
  },
  {
    file: 'apps/contacts.json',
    why: 'POST /contacts/search 200 has no schema at this commit; the reference (§4.1) documents SearchContactSuccessResponseDto {contacts, total} from commit 5f8673c',
    apply(doc) {
      doc.paths['/contacts/search'].post.responses['200'].content = {
        'application/json': {
          schema: {
            type: 'object',
            required: ['contacts', 'total'],
            properties: {
              total: { type: 'number' },
              contacts: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'locationId'],
                  properties: {
                    id: { type: 'string' },
                    locationId: { type: 'string' },
                    firstNameLowerCase: { type: 'string' },
                    lastNameLowerCase: { type: 'string' },
                    email: { type: 'string' },
                    phone: { type: 'string' },
                    tags: { type: 'array', items: { type: 'string' } },
                    searchAfter: { type: 'array' },
                    opportunities: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['id'],
                        properties: {
                          id: { type: 'string' },
                          pipeline_id: { type: 'string' },
                          pipeline_stage_id: { type: 'string' },
                          monetary_value: { type: 'number' },
                          status: { type: 'string' },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      };
    },
  },
];

export function applySpecPatches(file: string, doc: Obj): Obj {
  for (const p of SPEC_PATCHES) if (p.file === file) p.apply(doc);
  return doc;
}
