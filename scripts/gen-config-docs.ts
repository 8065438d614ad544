import { writeFileSync } from 'node:fs';
import { renderConfigurationDoc } from '@bmm/config';

writeFileSync(new URL('../docs/configuration.md', import.meta.url), renderConfigurationDoc());
console.log('wrote docs/configuration.md');
