import type { ScenarioReport } from '../lib/report.js';
import type { Need } from '../lib/requirements.js';
import type { Scale } from '../lib/scale.js';
import { churnScenario } from './churn.js';
import { killNine } from './kill-nine.js';
import { nginxFailover } from './nginx-failover.js';
import { postgresOutage } from './postgres-outage.js';
import { redisOutage } from './redis-outage.js';
import { sigtermScenario } from './sigterm.js';
import { slowConsumer } from './slow-consumer.js';

export interface Scenario {
  id: string;
  needs: Need[];
  run(scale: Scale): Promise<ScenarioReport>;
}

/** Every process-level fault scenario of issue 13, in the order the table lists them. */
export const SCENARIOS: Scenario[] = [
  { id: 'kill9-postgres', needs: ['shared-postgres'], run: (scale) => killNine('postgres', scale) },
  { id: 'kill9-pglite', needs: [], run: (scale) => killNine('pglite', scale) },
  { id: 'postgres-stop', needs: ['postgres-binaries'], run: (scale) => postgresOutage('stop', scale) },
  { id: 'postgres-terminate', needs: ['postgres-binaries'], run: (scale) => postgresOutage('terminate', scale) },
  { id: 'redis-outage', needs: ['shared-postgres', 'redis-server'], run: redisOutage },
  { id: 'nginx-failover', needs: ['shared-postgres', 'shared-redis', 'nginx'], run: nginxFailover },
  { id: 'churn', needs: ['shared-postgres', 'shared-redis'], run: churnScenario },
  { id: 'sigterm', needs: ['shared-postgres'], run: sigtermScenario },
  { id: 'slow-consumer', needs: ['shared-postgres', 'ss'], run: slowConsumer },
];
