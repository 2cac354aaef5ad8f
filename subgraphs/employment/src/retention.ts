// The employment authority's retention (seed 004 § 10.6; 916/2012 ch. 13 § 4; shared/src/law/retention.ts): ten
// years from the end of the customer relationship as this register records it: the end of the job search, or of
// the joint customership its final report names, whichever is later; open while a job search has no end. A
// person whose identification the joint register handed over (RetainedIdentity) and whose end this register
// does not record counts from the joint customership's end. The run itself is shared/src/retention/run.ts.
import { join } from 'node:path';
import type { RegisterRetention } from '@cg/shared/src/retention/run';

export const employmentRetention: RegisterRetention = {
  register: 'EMPLOYMENT',
  schemaPath: join(__dirname, '..', 'prisma', 'schema.prisma'),
  keep: ['AccessLogEntry', 'DeletionRecord', 'IdempotencyRecord', 'StatisticsSnapshot'],
  relationships: `
    SELECT p."customerId",
      (js."customerId" IS NOT NULL AND js."jobSearchEndedOn" IS NULL) AS "open",
      COALESCE(GREATEST(js."jobSearchEndedOn", fr."ended"), ri."jointCustomershipEndedOn")::text AS "endedOn"
    FROM (SELECT "customerId" FROM "JobSeeker" UNION SELECT "customerId" FROM "FinalReport" UNION SELECT "customerId" FROM "RetainedIdentity") p
    LEFT JOIN "JobSeeker" js ON js."customerId" = p."customerId"
    LEFT JOIN (SELECT "customerId", max("customershipEndedOn") AS "ended" FROM "FinalReport" GROUP BY "customerId") fr ON fr."customerId" = p."customerId"
    LEFT JOIN "RetainedIdentity" ri ON ri."customerId" = p."customerId"`,
};
