/** check-sender against defective senders, first half of the cases (see checkSenderDefectsSuite.ts). */
import { defectSuite } from './checkSenderDefectsSuite.js';

defectSuite(1);
