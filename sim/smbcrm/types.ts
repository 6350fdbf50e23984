/** The simulator's records: the full objects the API returns (reference §4–§8), keyed by sub-account. */
export interface SimContact {
  id: string;
  locationId: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  companyName?: string;
  businessName?: string;
  tags: string[];
  assignedTo?: string;
  source?: string;
  type?: string;
  city?: string;
  state?: string;
  country?: string;
  timezone?: string;
  dateAdded: string;
  dateUpdated: string;
}

export interface SimStage {
  id: string;
  name: string;
  position: number;
}

export interface SimPipeline {
  id: string;
  name: string;
  locationId: string;
  stages: SimStage[];
}

export interface SimOpportunity {
  id: string;
  name: string;
  locationId: string;
  contactId: string;
  pipelineId: string;
  pipelineStageId: string;
  status: 'open' | 'won' | 'lost' | 'abandoned';
  monetaryValue: number;
  assignedTo?: string;
  source?: string;
  createdAt: string;
  updatedAt: string;
  lastStageChangeAt: string;
  lastStatusChangeAt: string;
}

export interface SimUser {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
  locationIds: string[];
  role: 'admin' | 'user';
}

export interface SimNote {
  id: string;
  contactId: string;
  body: string;
  userId?: string;
  dateAdded: string;
}

export interface SimTask {
  id: string;
  contactId: string;
  title: string;
  body?: string;
  dueDate: string;
  completed: boolean;
  assignedTo?: string;
}

export interface SimLocation {
  id: string;
  companyId: string;
  name: string;
  timezone: string;
  country: string;
  /**
   * The sub-account's "Allow Duplicate Contact" setting, as POST /contacts/upsert follows it (reference §4.5, and the
   * spec's createNewIfDuplicateAllowed): match by email then phone (the default), phone then email, or allow
   * duplicates (matched by email then phone unless the request asks for a new contact).
   */
  duplicateRule?: 'email-then-phone' | 'phone-then-email' | 'allow-duplicates';
}

export interface SimToken {
  token: string;
  locationId: string;
  scopes: string[];
}

export interface SimAgent {
  agentId: string;
  name: string;
  description: string;
  locationId: string;
  status: 'active' | 'inactive';
  /** Only agents with a published Production version can be executed (reference §8). */
  published: boolean;
}

export interface SimSeed {
  locations: SimLocation[];
  users: SimUser[];
  pipelines: SimPipeline[];
  contacts: SimContact[];
  opportunities: SimOpportunity[];
  tokens: SimToken[];
  agents: SimAgent[];
  /** Written by the bot (empty in the seeds). */
  notes: SimNote[];
  tasks: SimTask[];
}
