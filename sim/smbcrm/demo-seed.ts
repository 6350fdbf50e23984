import { BOT_SCOPES, TEST_AGENT_ID, TEST_LOCATION_ID, TEST_TOKEN } from './seed.js';
import type { SimContact, SimOpportunity, SimPipeline, SimSeed, SimUser } from './types.js';

/**
 * The demo's business: "Brightside Dental & Wellness", a small clinic group with three staff users, two
 * pipelines and about thirty contacts. Deterministic, so the scripted tour prints the same transcript every time.
 */
const LOC = TEST_LOCATION_ID;
const day = (n: number) => new Date(Date.UTC(2026, 5, 1 + n, 14, 5)).toISOString();

const users: SimUser[] = [
  {
    id: 'UsrDemoMaya0000001',
    firstName: 'Maya',
    lastName: 'Chen',
    email: 'maya@brightside.test',
    locationIds: [LOC],
    role: 'admin',
  },
  {
    id: 'UsrDemoLeo00000002',
    firstName: 'Leo',
    lastName: 'Martins',
    email: 'leo@brightside.test',
    locationIds: [LOC],
    role: 'user',
  },
  {
    id: 'UsrDemoAisha000003',
    firstName: 'Aisha',
    lastName: 'Bello',
    email: 'aisha@brightside.test',
    locationIds: [LOC],
    role: 'user',
  },
];

const stage = (p: string, i: number, name: string) => ({ id: `${p}-stage-${i}`, name, position: i });
const pipelines: SimPipeline[] = [
  {
    id: 'PipDemoNewPatients',
    name: 'New Patients',
    locationId: LOC,
    stages: ['Enquiry', 'Consultation Booked', 'Treatment Plan Sent', 'Accepted'].map((n, i) =>
      stage('a3f1c2d4-0000-4000-8000-np', i, n),
    ),
  },
  {
    id: 'PipDemoCorporate01',
    name: 'Corporate Plans',
    locationId: LOC,
    stages: ['Lead', 'Qualified', 'Proposal Sent', 'Negotiation', 'Signed'].map((n, i) =>
      stage('b4e2d3c5-0000-4000-8000-cp', i, n),
    ),
  },
];

// [first, last, email, phone as the clinic typed it (stored in E.164), company, tags, owner index]
const PEOPLE: [string, string, string, string, string, string[], number][] = [
  ['Jordan', 'Lee', 'jordan.lee@example.com', '+15551234567', 'Lee Landscaping', ['vip'], 0],
  ['Jordan', 'Price', 'jprice@pricefamily.test', '+15552220101', '', ['family-plan'], 1],
  ['Priya', 'Patel', 'priya.patel@example.org', '+442071234567', 'Patel Architects', ['uk', 'referral'], 2],
  ['Marcus', 'Johnson', 'marcus@johnsonlaw.test', '+13125550143', 'Johnson & Webb LLP', ['corporate'], 0],
  ['Sofia', 'Rossi', 'sofia.rossi@example.it', '+390612345678', 'Rossi Imports', [], 1],
  ['Liam', "O'Brien", 'liam.obrien@example.ie', '+35312345678', '', ['invisalign'], 2],
  ['Hannah', 'Schmidt', 'hannah@schmidtbakery.test', '+4930123456', 'Schmidt Bakery', [], 0],
  [
    'Diego',
    'Hernández',
    'diego.hernandez@example.mx',
    '+525512345678',
    'Hernández Logistics',
    ['corporate'],
    1,
  ],
  ['Aiko', 'Tanaka', 'aiko.tanaka@example.jp', '+81312345678', '', ['whitening'], 2],
  ['Grace', 'Okoye', 'grace.okoye@example.com', '+15553330177', 'Okoye Consulting', ['vip', 'referral'], 0],
  ['Noah', 'Williams', 'noah.w@example.com', '+15554440188', '', [], 1],
  ['Emma', 'Brown', 'emma.brown@greenleafschool.test', '+15555550199', 'Greenleaf School', ['corporate'], 2],
  ['Oliver', 'Smith', 'oliver.smith@example.co.uk', '+447700900123', '', ['uk'], 0],
  ['Chloé', 'Dubois', 'chloe.dubois@example.fr', '+33142685300', 'Dubois Design', [], 1],
  ['Ethan', 'Nguyen', 'ethan.nguyen@example.com', '+17135550111', 'Nguyen Family Pharmacy', ['corporate'], 2],
  ['Ava', 'Garcia', 'ava.garcia@example.com', '+12145550122', '', ['invisalign'], 0],
  ['Mateo', 'Silva', 'mateo.silva@example.br', '+5511912345678', '', [], 1],
  ['Zara', 'Khan', 'zara.khan@example.pk', '+923001234567', 'Khan Textiles', [], 2],
  ['Lucas', 'Meyer', 'lucas.meyer@example.de', '+4915112345678', '', ['whitening'], 0],
  ['Isla', 'Campbell', 'isla.campbell@example.scot', '+441312345678', 'Campbell Gym', ['corporate'], 1],
  [
    'Ben',
    'Carter',
    'ben.carter@cartertrucking.test',
    '+16155550133',
    'Carter Trucking',
    ['corporate', 'vip'],
    2,
  ],
  ['Mia', 'Rodriguez', 'mia.r@example.com', '+13055550144', '', [], 0],
  ['Samuel', 'Adeyemi', 'samuel.adeyemi@example.ng', '+2348031234567', '', ['referral'], 1],
  ['Lily', 'Evans', 'lily.evans@example.com', '+15556660155', 'Evans Florist', [], 2],
  ['Jack', 'Thompson', 'jack.t@example.com.au', '+61212345678', '', [], 0],
  ['Nora', 'Johansson', 'nora.johansson@example.se', '+46812345678', 'Johansson Café', [], 1],
  ['Omar', 'Haddad', 'omar.haddad@example.com', '+15557770166', 'Haddad Motors', ['corporate'], 2],
  ['Ruby', 'Walker', 'ruby.walker@example.com', '+15558880177', '', ['family-plan'], 0],
  ['Felix', 'Wagner', 'felix@wagnerit.test', '+436641234567', 'Wagner IT', [], 1],
  ['Sarah', 'Cohen', 'sarah.cohen@example.com', '+15559990188', 'Cohen Real Estate', ['vip'], 2],
];

const contacts: SimContact[] = PEOPLE.map(([firstName, lastName, email, phone, company, tags, owner], i) => ({
  id: `CtcDemo${String(i + 1).padStart(4, '0')}${firstName
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .slice(0, 7)
    .padEnd(7, 'x')}`,
  locationId: LOC,
  firstName,
  lastName,
  email,
  phone,
  ...(company ? { companyName: company } : {}),
  tags,
  assignedTo: users[owner]?.id,
  source: ['Website', 'Referral', 'Google Ads', 'Walk-in'][i % 4],
  type: 'lead',
  dateAdded: day(i * 3),
  dateUpdated: day(i * 3 + 1),
}));

const idOf = (first: string, last: string) =>
  contacts.find((c) => c.firstName === first && c.lastName === last)?.id as string;

// [contact, name, pipeline index, stage index, value, status]
const DEALS: [string, string, string, number, number, number, SimOpportunity['status']][] = [
  ['Jordan', 'Lee', 'Invisalign treatment', 0, 2, 4800, 'open'],
  ['Jordan', 'Lee', 'Lee Landscaping staff plan', 1, 1, 12000, 'open'],
  ['Jordan', 'Price', 'Family check-ups', 0, 1, 650, 'open'],
  ['Priya', 'Patel', 'Crown and bridge', 0, 2, 3200, 'open'],
  ['Marcus', 'Johnson', 'Johnson & Webb wellness plan', 1, 2, 18500, 'open'],
  ['Diego', 'Hernández', 'Hernández Logistics dental cover', 1, 3, 26000, 'open'],
  ['Aiko', 'Tanaka', 'Whitening package', 0, 3, 450, 'won'],
  ['Grace', 'Okoye', 'Veneers (6)', 0, 2, 7200, 'open'],
  ['Emma', 'Brown', 'Greenleaf staff plan', 1, 0, 9000, 'open'],
  ['Ethan', 'Nguyen', 'Pharmacy team plan', 1, 1, 6400, 'open'],
  ['Ava', 'Garcia', 'Invisalign teen', 0, 1, 4200, 'open'],
  ['Isla', 'Campbell', 'Campbell Gym partnership', 1, 2, 5400, 'open'],
  ['Ben', 'Carter', 'Carter Trucking drivers plan', 1, 3, 31000, 'open'],
  ['Ben', 'Carter', 'Executive check-ups', 0, 0, 1800, 'open'],
  ['Omar', 'Haddad', 'Haddad Motors plan', 1, 0, 7800, 'open'],
  ['Ruby', 'Walker', 'Family check-ups', 0, 0, 500, 'open'],
  ['Sarah', 'Cohen', 'Implant consultation', 0, 1, 5500, 'open'],
  ['Lucas', 'Meyer', 'Whitening package', 0, 3, 450, 'lost'],
  ['Felix', 'Wagner', 'Wagner IT team plan', 1, 4, 8800, 'won'],
  ['Hannah', 'Schmidt', 'Schmidt Bakery staff plan', 1, 0, 3600, 'open'],
];

const opportunities: SimOpportunity[] = DEALS.map(([first, last, name, p, s, value, status], i) => {
  const pipeline = pipelines[p] as SimPipeline;
  return {
    id: `OppDemo${String(i + 1).padStart(4, '0')}`,
    name,
    locationId: LOC,
    contactId: idOf(first, last),
    pipelineId: pipeline.id,
    pipelineStageId: pipeline.stages[s]?.id as string,
    status,
    monetaryValue: value,
    assignedTo: users[i % users.length]?.id,
    source: 'Website',
    createdAt: day(30 + i),
    updatedAt: day(40 + i),
    lastStageChangeAt: day(40 + i),
    lastStatusChangeAt: day(30 + i),
  };
});

export function demoSeed(): SimSeed {
  return {
    locations: [
      {
        id: LOC,
        companyId: 'CompDemo000000001',
        name: 'Brightside Dental & Wellness',
        timezone: 'America/Chicago',
        country: 'US',
      },
    ],
    users: structuredClone(users),
    pipelines: structuredClone(pipelines),
    contacts: structuredClone(contacts),
    opportunities: structuredClone(opportunities),
    tokens: [{ token: TEST_TOKEN, locationId: LOC, scopes: BOT_SCOPES }],
    notes: [],
    tasks: [],
    agents: [
      {
        agentId: TEST_AGENT_ID,
        name: 'Brightside Front Desk',
        description: 'Knows the clinic’s patients, plans and pipeline',
        locationId: LOC,
        status: 'active',
        published: true,
      },
    ],
  };
}
