-- CreateIndex
CREATE INDEX "Event_eventTime_idx" ON "Event"("eventTime");
