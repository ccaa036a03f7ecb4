/** The sender corpus, second half (see senderCorpusSuite.ts). */
import { senderCorpusSuite } from './senderCorpusSuite.js';

senderCorpusSuite(2);
