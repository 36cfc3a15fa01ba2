import { loadConfig } from '@chorus/config';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** The DataSource the TypeORM CLI uses (`npm run migration:run`). */
export default new DataSource(dataSourceOptions(loadConfig().postgres));
