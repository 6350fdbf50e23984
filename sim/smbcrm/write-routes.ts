import { randomUUID } from 'node:crypto';
import { notFound, ok, otherLocation, unknownProperties, unprocessable } from './answers.js';
import type { Route, RouteContext, RouteResult } from './routes.js';
import type { SimContact, SimNote, SimTask } from './types.js';
import { upsertRoute } from './upsert-route.js';

/**
 * The writes of a team's day, as apps/contacts.json and apps/opportunities.json describe them: notes, tasks, tags
 * (added and removed, never replaced), a task completed, and an opportunity's status. Scopes contacts.write and
 * opportunities.write; unknown body properties and missing required ones are 422 with an array of reasons, as
 * NestJS's validation answers.
 */
const OPP_STATUSES = ['open', 'won', 'lost', 'abandoned'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
/** SMBcrm's limit on a note's body is not documented; the simulator takes 5,000 characters (ASSUMED). */
export const MAX_NOTE_BODY = 5_000;

function contactOf(ctx: RouteContext): SimContact | RouteResult {
  const c = ctx.db.contacts.find((x) => x.id === ctx.params.contactId);
  if (!c) return notFound(ctx, 'Contact');
  if (c.locationId !== ctx.token.locationId) return otherLocation();
  return c;
}
const isResult = (v: unknown): v is RouteResult => typeof v === 'object' && v !== null && 'status' in v;
const userOfLocation = (ctx: RouteContext, id: unknown) =>
  typeof id === 'string' &&
  ctx.db.users.some((u) => u.id === id && u.locationIds.includes(ctx.token.locationId));

function createNote(ctx: RouteContext): RouteResult {
  const c = contactOf(ctx);
  if (isResult(c)) return c;
  const b = ctx.body;
  const errors = unknownProperties(b, ['body', 'userId', 'title', 'color', 'pinned']);
  if (typeof b.body !== 'string' || b.body.trim() === '')
    errors.push('body should not be empty', 'body must be a string');
  else if (b.body.length > MAX_NOTE_BODY)
    errors.push(`body must be shorter than or equal to ${MAX_NOTE_BODY} characters`);
  if (b.userId !== undefined && !userOfLocation(ctx, b.userId))
    errors.push('userId must be a user of this location'); // ASSUMED
  if (errors.length) return unprocessable(errors);
  const note: SimNote = {
    id: randomUUID().replace(/-/g, '').slice(0, 20),
    contactId: c.id,
    body: b.body as string,
    ...(typeof b.userId === 'string' ? { userId: b.userId } : {}),
    dateAdded: new Date().toISOString(),
  };
  ctx.db.notes.push(note);
  return ok({ note }, 201);
}

function createTask(ctx: RouteContext): RouteResult {
  const c = contactOf(ctx);
  if (isResult(c)) return c;
  const b = ctx.body;
  const errors = unknownProperties(b, ['title', 'body', 'dueDate', 'completed', 'assignedTo']);
  if (typeof b.title !== 'string' || b.title.trim() === '') errors.push('title should not be empty');
  if (typeof b.dueDate !== 'string' || !ISO.test(b.dueDate))
    errors.push('dueDate must be a valid ISO 8601 date string');
  if (typeof b.completed !== 'boolean') errors.push('completed must be a boolean value');
  if (b.assignedTo !== undefined && !userOfLocation(ctx, b.assignedTo))
    errors.push('assignedTo must be a user of this location'); // ASSUMED
  if (errors.length) return unprocessable(errors);
  const task: SimTask = {
    id: randomUUID().replace(/-/g, '').slice(0, 20),
    contactId: c.id,
    title: b.title as string,
    ...(typeof b.body === 'string' ? { body: b.body } : {}),
    dueDate: new Date(b.dueDate as string).toISOString(),
    completed: b.completed as boolean,
    ...(typeof b.assignedTo === 'string' ? { assignedTo: b.assignedTo } : {}),
  };
  ctx.db.tasks.push(task);
  return ok({ task }, 201);
}

function tags(ctx: RouteContext, add: boolean): RouteResult {
  const c = contactOf(ctx);
  if (isResult(c)) return c;
  const b = ctx.body;
  const errors = unknownProperties(b, ['tags']);
  if (
    !Array.isArray(b.tags) ||
    b.tags.length === 0 ||
    !b.tags.every((t) => typeof t === 'string' && t.trim() !== '')
  )
    errors.push('tags must be an array of non-empty strings');
  if (errors.length) return unprocessable(errors);
  // HighLevel stores tags lower-cased (ASSUMED from its UI); adding one twice is a no-op, removing a missing one too.
  const given = (b.tags as string[]).map((t) => t.trim().toLowerCase());
  c.tags = add ? [...new Set([...c.tags, ...given])] : c.tags.filter((t) => !given.includes(t.toLowerCase()));
  c.dateUpdated = new Date().toISOString();
  return ok({ tags: c.tags }, add ? 201 : 200);
}

function completeTask(ctx: RouteContext): RouteResult {
  const c = contactOf(ctx);
  if (isResult(c)) return c;
  const task = ctx.db.tasks.find((t) => t.id === ctx.params.taskId && t.contactId === c.id);
  if (!task) return notFound(ctx, 'Task');
  const errors = unknownProperties(ctx.body, ['completed']);
  if (typeof ctx.body.completed !== 'boolean') errors.push('completed must be a boolean value');
  if (errors.length) return unprocessable(errors);
  task.completed = ctx.body.completed as boolean;
  return ok({ task });
}

function setStatus(ctx: RouteContext): RouteResult {
  const o = ctx.db.opportunities.find((x) => x.id === ctx.params.id);
  if (!o) return notFound(ctx, 'Opportunity');
  if (o.locationId !== ctx.token.locationId) return otherLocation();
  const errors = unknownProperties(ctx.body, ['status', 'lostReasonId']);
  const status = ctx.body.status;
  // The spec's enum also lists `all`, which is no status an opportunity can have (ASSUMED 422, reference §5.4).
  if (typeof status !== 'string' || !OPP_STATUSES.includes(status))
    errors.push('status must be one of the following values: open, won, lost, abandoned');
  if (errors.length) return unprocessable(errors);
  if (o.status !== status) o.lastStatusChangeAt = new Date().toISOString();
  o.status = status as typeof o.status;
  o.updatedAt = new Date().toISOString();
  return ok({ succeded: true }); // sic: the spec's spelling
}

/**
 * POST /locations/:locationId/tasks/search (apps/locations.json `task-search`, scope locations/tasks.readonly):
 * a sub-account's tasks, by assignee and completion. The spec types `tasks` loosely; each is answered here as the
 * contact's task object (ASSUMED).
 */
function searchTasks(ctx: RouteContext): RouteResult {
  if (ctx.params.locationId !== ctx.token.locationId) return otherLocation();
  const b = ctx.body;
  const errors = unknownProperties(b, [
    'contactId',
    'completed',
    'assignedTo',
    'query',
    'limit',
    'skip',
    'businessId',
  ]);
  const ids = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
  if (!ids(b.contactId)) errors.push('contactId must be an array of strings');
  if (!ids(b.assignedTo)) errors.push('assignedTo must be an array of strings');
  if (b.completed !== undefined && typeof b.completed !== 'boolean')
    errors.push('completed must be a boolean value');
  if (b.limit !== undefined && (typeof b.limit !== 'number' || b.limit < 1 || b.limit > 100))
    errors.push('limit must not be greater than 100');
  if (errors.length) return unprocessable(errors);
  const mine = new Set(ctx.db.contacts.filter((c) => c.locationId === ctx.token.locationId).map((c) => c.id));
  const skip = typeof b.skip === 'number' ? b.skip : 0;
  const limit = typeof b.limit === 'number' ? b.limit : 25;
  const tasks = ctx.db.tasks
    .filter((t) => mine.has(t.contactId))
    .filter((t) => (b.completed === undefined ? true : t.completed === b.completed))
    .filter((t) =>
      Array.isArray(b.assignedTo) ? (b.assignedTo as string[]).includes(t.assignedTo ?? '') : true,
    )
    .filter((t) => (Array.isArray(b.contactId) ? (b.contactId as string[]).includes(t.contactId) : true))
    .filter((t) =>
      typeof b.query === 'string' ? t.title.toLowerCase().includes(b.query.toLowerCase()) : true,
    );
  return ok({ tasks: tasks.slice(skip, skip + limit) });
}

export const writeRoutes: Route[] = [
  upsertRoute,
  {
    method: 'POST',
    pattern: '/locations/:locationId/tasks/search',
    scope: 'locations/tasks.readonly',
    query: [],
    handle: searchTasks,
  },
  {
    method: 'POST',
    pattern: '/contacts/:contactId/notes',
    scope: 'contacts.write',
    query: [],
    handle: createNote,
  },
  {
    method: 'POST',
    pattern: '/contacts/:contactId/tasks',
    scope: 'contacts.write',
    query: [],
    handle: createTask,
  },
  {
    method: 'GET',
    pattern: '/contacts/:contactId/notes',
    scope: 'contacts.readonly',
    query: [],
    handle(ctx) {
      const c = contactOf(ctx);
      return isResult(c) ? c : ok({ notes: ctx.db.notes.filter((n) => n.contactId === c.id) });
    },
  },
  {
    method: 'GET',
    pattern: '/contacts/:contactId/tasks',
    scope: 'contacts.readonly',
    query: [],
    handle(ctx) {
      const c = contactOf(ctx);
      return isResult(c) ? c : ok({ tasks: ctx.db.tasks.filter((t) => t.contactId === c.id) });
    },
  },
  {
    method: 'POST',
    pattern: '/contacts/:contactId/tags',
    scope: 'contacts.write',
    query: [],
    handle: (ctx) => tags(ctx, true),
  },
  {
    method: 'DELETE',
    pattern: '/contacts/:contactId/tags',
    scope: 'contacts.write',
    query: [],
    handle: (ctx) => tags(ctx, false),
  },
  {
    method: 'PUT',
    pattern: '/contacts/:contactId/tasks/:taskId/completed',
    scope: 'contacts.write',
    query: [],
    handle: completeTask,
  },
  {
    method: 'PUT',
    pattern: '/opportunities/:id/status',
    scope: 'opportunities.write',
    query: [],
    handle: setStatus,
  },
];
