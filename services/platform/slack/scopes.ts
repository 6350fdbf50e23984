/**
 * The bot token's scopes, each for one feature. manifest.yml asks for exactly these (test/unit/manifest.test.ts
 * keeps them equal) and the setup doctor checks the installed token has them (Slack sends a token's scopes in the
 * `X-OAuth-Scopes` header of every Web API answer).
 * https://docs.slack.dev/reference/scopes
 */
export const SLACK_SCOPES = {
  commands: '/smbcrm and its response_urls',
  'chat:write': 'answers in threads, approval cards, the "is thinking…" status',
  'app_mentions:read': '@smbcrm in channels',
  'channels:history': 'replies in public-channel threads the bot is part of',
  'groups:history': 'the same in private channels',
  'im:history': 'direct messages (the Messages tab of the agent view)',
  'users:read': "the asker's display name, passed to the agent; time zones, for task due dates",
  'users:read.email': 'who you are in SMBcrm: your Slack email matched against the sub-account’s users',
  'channels:read':
    "the channel's name, passed to the agent; its members (a request shows on their Home tabs only)",
  'groups:read': 'the same for private channels',
  'assistant:write': 'the agent view: suggested prompts, thread titles',
  'links:read': 'links to the SMBcrm app in messages (link_shared), to unfurl them',
  'links:write': 'the unfurl itself (chat.unfurl)',
  'usergroups:read': 'SMBCRM_APPROVERS naming user groups',
} as const;

export const REQUIRED_SLACK_SCOPES = Object.keys(SLACK_SCOPES) as (keyof typeof SLACK_SCOPES)[];

/** SMBcrm scopes of the Private Integration Token, by feature (shared reference smbcrm-api.md §9). */
export const SMBCRM_SCOPES = {
  'contacts.readonly': 'lookups: POST /contacts/search, GET /contacts/:id',
  'contacts.write':
    'notes, tasks and tags: POST /contacts/:id/notes, /tasks, POST and DELETE /contacts/:id/tags',
  'opportunities.readonly':
    'open opportunities and stage names: GET /opportunities/search, /opportunities/pipelines',
  'users.readonly': 'owner names: GET /users/',
  'locations/tasks.readonly': "the Home tab's tasks: POST /locations/:locationId/tasks/search",
  'opportunities.write':
    'approved stage moves, owner changes and won/lost: PUT /opportunities/:id, /:id/status',
  'agent-studio.readonly': 'the start-up check of the agent: GET /agent-studio/agent/:agentId',
  'agent-studio.write': 'conversations: POST /agent-studio/agent/:agentId/execute',
} as const;
