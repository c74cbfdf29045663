import * as vitest from 'vitest';
import { memory } from '../src';
import { describeTransport } from '../src/testing';

describeTransport({ name: 'memory', create: () => memory(), vitest });
