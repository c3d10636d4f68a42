import { describe } from 'vitest';
import { scenarioTests } from './lib/scenario-test.js';

describe('fault scenarios: a chat process crashes or is stopped', async () => {
  await scenarioTests(['kill9-postgres', 'kill9-pglite', 'sigterm']);
});
