import { memoryStore } from '@ddex/catalog-store';
import { describeCatalogStore } from '@ddex/catalog-store/testing';
import * as vitest from 'vitest';

describeCatalogStore({ name: 'memory', vitest, create: ({ clock }) => memoryStore({ clock }) });
