-- An access report an official issues answers the data subject's ACCESS request (GDPR art. 15(3)): it names the
-- request, and a request gets one report. The customer's own report names none. Found by an outsider: any official
-- of the area issued reports with no request behind them, each counted in the year's reports, so that the
-- customer's own first report of the year could already be chargeable.
ALTER TABLE "AccessReportIssue" ADD COLUMN "requestId" TEXT;
CREATE UNIQUE INDEX "AccessReportIssue_requestId_key" ON "AccessReportIssue"("requestId");
