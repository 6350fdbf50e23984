import type { SmbcrmHttp } from './http.js';
import {
  noteResponse,
  notesResponse,
  statusResponse,
  tagsResponse,
  taskResponse,
  tasksResponse,
  upsertResponse,
} from './schemas.js';

/**
 * The writes of a team's day, and the reads that check them (apps/contacts.json, apps/opportunities.json; scopes
 * contacts.write and opportunities.write). Only the approval engine calls the writes (services/domain/approvals).
 * A POST of a note or task is not idempotent: the transport never re-sends it; the handler re-reads instead.
 */
export type OpportunityStatus = 'open' | 'won' | 'lost' | 'abandoned';

export function smbcrmWrites(http: SmbcrmHttp) {
  const enc = encodeURIComponent;
  return {
    /** POST /contacts/:id/notes `{ body, userId }`: the note is credited to `userId` in SMBcrm. */
    addNote: async (contactId: string, note: { body: string; userId?: string }) =>
      (
        await http.call({
          operation: 'contacts.notes.create',
          method: 'POST',
          path: `/contacts/${enc(contactId)}/notes`,
          body: note,
          schema: noteResponse,
          idempotent: false,
        })
      ).note,
    listNotes: async (contactId: string) =>
      (
        await http.call({
          operation: 'contacts.notes.list',
          method: 'GET',
          path: `/contacts/${enc(contactId)}/notes`,
          schema: notesResponse,
          idempotent: true,
        })
      ).notes,
    /** POST /contacts/:id/tasks `{ title, body?, dueDate, completed: false, assignedTo? }`. */
    addTask: async (
      contactId: string,
      task: { title: string; body?: string; dueDate: string; assignedTo?: string },
    ) =>
      (
        await http.call({
          operation: 'contacts.tasks.create',
          method: 'POST',
          path: `/contacts/${enc(contactId)}/tasks`,
          body: { ...task, completed: false },
          schema: taskResponse,
          idempotent: false,
        })
      ).task,
    listTasks: async (contactId: string) =>
      (
        await http.call({
          operation: 'contacts.tasks.list',
          method: 'GET',
          path: `/contacts/${enc(contactId)}/tasks`,
          schema: tasksResponse,
          idempotent: true,
        })
      ).tasks,
    /** POST (add) or DELETE (remove) /contacts/:id/tags: both idempotent; never the upsert's `tags`, which replaces. */
    changeTags: async (contactId: string, change: 'add' | 'remove', tags: string[]) =>
      (
        await http.call({
          operation: change === 'add' ? 'contacts.tags.add' : 'contacts.tags.remove',
          method: change === 'add' ? 'POST' : 'DELETE',
          path: `/contacts/${enc(contactId)}/tags`,
          body: { tags },
          schema: tagsResponse,
          idempotent: true,
        })
      ).tags ?? undefined,
    /**
     * POST /contacts/upsert: create, or update the contact the sub-account's duplicate rule matches (email and/or
     * phone). Never with `tags` (they would replace all the contact's tags): those go through the tags endpoint.
     * Not idempotent where duplicates are allowed, so never re-sent by the transport.
     */
    upsertContact: (contact: {
      locationId: string;
      firstName?: string;
      lastName?: string;
      email?: string;
      phone?: string;
      companyName?: string;
      source?: string;
      assignedTo?: string;
      createNewIfDuplicateAllowed?: boolean;
    }) =>
      http.call({
        operation: 'contacts.upsert',
        method: 'POST',
        path: '/contacts/upsert',
        body: contact,
        schema: upsertResponse,
        idempotent: false,
      }),
    /** POST /locations/:locationId/tasks/search (scope locations/tasks.readonly): open tasks of some people. */
    searchTasks: async (
      locationId: string,
      q: { assignedTo?: string[]; completed?: boolean; limit?: number },
    ) =>
      (
        await http.call({
          operation: 'tasks.search',
          method: 'POST',
          path: `/locations/${enc(locationId)}/tasks/search`,
          body: q,
          schema: tasksResponse,
          idempotent: true,
        })
      ).tasks,
    /** PUT /contacts/:contactId/tasks/:taskId/completed: marking a task done twice is marking it once. */
    completeTask: async (contactId: string, taskId: string) =>
      (
        await http.call({
          operation: 'contacts.tasks.complete',
          method: 'PUT',
          path: `/contacts/${enc(contactId)}/tasks/${enc(taskId)}/completed`,
          body: { completed: true },
          schema: taskResponse,
          idempotent: true,
        })
      ).task,
    /** PUT /opportunities/:id/status: setting a status twice is the same as once. */
    setOpportunityStatus: (id: string, status: OpportunityStatus) =>
      http.call({
        operation: 'opportunities.status',
        method: 'PUT',
        path: `/opportunities/${enc(id)}/status`,
        body: { status },
        schema: statusResponse,
        idempotent: true,
      }),
  };
}
