/** The sender corpus, first half (see senderCorpusSuite.ts). */
import { senderCorpusSuite } from './senderCorpusSuite.js';

senderCorpusSuite(1);
