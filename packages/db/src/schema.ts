import type { ConnectorTables } from './tables/connectors.js';
import type { ControlPlaneTables } from './tables/control-plane.js';
import type { OAuthTables } from './tables/oauth.js';
import type { StatusTables } from './tables/status.js';
import type { UpstreamTables } from './tables/upstream.js';

/** Every table of the one shared Postgres database. The migrations are the truth; this mirrors them. */
export interface Database
  extends ControlPlaneTables,
    OAuthTables,
    UpstreamTables,
    ConnectorTables,
    StatusTables {}
