import { describe } from 'vitest';
import { scenarioTests } from './lib/scenario-test.js';

describe('fault scenarios: PostgreSQL or Redis goes away', async () => {
  await scenarioTests(['postgres-stop', 'postgres-terminate', 'redis-outage']);
});
