import { z } from 'zod';

/**
 * Shapes of the SMBcrm responses the bot reads (shared/reference/smbcrm-api.md §4–§6). Unknown fields are
 * dropped, not rejected, so an API that grows does not break the bot; the fields the bot uses are checked.
 * Optional fields are `nullish` because the live API sends `null` where the spec says "string".
 */
const str = z.string().nullish();

/** A contact search hit lists the contact's opportunities in snake_case (reference §4.1). */
export const contactOpportunityRef = z.object({
  id: z.string(),
  pipeline_id: str,
  pipeline_stage_id: str,
  monetary_value: z.number().nullish(),
  status: str,
});

export const contactSchema = z.object({
  id: z.string(),
  locationId: z.string(),
  name: str,
  contactName: str,
  firstName: str,
  lastName: str,
  firstNameLowerCase: str,
  lastNameLowerCase: str,
  email: str,
  phone: str,
  companyName: str,
  businessName: str,
  tags: z.array(z.string()).nullish(),
  assignedTo: str,
  dateAdded: str,
  opportunities: z.array(contactOpportunityRef).nullish(),
});
export type Contact = z.infer<typeof contactSchema>;

export const contactSearchResponse = z.object({ contacts: z.array(contactSchema), total: z.number() });
export const contactResponse = z.object({ contact: contactSchema });

export const opportunitySchema = z.object({
  id: z.string(),
  name: z.string(),
  monetaryValue: z.number().nullish(),
  pipelineId: z.string(),
  pipelineStageId: z.string(),
  status: z.string(),
  contactId: str,
  assignedTo: str,
  locationId: str,
  updatedAt: str,
  lastStageChangeAt: str,
  contact: z.object({ id: str, name: str, companyName: str }).nullish(),
});
export type Opportunity = z.infer<typeof opportunitySchema>;

export const opportunitySearchResponse = z.object({
  opportunities: z.array(opportunitySchema),
  meta: z.object({
    total: z.number(),
    nextPage: z.number().nullish(),
    startAfter: z.number().nullish(),
    startAfterId: str,
  }),
});
export const opportunityResponse = z.object({ opportunity: opportunitySchema });

// The spec types `stages` as "array of array"; live payloads are objects (reference §5.6, OBS).
export const stageSchema = z.object({ id: z.string(), name: z.string(), position: z.number().nullish() });
export const pipelineSchema = z.object({ id: z.string(), name: z.string(), stages: z.array(stageSchema) });
export type Pipeline = z.infer<typeof pipelineSchema>;
export const pipelinesResponse = z.object({ pipelines: z.array(pipelineSchema) });

export const userSchema = z.object({
  id: z.string(),
  name: str,
  firstName: str,
  lastName: str,
  email: str,
  deleted: z.boolean().nullish(),
  roles: z.object({ type: str, role: str }).passthrough().nullish(),
});
export type User = z.infer<typeof userSchema>;
export const usersResponse = z.object({ users: z.array(userSchema) });

// The writes of a team's day (apps/contacts.json: NotesDTO, CreateTaskParams, TagsDTO; apps/opportunities.json).
export const noteSchema = z.object({ id: z.string(), body: z.string(), userId: str, dateAdded: str });
export type Note = z.infer<typeof noteSchema>;
export const noteResponse = z.object({ note: noteSchema });
export const notesResponse = z.object({ notes: z.array(noteSchema) });
export const taskSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: str,
  dueDate: str,
  completed: z.boolean().nullish(),
  assignedTo: str,
  contactId: str,
});
export type Task = z.infer<typeof taskSchema>;
export const taskResponse = z.object({ task: taskSchema });
export const tasksResponse = z.object({ tasks: z.array(taskSchema) });
export const tagsResponse = z.object({ tags: z.array(z.string()).nullish() });
/** `{ succeded: true }`, misspelled in the spec and, as far as is known, on the wire (reference §5.5). */
export const statusResponse = z.object({ succeded: z.boolean().nullish() }).passthrough();

/** POST /contacts/upsert (reference §4.5): the contact, and whether SMBcrm created it (`new`) or matched one. */
export const upsertResponse = z.object({ new: z.boolean(), contact: contactSchema });
export type UpsertResult = z.infer<typeof upsertResponse>;
