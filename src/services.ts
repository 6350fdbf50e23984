import type { Dispatcher } from 'undici';
import { createLookupService, type LookupService } from '../services/lookup/service.js';
import { createSmbcrmClient, type SmbcrmClient } from '../services/smbcrm/client.js';
import { createJsonCache } from '../services/store/cache.js';
import type { Redis } from '../services/store/redis.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

/** Everything listeners call, built once per app instance from its dependencies. */
export interface AppServices {
  config: Config;
  logger: Logger;
  smbcrm: SmbcrmClient;
  lookup: LookupService;
}

export function createServices(deps: {
  config: Config;
  logger: Logger;
  redis: Redis;
  dispatcher?: Dispatcher;
}): AppServices {
  const { config, logger, redis } = deps;
  const smbcrm = createSmbcrmClient({
    baseUrl: config.smbcrm.baseUrl,
    token: config.smbcrm.token,
    locationId: config.smbcrm.locationId,
    timeoutMs: config.smbcrm.timeoutMs,
    maxRetries: config.smbcrm.maxRetries,
    dispatcher: deps.dispatcher,
    logger,
  });
  const cache = createJsonCache({ redis, prefix: `${config.redis.keyPrefix}cache:`, logger });
  const lookup = createLookupService({
    smbcrm,
    cache,
    cacheTtlSeconds: config.smbcrm.cacheTtlSeconds,
    logger,
  });
  return { config, logger, smbcrm, lookup };
}
