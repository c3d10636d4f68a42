import { describe } from 'vitest';
import { scenarioTests } from './lib/scenario-test.js';

describe('fault scenarios: several processes, nginx, churn and slow clients', async () => {
  await scenarioTests(['nginx-failover', 'churn', 'slow-consumer']);
});
