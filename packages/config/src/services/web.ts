import { z } from 'zod';
import { httpUrl, listen, publicUrls } from '../common.js';

export const webConfigSchema = z.object({
  ...listen(3000),
  ...publicUrls,
  API_INTERNAL_URL: httpUrl.optional().describe('Where the web server reaches the API; defaults to API_URL.'),
  OAUTH_INTERNAL_URL: httpUrl
    .optional()
    .describe(
      "Where oauth-as is reached inside the network (origin only): the web's proxy, the api's status history; defaults to the origin of OAUTH_ISSUER.",
    ),
});
export type WebConfig = z.infer<typeof webConfigSchema>;
