import type { SimContact, SimOpportunity, SimSeed } from './types.js';

/** Every scope the bot needs (reference §9), for the default simulator token. */
export const BOT_SCOPES = [
  'contacts.readonly',
  'contacts.write',
  'opportunities.readonly',
  'opportunities.write',
  'users.readonly',
  'locations.readonly',
  'locations/tasks.readonly',
  'agent-studio.readonly',
  'agent-studio.write',
];

export const TEST_LOCATION_ID = 'LocSimAcme00000001';
export const OTHER_LOCATION_ID = 'LocSimOther0000002';
/** PIT format: `pit-` and a UUID (reference §1). Not a real token. */
export const TEST_TOKEN = 'pit-A11CE000-0000-4000-8000-00000000A11C';
export const OTHER_TOKEN = 'pit-B0B00000-0000-4000-8000-0000000000B2';
export const TEST_AGENT_ID = 'AgtSimFrontDesk0001';
export const LIMITED_TOKEN = 'pit-C0C00000-0000-4000-8000-0000000000C3';

const t = (day: number) => new Date(Date.UTC(2026, 0, day, 15, 30)).toISOString();

function contact(id: string, locationId: string, c: Partial<SimContact>, day: number): SimContact {
  return {
    id,
    locationId,
    tags: [],
    dateAdded: t(day),
    dateUpdated: t(day + 1),
    source: 'Website',
    type: 'lead',
    ...c,
  };
}

function opp(
  id: string,
  contactId: string,
  o: Pick<SimOpportunity, 'name' | 'pipelineId' | 'pipelineStageId' | 'monetaryValue'> &
    Partial<SimOpportunity>,
  locationId = TEST_LOCATION_ID,
): SimOpportunity {
  return {
    id,
    contactId,
    locationId,
    status: 'open',
    createdAt: t(3),
    updatedAt: t(4),
    lastStageChangeAt: t(4),
    lastStatusChangeAt: t(3),
    ...o,
  };
}

/**
 * A small deterministic business for tests. A second sub-account holds contacts with the same names, so a test
 * can show that they never leak into this one's answers.
 */
export function testSeed(): SimSeed {
  const A = TEST_LOCATION_ID;
  const B = OTHER_LOCATION_ID;
  return {
    locations: [
      {
        id: A,
        companyId: 'CompSim0000000001',
        name: 'Acme Dental',
        timezone: 'America/Chicago',
        country: 'US',
      },
      {
        id: B,
        companyId: 'CompSim0000000001',
        name: 'Other Clinic',
        timezone: 'Europe/London',
        country: 'GB',
      },
    ],
    users: [
      {
        id: 'UsrSimAlex00000001',
        firstName: 'Alex',
        lastName: 'Rivera',
        email: 'alex@acme.test',
        locationIds: [A],
        role: 'admin',
      },
      {
        id: 'UsrSimSam000000002',
        firstName: 'Sam',
        lastName: 'Okafor',
        email: 'sam@acme.test',
        locationIds: [A],
        role: 'user',
      },
      {
        id: 'UsrSimOther0000003',
        firstName: 'Olly',
        lastName: 'Other',
        email: 'olly@other.test',
        locationIds: [B],
        role: 'admin',
      },
    ],
    pipelines: [
      {
        id: 'PipSimSales0000001',
        name: 'Sales',
        locationId: A,
        stages: [
          { id: 'c1a7e3b0-0000-4000-8000-000000000001', name: 'New Lead', position: 0 },
          { id: 'c1a7e3b0-0000-4000-8000-000000000002', name: 'Qualified', position: 1 },
          { id: 'c1a7e3b0-0000-4000-8000-000000000003', name: 'Proposal Sent', position: 2 },
          { id: 'c1a7e3b0-0000-4000-8000-000000000004', name: 'Closed', position: 3 },
        ],
      },
      {
        id: 'PipSimRenew0000002',
        name: 'Renewals',
        locationId: A,
        stages: [
          { id: 'd2b8f4c1-0000-4000-8000-000000000001', name: 'Due', position: 0 },
          { id: 'd2b8f4c1-0000-4000-8000-000000000002', name: 'Contacted', position: 1 },
        ],
      },
      {
        id: 'PipSimOther0000003',
        name: 'Other Sales',
        locationId: B,
        stages: [{ id: 'e3c9a5d2-0000-4000-8000-000000000001', name: 'Other Stage', position: 0 }],
      },
    ],
    contacts: [
      contact(
        'CtcSimJordan000001',
        A,
        {
          firstName: 'Jordan',
          lastName: 'Lee',
          email: 'jordan.lee@example.com',
          phone: '+15551234567',
          companyName: 'Lee Landscaping',
          tags: ['vip', 'spring-promo'],
          assignedTo: 'UsrSimAlex00000001',
        },
        2,
      ),
      contact(
        'CtcSimJordan000002',
        A,
        {
          firstName: 'Jordan',
          lastName: 'Smith',
          email: 'jsmith@example.com',
          phone: '+14155550199',
          companyName: 'Smith & Sons',
          assignedTo: 'UsrSimSam000000002',
        },
        5,
      ),
      contact(
        'CtcSimPriya0000003',
        A,
        {
          firstName: 'Priya',
          lastName: 'Patel',
          email: 'priya@patel-dental.test',
          phone: '+442071234567',
          companyName: 'Patel Dental',
          tags: ['uk'],
        },
        7,
      ),
      contact(
        'CtcSimMaria0000004',
        A,
        {
          firstName: 'María',
          lastName: 'García',
          email: 'maria.garcia@example.com',
          companyName: 'García Bakery',
          assignedTo: 'UsrSimSam000000002',
        },
        9,
      ),
      contact('CtcSimNoName000005', A, { email: 'info@quietco.test', companyName: 'Quiet Co' }, 11),
      contact(
        'CtcSimChris0000006',
        A,
        {
          firstName: 'Chris',
          lastName: "O'Neil",
          email: 'chris@oneil.test',
          phone: '+15557654321',
          assignedTo: 'UsrSimGone00000009',
        },
        12,
      ),
      // Other sub-account: same first name, same email domain, must never show up for location A.
      contact(
        'CtcSimOtherJordan7',
        B,
        {
          firstName: 'Jordan',
          lastName: 'Other',
          email: 'jordan.other@example.com',
          phone: '+15550001111',
          companyName: 'Other Jordan Ltd',
        },
        3,
      ),
      contact(
        'CtcSimOtherLee0008',
        B,
        {
          firstName: 'Jordan',
          lastName: 'Lee',
          email: 'jordan.lee@other.test',
          phone: '+15551234567',
          companyName: 'Lee Elsewhere',
        },
        4,
      ),
    ],
    opportunities: [
      opp('OppSimJordanWeb001', 'CtcSimJordan000001', {
        name: 'Website redesign',
        pipelineId: 'PipSimSales0000001',
        pipelineStageId: 'c1a7e3b0-0000-4000-8000-000000000002',
        monetaryValue: 4200.5,
        assignedTo: 'UsrSimAlex00000001',
      }),
      opp('OppSimJordanSeo002', 'CtcSimJordan000001', {
        name: 'SEO retainer',
        pipelineId: 'PipSimRenew0000002',
        pipelineStageId: 'd2b8f4c1-0000-4000-8000-000000000001',
        monetaryValue: 1200,
      }),
      opp('OppSimJordanOld003', 'CtcSimJordan000001', {
        name: 'Old logo job',
        pipelineId: 'PipSimSales0000001',
        pipelineStageId: 'c1a7e3b0-0000-4000-8000-000000000004',
        monetaryValue: 300,
        status: 'won',
      }),
      opp('OppSimPriya0000004', 'CtcSimPriya0000003', {
        name: 'Clinic fit-out',
        pipelineId: 'PipSimSales0000001',
        pipelineStageId: 'c1a7e3b0-0000-4000-8000-000000000003',
        monetaryValue: 18000,
      }),
      opp(
        'OppSimOther0000005',
        'CtcSimOtherLee0008',
        {
          name: 'Other deal',
          pipelineId: 'PipSimOther0000003',
          pipelineStageId: 'e3c9a5d2-0000-4000-8000-000000000001',
          monetaryValue: 999,
        },
        B,
      ),
    ],
    agents: [
      {
        agentId: TEST_AGENT_ID,
        name: 'Front Desk Assistant',
        description: 'Answers questions about contacts and deals',
        locationId: A,
        status: 'active',
        published: true,
      },
      {
        agentId: 'AgtSimDraft00000002',
        name: 'Draft Agent',
        description: 'Never published',
        locationId: A,
        status: 'active',
        published: false,
      },
      {
        agentId: 'AgtSimOff000000003',
        name: 'Retired Agent',
        description: 'Switched off',
        locationId: A,
        status: 'inactive',
        published: true,
      },
    ],
    notes: [],
    tasks: [],
    tokens: [
      { token: TEST_TOKEN, locationId: A, scopes: BOT_SCOPES },
      { token: OTHER_TOKEN, locationId: B, scopes: BOT_SCOPES },
      { token: LIMITED_TOKEN, locationId: A, scopes: ['users.readonly'] },
    ],
  };
}
